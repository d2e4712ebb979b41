"""Programme targets: what the gap analysis checks against.

The defaults come from the 2024 implementation plan (see the data contract).
A dataset may carry a ``targets.toml`` that overrides some of them; the store
does not keep the targets, so the CLI takes ``--targets FILE`` and uses the
defaults when it is not given.

Example ``targets.toml`` (every key optional; unknown keys are an error)::

    forces_required = ["provincial_department", "east_west", "paired_assistance",
                       "provincial_soe", "central_soe"]
    trainees_per_county_year = 500
    key_projects_per_department_year = [1, 2]
    key_industries_per_soe = [1, 2]
    cadres_trained_per_year = 100
    soe_agreement_required = true
    project_terms_required = ["long", "medium", "short"]
    min_brands_per_county = 1
    livelihood_subcategories_required = ["geological_disaster", "dilapidated_housing",
                                         "water_supply"]
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .schema import FORCES

TERMS: tuple[str, ...] = ("long", "medium", "short")
TARGETS_FILE = "targets.toml"


@dataclass(frozen=True)
class Targets:
    """Programme targets (defaults: the 2024 implementation plan).

    Attributes
    ----------
    forces_required : tuple of str
        Forces that must each have a provider paired with every county.
    trainees_per_county_year : int
        Trainees per county and year, all providers together (``>=``).
    key_projects_per_department_year : tuple of (int, int)
        Inclusive range of key-support projects each provincial department funds a year.
    key_industries_per_soe : tuple of (int, int)
        Inclusive range of distinct industries each SOE helps cultivate.
    cadres_trained_per_year : int
        ``from_county`` cadres trained a year, all counties together (``>=``).
    soe_agreement_required : bool
        Whether an SOE paired with a county must have signed an agreement with it.
    project_terms_required : tuple of str
        Project terms every county must have at least one project of.
    min_brands_per_county : int
        Brands that must list each county.
    livelihood_subcategories_required : tuple of str
        Livelihood project subcategories every county must have.

    Examples
    --------
    >>> Targets().trainees_per_county_year
    500
    >>> Targets.from_dict({"key_industries_per_soe": [1, 3]}).key_industries_per_soe
    (1, 3)
    """

    forces_required: tuple[str, ...] = FORCES
    trainees_per_county_year: int = 500
    key_projects_per_department_year: tuple[int, int] = (1, 2)
    key_industries_per_soe: tuple[int, int] = (1, 2)
    cadres_trained_per_year: int = 100
    soe_agreement_required: bool = True
    project_terms_required: tuple[str, ...] = TERMS
    min_brands_per_county: int = 1
    livelihood_subcategories_required: tuple[str, ...] = (
        "geological_disaster",
        "dilapidated_housing",
        "water_supply",
    )

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, source: str = "targets") -> Targets:
        """Targets from a mapping (as read from TOML); missing keys keep their defaults.

        Raises
        ------
        ConfigError
            On an unknown key, a value of the wrong type or out of range.
        """
        known = [f.name for f in fields(cls)]
        unknown = sorted(set(data) - set(known))
        if unknown:
            msg = (
                f"{source}: unknown key{'s' if len(unknown) > 1 else ''} "
                f"{', '.join(map(repr, unknown))}; known keys: {', '.join(known)}"
            )
            raise ConfigError(msg)
        values: dict[str, Any] = {}
        for key, value in data.items():
            values[key] = _CHECKS[key](f"{source}: {key}", value)
        return cls(**values)

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
            msg = f"cannot read targets file {p}: {e.strerror or e}"
            raise ConfigError(msg) from e
        except tomllib.TOMLDecodeError as e:
            msg = f"{p}: not valid TOML: {e}"
            raise ConfigError(msg) from e
        return cls.from_dict(data, source=str(p))

    def to_dict(self) -> dict[str, Any]:
        """The targets as plain JSON-friendly data (tuples as lists)."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}


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
        msg = f"{where} must be a whole number, got {value!r}"
        raise ConfigError(msg)
    if value < 0:
        msg = f"{where} must be ≥ 0, got {value}"
        raise ConfigError(msg)
    return value


def _range(where: str, value: Any) -> tuple[int, int]:
    if not isinstance(value, list | tuple) or len(value) != 2:
        msg = f"{where} must be a list [min, max] of two whole numbers, got {value!r}"
        raise ConfigError(msg)
    lo, hi = (_count(where, v) for v in value)
    if lo > hi:
        msg = f"{where}: min {lo} is greater than max {hi}"
        raise ConfigError(msg)
    return (lo, hi)


def _flag(where: str, value: Any) -> bool:
    if not isinstance(value, bool):
        msg = f"{where} must be true or false, got {value!r}"
        raise ConfigError(msg)
    return value


def _names(allowed: tuple[str, ...] | None) -> Any:
    def check(where: str, value: Any) -> tuple[str, ...]:
        if not isinstance(value, list | tuple) or not all(
            isinstance(v, str) and v.strip() for v in value
        ):
            msg = f"{where} must be a list of names, got {value!r}"
            raise ConfigError(msg)
        if allowed is not None:
            bad = [v for v in value if v not in allowed]
            if bad:
                msg = f"{where}: {', '.join(map(repr, bad))} not one of {', '.join(allowed)}"
                raise ConfigError(msg)
        return tuple(dict.fromkeys(value))

    return check


_CHECKS: dict[str, Any] = {
    "forces_required": _names(FORCES),
    "trainees_per_county_year": _count,
    "key_projects_per_department_year": _range,
    "key_industries_per_soe": _range,
    "cadres_trained_per_year": _count,
    "soe_agreement_required": _flag,
    "project_terms_required": _names(TERMS),
    "min_brands_per_county": _count,
    "livelihood_subcategories_required": _names(None),
}
