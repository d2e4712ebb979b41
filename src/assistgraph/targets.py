"""Programme targets: what the gap analysis checks against.

The defaults come from the 2024 implementation plan (see the data contract).
A dataset may carry a ``targets.toml`` that overrides some of them; the store
does not keep the targets, so the CLI takes ``--targets FILE`` and uses the
defaults when it is not given.

Example ``targets.toml`` (every key optional; unknown keys are an error)::

    forces_required = ["provincial_department", "east_west", "paired_assistance",
                       "provincial_soe", "central_soe"]
    trainees_per_county_year = 500
    training_rule = "mean"               # or "each_year"
    key_projects_per_department_year = [1, 2]
    key_industries_per_soe_county = [1, 2]   # v1 name key_industries_per_soe still read
    soe_annual_funding = true
    central_soes_per_county = 1
    local_soes_per_county = 1
    soes_total = 78
    cadres_trained_per_year = 100
    soe_agreement_required = true
    project_terms_required = ["long", "medium", "short"]
    min_brands_per_county = 1
    livelihood_subcategories_required = ["geological_disaster", "dilapidated_housing",
                                         "water_supply", "collective_economy"]
    employment_support_required = true

    [scorecard]                      # the assessment scorecard (see ScorecardConfig)
    key_projects_per_county_year = 1
    funds_per_capita_cny = 300
    cadres_per_county_year = 10
    target_year = 2027               # optional: the year the targets are to be reached

    [scorecard.weights]              # county indicators; each defaults to 1
    forces = 2
    trainees = 1

    [scorecard.provider_weights]     # provider indicators; each defaults to 1
    agreements = 1
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .i18n import _, ngettext
from .schema import FORCES

__all__ = [
    "SCORECARD_COUNTY_INDICATORS",
    "SCORECARD_PROVIDER_INDICATORS",
    "TARGETS_FILE",
    "TERMS",
    "TRAINING_RULES",
    "V1_KEY",
    "ScorecardConfig",
    "Targets",
    "load_targets",
]


TERMS: tuple[str, ...] = ("long", "medium", "short")
TARGETS_FILE = "targets.toml"
TRAINING_RULES: tuple[str, ...] = ("mean", "each_year")
#: The v1 name of ``key_industries_per_soe_county``, still read (giving both is an error).
V1_KEY = "key_industries_per_soe"

#: County indicators of the scorecard (keys of ``[scorecard.weights]``), in display order.
SCORECARD_COUNTY_INDICATORS: tuple[str, ...] = (
    "forces",
    "trainees",
    "key_projects",
    "funds_per_capita",
    "soe_agreements",
    "key_industries",
    "soe_funding",
    "brands",
    "livelihood",
    "project_terms",
    "employment",
    "tasks_on_time",
    "cadres",
)
#: Provider indicators of the scorecard (keys of ``[scorecard.provider_weights]``).
SCORECARD_PROVIDER_INDICATORS: tuple[str, ...] = (
    "agreements",
    "funding",
    "training",
    "tasks_on_time",
    "spread",
)


def _default_weights(names: tuple[str, ...]) -> tuple[tuple[str, float], ...]:
    return tuple((n, 1.0) for n in names)


def _refuse_unknown_keys(cls: type, data: Mapping[str, Any], source: str) -> None:
    """Raise :class:`ConfigError` naming every key of ``data`` that ``cls`` has no field for."""
    known = [f.name for f in fields(cls)]
    unknown = sorted(set(data) - set(known))
    if unknown:
        msg = ngettext(
            "{source}: unknown key {keys}; known keys: {known}",
            "{source}: unknown keys {keys}; known keys: {known}",
            len(unknown),
            source=source,
            keys=", ".join(map(repr, unknown)),
            known=", ".join(known),
        )
        raise ConfigError(msg)


@dataclass(frozen=True)
class ScorecardConfig:
    """Weights and thresholds of the assessment scorecard (``[scorecard]`` in TOML).

    The thresholds below are conventions of this tool, not figures of the plan;
    the other targets (trainees, forces, terms, subcategories, brands, SOE
    agreements) are the programme targets of :class:`Targets`.

    Attributes
    ----------
    weights : tuple of (str, float)
        Weight of each county indicator (:data:`SCORECARD_COUNTY_INDICATORS`),
        default 1 each; ``[scorecard.weights]`` overrides some of them. A weight
        is a number ≥ 0 (0 leaves the indicator out of the score); not all may be 0.
    provider_weights : tuple of (str, float)
        Weight of each provider indicator (:data:`SCORECARD_PROVIDER_INDICATORS`),
        default 1 each (``[scorecard.provider_weights]``).
    key_projects_per_county_year : int
        Key-support projects a county should have funded each year (default 1,
        the lower end of a provincial department's 1–2 key projects a year).
    funds_per_capita_cny : float
        Yuan of assistance funding per resident and year that scores 1 (default 300).
    cadres_per_county_year : int
        Cadres exchanged (both directions) per county and year that score 1
        (default 10).
    target_year : int or None
        The year by which every county should score 100 (the pace of progress);
        ``None`` (default): no pace unless ``--target-year`` is given.

    Examples
    --------
    >>> sc = ScorecardConfig.from_dict({"weights": {"forces": 2}})
    >>> sc.weights_for("county")["forces"], sc.weights_for("county")["trainees"]
    (2.0, 1.0)
    """

    weights: tuple[tuple[str, float], ...] = _default_weights(SCORECARD_COUNTY_INDICATORS)
    provider_weights: tuple[tuple[str, float], ...] = _default_weights(
        SCORECARD_PROVIDER_INDICATORS
    )
    key_projects_per_county_year: int = 1
    funds_per_capita_cny: float = 300.0
    cadres_per_county_year: int = 10
    target_year: int | None = None

    def weights_for(self, by: str) -> dict[str, float]:
        """The weights of the ``"county"`` or ``"provider"`` indicators, as a dict."""
        return dict(self.provider_weights if by == "provider" else self.weights)

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, source: str = "scorecard") -> ScorecardConfig:
        """A scorecard configuration from a mapping; missing keys keep their defaults.

        Raises
        ------
        ConfigError
            On an unknown key or indicator, a value of the wrong type or out of range.
        """
        _refuse_unknown_keys(cls, data, source)
        values: dict[str, Any] = {}
        for key, value in data.items():
            where = f"{source}.{key}"
            if key == "weights":
                values[key] = _weights(where, value, SCORECARD_COUNTY_INDICATORS)
            elif key == "provider_weights":
                values[key] = _weights(where, value, SCORECARD_PROVIDER_INDICATORS)
            elif key == "funds_per_capita_cny":
                values[key] = float(_number(where, value))
            elif key == "target_year":
                values[key] = _year(where, value)
            else:
                values[key] = _count(where, value)
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        """The configuration as plain JSON-friendly data (weights as tables)."""
        out = asdict(self)
        out["weights"] = dict(self.weights)
        out["provider_weights"] = dict(self.provider_weights)
        return out


@dataclass(frozen=True)
class Targets:
    """Programme targets (defaults: the 2024 implementation plan).

    Attributes
    ----------
    forces_required : tuple of str
        Forces that must each have a provider paired with every county.
    trainees_per_county_year : int
        Trainees per county and year, all providers together (``>=``).
    training_rule : {"mean", "each_year"}
        ``mean``: a county's trainees averaged over the years in scope must reach
        the target ("per year on average"); ``each_year``: every year must (v1).
    key_projects_per_department_year : tuple of (int, int)
        Inclusive range of key-support projects each lead provincial department
        funds a year in each county it is paired with.
    key_industries_per_soe_county : tuple of (int, int)
        Inclusive range of the county's key/characteristic industries each SOE
        helps cultivate in each county it is paired with (v1 key:
        ``key_industries_per_soe``).
    soe_annual_funding : bool
        Whether a paired SOE must fund a project in the county every year.
    central_soes_per_county, local_soes_per_county : int
        The "1+1帮1" structure: at most this many central (local) SOEs per county.
    soes_total : int
        The plan's roster of SOEs with a current pairing (78).
    cadres_trained_per_year : int
        ``from_county`` cadres trained a year, all counties together (``>=``).
    soe_agreement_required : bool
        Whether an SOE paired with a county must have signed an agreement with it.
    project_terms_required : tuple of str
        Project terms every county must have at least one project of.
    min_brands_per_county : int
        Brands that must list each county and be promoted by a provider paired with it.
    livelihood_subcategories_required : tuple of str
        Livelihood project subcategories every county must have.
    employment_support_required : bool
        Whether every county needs a workshop or an ``employment`` project.
    scorecard : ScorecardConfig
        Weights and thresholds of the assessment scorecard (``[scorecard]``).

    Examples
    --------
    >>> Targets().trainees_per_county_year
    500
    >>> Targets.from_dict({"key_industries_per_soe": [1, 3]}).key_industries_per_soe_county
    (1, 3)
    """

    forces_required: tuple[str, ...] = FORCES
    trainees_per_county_year: int = 500
    training_rule: str = "mean"
    key_projects_per_department_year: tuple[int, int] = (1, 2)
    key_industries_per_soe_county: tuple[int, int] = (1, 2)
    soe_annual_funding: bool = True
    central_soes_per_county: int = 1
    local_soes_per_county: int = 1
    soes_total: int = 78
    cadres_trained_per_year: int = 100
    soe_agreement_required: bool = True
    project_terms_required: tuple[str, ...] = TERMS
    min_brands_per_county: int = 1
    livelihood_subcategories_required: tuple[str, ...] = (
        "geological_disaster",
        "dilapidated_housing",
        "water_supply",
        "collective_economy",
    )
    employment_support_required: bool = True
    scorecard: ScorecardConfig = field(default_factory=ScorecardConfig)

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, source: str = "targets") -> Targets:
        """Targets from a mapping (as read from TOML); missing keys keep their defaults.

        Raises
        ------
        ConfigError
            On an unknown key, a value of the wrong type or out of range.
        """
        data = dict(data)
        if V1_KEY in data:  # the v1 name of key_industries_per_soe_county
            if "key_industries_per_soe_county" in data:
                msg = _(
                    "{source}: both {v1!r} (v1) and 'key_industries_per_soe_county' "
                    "are given; keep key_industries_per_soe_county",
                    source=source,
                    v1=V1_KEY,
                )
                raise ConfigError(msg)
            data["key_industries_per_soe_county"] = data.pop(V1_KEY)
        _refuse_unknown_keys(cls, data, source)
        values: dict[str, Any] = {}
        for key, value in data.items():
            values[key] = _CHECKS[key](f"{source}: {key}", value)
        return cls(**values)

    @property
    def key_industries_per_soe(self) -> tuple[int, int]:
        """The v1 name of :attr:`key_industries_per_soe_county`."""
        return self.key_industries_per_soe_county

    @classmethod
    def from_toml(cls, path: str | Path) -> Targets:
        """Read targets from a TOML file.

        Raises
        ------
        ConfigError
            If the file cannot be read or parsed, or a value is not valid.
        """
        p = Path(path)
        try:
            with p.open("rb") as fh:
                data = tomllib.load(fh)
        except OSError as e:
            msg = _("cannot read targets file {path}: {error}", path=p, error=e.strerror or e)
            raise ConfigError(msg) from e
        except tomllib.TOMLDecodeError as e:
            msg = _("{path}: not valid TOML: {error}", path=p, error=e)
            raise ConfigError(msg) from e
        return cls.from_dict(data, source=str(p))

    def to_dict(self) -> dict[str, Any]:
        """The targets as plain JSON-friendly data (tuples as lists)."""
        out = {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}
        out["scorecard"] = self.scorecard.to_dict()
        return out


def load_targets(dataset_dir: str | Path | None) -> Targets:
    """The targets of a dataset: its ``targets.toml`` if present, else the defaults.

    Parameters
    ----------
    dataset_dir : path or None
        A dataset folder (an ``.xlsx`` workbook's folder is not searched), or
        ``None`` for the defaults.

    Examples
    --------
    >>> load_targets(None) == Targets()
    True
    """
    if dataset_dir is None:
        return Targets()
    path = Path(dataset_dir)
    if path.is_dir() and (path / TARGETS_FILE).is_file():
        return Targets.from_toml(path / TARGETS_FILE)
    return Targets()


# -- value checks -------------------------------------------------------------


def _count(where: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        msg = _("{where} must be a whole number, got {value!r}", where=where, value=value)
        raise ConfigError(msg)
    if value < 0:
        msg = _("{where} must be ≥ 0, got {value}", where=where, value=value)
        raise ConfigError(msg)
    return value


def _range(where: str, value: Any) -> tuple[int, int]:
    if not isinstance(value, list | tuple) or len(value) != 2:
        msg = _(
            "{where} must be a list [min, max] of two whole numbers, got {value!r}",
            where=where,
            value=value,
        )
        raise ConfigError(msg)
    lo, hi = (_count(where, v) for v in value)
    if lo > hi:
        msg = _("{where}: min {lo} is greater than max {hi}", where=where, lo=lo, hi=hi)
        raise ConfigError(msg)
    return (lo, hi)


def _flag(where: str, value: Any) -> bool:
    if not isinstance(value, bool):
        msg = _("{where} must be true or false, got {value!r}", where=where, value=value)
        raise ConfigError(msg)
    return value


def _names(allowed: tuple[str, ...] | None) -> Any:
    def check(where: str, value: Any) -> tuple[str, ...]:
        if not isinstance(value, list | tuple) or not all(
            isinstance(v, str) and v.strip() for v in value
        ):
            msg = _("{where} must be a list of names, got {value!r}", where=where, value=value)
            raise ConfigError(msg)
        if allowed is not None:
            bad = [v for v in value if v not in allowed]
            if bad:
                msg = _(
                    "{where}: {bad} not one of {allowed}",
                    where=where,
                    bad=", ".join(map(repr, bad)),
                    allowed=", ".join(allowed),
                )
                raise ConfigError(msg)
        return tuple(dict.fromkeys(value))

    return check


def _number(where: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        msg = _("{where} must be a number, got {value!r}", where=where, value=value)
        raise ConfigError(msg)
    if value < 0 or value == float("inf"):
        msg = _("{where} must be a finite number ≥ 0, got {value}", where=where, value=value)
        raise ConfigError(msg)
    return value


def _year(where: str, value: Any) -> int:
    year = _count(where, value)
    if not 1900 <= year <= 2999:
        msg = _("{where} must be a year between 1900 and 2999, got {year}", where=where, year=year)
        raise ConfigError(msg)
    return year


def _weights(where: str, value: Any, names: tuple[str, ...]) -> tuple[tuple[str, float], ...]:
    if not isinstance(value, dict):
        msg = _(
            "{where} must be a table of indicator = weight, got {value!r}", where=where, value=value
        )
        raise ConfigError(msg)
    unknown = sorted(set(value) - set(names))
    if unknown:
        msg = ngettext(
            "{where}: unknown indicator {bad}; indicators: {names}",
            "{where}: unknown indicators {bad}; indicators: {names}",
            len(unknown),
            where=where,
            bad=", ".join(map(repr, unknown)),
            names=", ".join(names),
        )
        raise ConfigError(msg)
    merged = dict.fromkeys(names, 1.0)
    for name, weight in value.items():
        merged[name] = float(_number(f"{where}.{name}", weight))
    if not any(merged.values()):
        msg = _("{where}: the weights must not all be 0", where=where)
        raise ConfigError(msg)
    return tuple(merged.items())


def _scorecard(where: str, value: Any) -> ScorecardConfig:
    if not isinstance(value, dict):
        msg = _("{where} must be a table ([scorecard]), got {value!r}", where=where, value=value)
        raise ConfigError(msg)
    return ScorecardConfig.from_dict(value, source=where)


def _choice(allowed: tuple[str, ...]) -> Any:
    def check(where: str, value: Any) -> str:
        if value not in allowed:
            msg = _(
                "{where} must be one of {allowed}, got {value!r}",
                where=where,
                allowed=", ".join(map(repr, allowed)),
                value=value,
            )
            raise ConfigError(msg)
        return str(value)

    return check


_CHECKS: dict[str, Any] = {
    "forces_required": _names(FORCES),
    "trainees_per_county_year": _count,
    "training_rule": _choice(TRAINING_RULES),
    "key_projects_per_department_year": _range,
    "key_industries_per_soe_county": _range,
    "soe_annual_funding": _flag,
    "central_soes_per_county": _count,
    "local_soes_per_county": _count,
    "soes_total": _count,
    "cadres_trained_per_year": _count,
    "soe_agreement_required": _flag,
    "project_terms_required": _names(TERMS),
    "min_brands_per_county": _count,
    "livelihood_subcategories_required": _names(None),
    "employment_support_required": _flag,
    "scorecard": _scorecard,
}
