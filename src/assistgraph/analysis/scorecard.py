r"""Assessment scorecard: one configurable standard for assistance effectiveness.

Every county (and every provider) gets, for each year, a set of *indicators*,
each a figure (``raw``) set against a ``target`` and turned into a ``score``
between 0 and 1, and an overall **score from 0 to 100**: the weighted mean of
the indicator scores,

.. math:: S = 100\cdot\frac{\sum_i w_i s_i}{\sum_i w_i}

over the indicators that apply (``score`` not ``None``) and have a weight
:math:`w_i > 0`. Each indicator's ``points`` :math:`= 100\,w_i s_i / \sum w`
are its share of the score (the points add up to the score: ``--explain``).
The weights and the thresholds are the ``[scorecard]`` table of the targets
(:class:`~assistgraph.targets.ScorecardConfig`; every weight defaults to 1);
the other targets are the programme targets (:class:`~assistgraph.targets.Targets`).

Two kinds of indicator: a **share** ``raw / target`` (``None``, "not
applicable", when the target is 0: there is nothing to share), and a
**quantity** against a threshold, ``min(1, raw / target)`` (1 when the target
is 0). All arithmetic is exact (fractions); output is rounded to 6 decimals.

What "in year Y" means
----------------------
Training, cadres and funding carry a year: only year Y's rows count. The other
facts have a date, a start or none; each counts in year Y as follows:

* a pairing from its ``since`` year to its ``until`` year (open-ended without them);
* an agreement from its ``signed_on`` date on (signed on or before 31 Dec Y);
* an industry support from its ``since`` year on (every year if none);
* a project from its ``start_year`` on (every year if none), whatever its status;
* a brand, a county's key industries and its population: every year (undated);
* a task in the year of its ``due`` date. A task with a ``closed_on`` after its
  ``due`` date was closed out late (whatever its status, as ``late_closeout``);
  otherwise one that is ``done``/``closed`` counts as closed on time, one that is
  ``open`` and due before ``as_of`` as overdue, and an ``open`` task not yet due
  (due on or after ``as_of``) is not judged.

County indicators
-----------------
Each is ``raw`` against ``target`` (in brackets: the target; "share" or
"quantity"; when it is n/a):

* ``forces``: required forces with a provider paired with the county
  [``len(forces_required)``; share].
* ``trainees``: with ``training_rule = "mean"`` (the plan's "per year on average"),
  the county's trainees averaged over the training years up to Y (a year without
  rows counts 0), as the gap rule does; with ``each_year``, the trainees in Y
  [``trainees_per_county_year``; quantity].
* ``key_projects``: distinct ``key_support`` projects in the county with a
  ``FUNDS`` relationship in Y [``key_projects_per_county_year``, default 1; quantity].
* ``funds_per_capita``: yuan funded in Y to the county's projects ÷ its
  population [``funds_per_capita_cny``, default 300; quantity; n/a without a
  population]; ``funds_cny`` and ``population`` beside.
* ``soe_agreements``: paired SOEs (provincial and central) with an agreement
  with the county [paired SOEs; share; n/a with none, or when
  ``soe_agreement_required`` is false].
* ``key_industries``: paired SOEs that support, in the county, a number of its
  ``key``/``characteristic`` industries within ``key_industries_per_soe_county``
  (the ``soe_key_industries`` rule) [paired SOEs; share; n/a with none].
* ``soe_funding``: paired SOEs due to fund the county in Y (Y is a funding year, not
  before the year of their agreement, else of their pairing's ``since``) that fund a
  project in it in Y (the ``soe_annual_funding`` rule) [SOEs due; share; n/a with
  none, or when ``soe_annual_funding`` is false].
* ``brands``: brands that list the county and are promoted by a provider paired
  with it [``min_brands_per_county``; quantity].
* ``livelihood``: required subcategories with a ``livelihood`` project of that
  subcategory in the county [``len(livelihood_subcategories_required)``; share].
* ``project_terms``: required terms with a project of that term in the county
  [``len(project_terms_required)``; share].
* ``employment``: 1 if the county has a workshop or an ``employment`` project
  (the ``missing_employment_support`` rule) [1; share; n/a when
  ``employment_support_required`` is false].
* ``tasks_on_time``: the county's tasks due in Y that are closed on time [closed +
  closed late + overdue; share; n/a with none]; ``overdue`` beside.
* ``cadres``: cadres exchanged in Y, both directions, all providers
  [``cadres_per_county_year``, default 10; quantity].

Provider indicators
-------------------
A provider's *paired counties* in Y are those of its pairings in force in Y.

* ``agreements``: paired counties it has an agreement with [paired counties;
  share; n/a if it is not an SOE, has no pairing, or agreements are not required].
* ``funding``: paired counties where it funds a project (amount > 0) in Y
  [paired counties; share].
* ``training``: paired counties where it trains people in Y [paired counties; share].
* ``tasks_on_time``: its tasks due in Y that are closed [closed + overdue;
  share; n/a with none].
* ``spread``: how evenly its funds of Y are spread: the effective number of
  counties ``1 / HHI`` (HHI = Σ of the squared shares of the counties of the
  projects it funds) [paired counties; ``min(1, raw / target)``; n/a without
  funds or pairings]; ``funds_cny`` and ``hhi`` beside.

``--by prefecture`` and ``--by force`` average the county (provider) scores
of each prefecture (force) that year; each aggregated indicator is the mean of
the members' indicator scores where it applies (``members`` says how many).

Progress and pace
-----------------
The years are every year of the training, cadres and funding relationships
(the year of ``as_of`` if there is none); ``year`` adds that year if missing
and shows only it, computed exactly as in the full run. Per row:

* ``change``: the score minus the score of the previous year of that list;
* ``pace`` (with a target year ``T``): the score on the straight line from the
  entity's score :math:`s_0` in the first year :math:`y_0` to 100 in ``T``,
  :math:`s_0 + (100 - s_0)(Y - y_0)/(T - y_0)`, and 100 from ``T`` on (and in
  every year if :math:`T \le y_0`);
* ``behind``: the score is below the pace (``None`` without a target year).

Rows are ranked by score within each year (highest first, ties share a rank,
entities without a score last).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..errors import AnalysisError
from ..graph import Facts, as_of_date, facts
from ..i18n import gettext
from ..schema import FORCE_NAMES, FORCES
from ..targets import SCORECARD_COUNTY_INDICATORS, SCORECARD_PROVIDER_INDICATORS, Targets
from ._indicators import Ind, county_indicators, provider_indicators, read_data, rounded
from .tables import both_names

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

__all__ = [
    "BY",
    "COUNTY_INDICATORS",
    "PROVIDER_INDICATORS",
    "scorecard",
    "scorecard_frame",
    "scorecard_table",
]

BY: tuple[str, ...] = ("county", "provider", "prefecture", "force")
COUNTY_INDICATORS = SCORECARD_COUNTY_INDICATORS
PROVIDER_INDICATORS = SCORECARD_PROVIDER_INDICATORS
_ID = {"county": "county_id", "provider": "provider_id", "prefecture": "prefecture_id"}
_ID["force"] = "force"


def _weigh(inds: dict[str, Ind], weights: dict[str, float]) -> Fraction | None:
    """Add ``weight`` and ``points`` to each indicator; return the exact score (0–100)."""
    used = {
        n: Fraction(weights.get(n, 0.0))
        for n, e in inds.items()
        if e["score"] is not None and weights.get(n, 0.0) > 0
    }
    total_w = sum(used.values(), Fraction(0))
    score = None
    if total_w:
        score = 100 * sum((w * inds[n]["score"] for n, w in used.items()), Fraction(0)) / total_w
    for n, e in inds.items():
        e["weight"] = weights.get(n, 0.0)
        e["points"] = 100 * used[n] * e["score"] / total_w if n in used else None
    return score


def _pace(s0: Fraction, y0: int, y: int, target_year: int) -> Fraction:
    if target_year <= y0 or y >= target_year:
        return Fraction(100)
    return s0 + (100 - s0) * Fraction(y - y0, target_year - y0)


def _progress(
    scores: dict[int, Fraction | None], years: list[int], target_year: int | None
) -> dict[int, dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {}
    s0 = scores.get(years[0])
    prev: Fraction | None = None
    for n, y in enumerate(years):
        s = scores.get(y)
        change = s - prev if n and s is not None and prev is not None else None
        pace = behind = None
        if target_year is not None and s0 is not None:
            pace = _pace(s0, years[0], y, target_year)
            behind = None if s is None else s < pace
        out[y] = {"change": change, "pace": pace, "behind": behind}
        prev = s
    return out


def _rank(rows: list[dict[str, Any]], id_key: str) -> None:
    """Competition ranking by ``_score`` within each year (ties share a rank)."""
    by_year: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_year[r["year"]].append(r)
    for group in by_year.values():
        group.sort(key=lambda r: (r["_score"] is None, -(r["_score"] or 0), str(r[id_key])))
        prev: tuple[Any, int] | None = None
        for i, r in enumerate(group, start=1):
            rank = prev[1] if prev is not None and prev[0] == r["_score"] else i
            r["rank"] = None if r["_score"] is None else rank
            prev = (r["_score"], rank)


def _mean(values: list[Fraction]) -> Fraction | None:
    return sum(values, Fraction(0)) / len(values) if values else None


# -- public API ----------------------------------------------------------------


def scorecard(
    G: nx.MultiDiGraph,
    *,
    targets: Targets | None = None,
    year: int | None = None,
    as_of: dt.date | str | None = None,
    by: str = "county",
    target_year: int | None = None,
) -> dict[str, Any]:
    """Score every county (provider, prefecture, force) 0–100 against the targets, per year.

    See the module docstring for the definition of every indicator, of "in
    year Y" for undated facts, and of the pace.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The programme graph (``Store.export_graph()``). Not modified.
    targets : Targets, optional
        Programme targets and the ``[scorecard]`` weights and thresholds
        (default: the 2024 plan and weight 1 for every indicator).
    year : int, optional
        Show only this year (default: every year of the training, cadres and
        funding relationships). Change and pace are those of the full run.
    as_of : date or ISO string, optional
        The analysis date for overdue tasks (default: today).
    by : {"county", "provider", "prefecture", "force"}
        What to score.
    target_year : int, optional
        The year by which every score should reach 100 (default:
        ``targets.scorecard.target_year``); gives ``pace`` and ``behind``.

    Returns
    -------
    dict
        ``{"by", "years", "as_of", "target_year", "weights", "rows", "behind"}``.
        ``rows``: one dict per entity and year with ``county_id`` (or
        ``provider_id``, ``prefecture_id``, ``force``), ``name_zh``, ``name_en``,
        ``year``, ``score`` (0–100, ``None`` if no indicator applies), ``rank``,
        ``change``, ``pace``, ``behind`` and ``indicators`` (name → ``score``
        0–1 or ``None``, ``raw``, ``target``, ``weight``, ``points``, ``detail``),
        sorted by year then rank. ``behind``: the ids behind the pace in the
        last year shown.

    Raises
    ------
    AnalysisError
        On an unknown ``by`` or a bad ``as_of``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("County:C1", label="County", id="C1", name_zh="一县", population=100)
    >>> G.add_node("Provider:E1", label="Provider", id="E1", force="east_west")
    >>> G.add_edge("Provider:E1", "County:C1", key="PAIRED_WITH", type="PAIRED_WITH")
    'PAIRED_WITH'
    >>> G.add_edge("Provider:E1", "County:C1", key="TRAINED|2024", type="TRAINED",
    ...            year=2024, trainees=250)
    'TRAINED|2024'
    >>> row = scorecard(G, as_of="2024-12-31")["rows"][0]
    >>> row["indicators"]["forces"]["score"], row["indicators"]["trainees"]["score"]
    (0.2, 0.5)
    """
    if by not in BY:
        msg = gettext(
            "unknown scorecard view {by!r}; use one of {views}", by=by, views=", ".join(BY)
        )
        raise AnalysisError(msg)
    targets = targets or Targets()
    day = as_of_date(as_of)
    goal = target_year if target_year is not None else targets.scorecard.target_year
    f = facts(G)
    d = read_data(f)
    years = sorted(set(f.years()) | ({int(year)} if year is not None else set())) or [day.year]

    unit = "provider" if by in ("provider", "force") else "county"
    weights = targets.scorecard.weights_for(unit)
    ids = sorted(f.providers if unit == "provider" else f.counties)
    base: list[dict[str, Any]] = []
    for i in ids:
        for y in years:
            if unit == "provider":
                inds = provider_indicators(d, targets, i, y, day)
            else:
                inds = county_indicators(d, targets, i, y, day)
            base.append({"id": i, "year": y, "_score": _weigh(inds, weights), "indicators": inds})

    rows = base if by in ("county", "provider") else _aggregate(f, base, by, years, weights)

    id_key = _ID[by]
    series: dict[str, dict[int, Fraction | None]] = defaultdict(dict)
    for r in rows:
        series[r["id"]][r["year"]] = r["_score"]
    progress = {i: _progress(s, years, goal) for i, s in series.items()}
    pref_of = f.county_of_prefecture()
    out_rows = []
    for r in rows:
        head = _head(f, by, r["id"], pref_of)
        p = progress[r["id"]][r["year"]]
        out_rows.append(
            {
                id_key: r["id"],
                **head,
                "year": r["year"],
                "_score": r["_score"],
                "score": rounded(r["_score"]),
                "rank": None,
                "change": rounded(p["change"]),
                "pace": rounded(p["pace"]),
                "behind": p["behind"],
                **({"members": r["members"]} if "members" in r else {}),
                "indicators": {n: _plain(e) for n, e in r["indicators"].items()},
            }
        )
    _rank(out_rows, id_key)
    shown = [int(year)] if year is not None else years
    out_rows = [r for r in out_rows if r["year"] in shown]
    out_rows.sort(key=lambda r: (r["year"], r["rank"] is None, r["rank"] or 0, str(r[id_key])))
    for r in out_rows:
        del r["_score"]
    last = shown[-1]
    return {
        "by": by,
        "years": shown,
        "as_of": day.isoformat(),
        "target_year": goal,
        "weights": weights,
        "rows": out_rows,
        "behind": [r[id_key] for r in out_rows if r["year"] == last and r["behind"]],
    }


_FIRST = ("score", "raw", "target", "weight", "points")


def _plain(e: Ind) -> dict[str, Any]:
    """An indicator as plain data: score, raw, target, weight, points, extras, detail."""
    keys = [k for k in _FIRST if k in e]
    keys += [k for k in e if k not in _FIRST and k != "detail"]
    keys += ["detail"] if "detail" in e else []
    return {k: rounded(e[k]) if isinstance(e[k], Fraction) else e[k] for k in keys}


def _head(f: Facts, by: str, i: str, pref_of: dict[str, str]) -> dict[str, Any]:
    if by == "force":
        zh, en = FORCE_NAMES.get(i, (i, ""))
        return {"name_zh": zh, "name_en": en}
    label = {"county": "County", "provider": "Provider", "prefecture": "Prefecture"}[by]
    zh, en = f.name(label, i)
    head: dict[str, Any] = {"name_zh": zh, "name_en": en}
    if by == "county":
        head["prefecture_id"] = pref_of.get(i)
    elif by == "provider":
        head["force"] = f.force_of(i)
    return head


def _aggregate(
    f: Facts, base: list[dict[str, Any]], by: str, years: list[int], weights: dict[str, float]
) -> list[dict[str, Any]]:
    if by == "prefecture":
        group_of = f.county_of_prefecture()
        groups = sorted(f.of("Prefecture"))
    else:
        group_of = {p: f.force_of(p) or "" for p in f.providers}
        groups = list(FORCES)
    members: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    for r in base:
        members[(group_of.get(r["id"], ""), r["year"])].append(r)
    rows = []
    for g in groups:
        for y in years:
            ms = members.get((g, y), [])
            inds: dict[str, Ind] = {}
            for n in weights:
                vals = [m["indicators"][n]["score"] for m in ms]
                vals = [v for v in vals if v is not None]
                inds[n] = {
                    "score": _mean(vals),
                    "raw": None,
                    "target": None,
                    "weight": weights[n],
                    "points": None,
                    "members": len(vals),
                }
            scores = [m["_score"] for m in ms if m["_score"] is not None]
            rows.append(
                {
                    "id": g,
                    "year": y,
                    "_score": _mean(scores),
                    "members": sorted(m["id"] for m in ms),
                    "indicators": inds,
                }
            )
    return rows


def scorecard_frame(G: nx.MultiDiGraph, **kwargs: Any) -> pd.DataFrame:
    """:func:`scorecard` rows as a pandas DataFrame (one row per entity and year).

    Columns: the id, ``name_zh``, ``name_en``, ``year``, ``score``, ``rank``,
    ``change``, ``pace``, ``behind``, then for each indicator its 0–1 score
    (``forces``) and its raw figure beside it (``forces_raw``).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("County:C1", label="County", id="C1", name_zh="一县")
    >>> df = scorecard_frame(G, as_of="2024-12-31")
    >>> df.loc[0, "county_id"], float(df.loc[0, "forces"]), int(df.loc[0, "forces_raw"])
    ('C1', 0.0, 0)
    """
    import pandas as pd

    result = scorecard(G, **kwargs)
    columns, rows = _flat(result, explain=False)
    return pd.DataFrame(rows, columns=columns)


def _indicator_names(result: dict[str, Any]) -> list[str]:
    return list(result["weights"])


def _flat(result: dict[str, Any], *, explain: bool) -> tuple[list[str], list[list[Any]]]:
    by = result["by"]
    id_key = _ID[by]
    extra = {"county": ["prefecture_id"], "provider": ["force"]}.get(by, ["members"])
    head = [id_key, "name_zh", "name_en", *extra]
    head += ["year", "score", "rank", "change", "pace", "behind"]
    names = _indicator_names(result)
    cols = list(head)
    parts = ["", "_raw"] + (["_target", "_weight", "_points"] if explain else [])
    keys = ["score", "raw"] + (["target", "weight", "points"] if explain else [])
    for n in names:
        cols += [n + s for s in parts]
    rows = []
    for r in result["rows"]:
        row = [len(r[k]) if k == "members" else r[k] for k in head]
        for n in names:
            e = r["indicators"][n]
            row += [e.get(k) for k in keys]
        rows.append(row)
    return cols, rows


_SPARK = "▁▂▃▄▅▆▇█"


def _spark(values: list[float | None]) -> str:
    return "".join(
        " " if v is None else _SPARK[min(len(_SPARK) - 1, int(v / 100 * len(_SPARK)))]
        for v in values
    )


def _fmt(x: float | None, digits: int = 1, sign: bool = False) -> str:
    if x is None:
        return ""
    return f"{x:+.{digits}f}" if sign else f"{x:.{digits}f}"


def scorecard_table(
    result: dict[str, Any], *, explain: bool = False, grouped: bool = True
) -> tuple[list[str], list[list[Any]]]:
    """A :func:`scorecard` result as a table (columns, rows) for ``output.render``.

    ``grouped=False`` (csv, json): one row per entity and year with every
    indicator's score and raw figure (and, with ``explain``, target, weight and
    points). Otherwise (table, markdown) one line per entity, Chinese and English
    names side by side: with one year, the score and each indicator's 0–1 score;
    with several, the score of each year, a sparkline, the change since the
    previous year, the pace and whether the entity is behind it. ``explain``
    follows each entity with one line per indicator of the last year: score,
    raw vs target, weight and points.
    """
    if not grouped:
        return _flat(result, explain=explain)
    years = result["years"]
    last = years[-1]
    names = _indicator_names(result)
    by_id: dict[str, dict[int, dict[str, Any]]] = defaultdict(dict)
    id_key = _ID[result["by"]]
    for r in result["rows"]:
        by_id[r[id_key]][r["year"]] = r
    order = [r[id_key] for r in result["rows"] if r["year"] == last]
    label = {"county": "county", "provider": "provider", "prefecture": "prefecture"}
    name_col = label.get(result["by"], "force")
    if len(years) == 1:
        cols = ["rank", name_col, "score", "change", "pace", "status", *names]
    else:
        cols = ["rank", name_col, *map(str, years), "trend", "change", "pace", "status"]
    rows: list[list[Any]] = []
    for i in order:
        r = by_id[i][last]
        name = both_names(r["name_zh"], r["name_en"])
        tail = [
            _fmt(r["change"], sign=True),
            _fmt(r["pace"]),
            {True: "behind", False: "on pace", None: ""}[r["behind"]],
        ]
        if len(years) == 1:
            inds = [_fmt(r["indicators"][n]["score"], 2) or "n/a" for n in names]
            rows.append([r["rank"], name, _fmt(r["score"]), *tail, *inds])
        else:
            series = [by_id[i].get(y, {}).get("score") for y in years]
            rows.append([r["rank"], name, *(_fmt(s) for s in series), _spark(series), *tail])
        if explain:
            for n in names:
                e = r["indicators"][n]
                line = f"  ↳ {n}: " + _explain_text(e)
                rows.append(["", line] + [""] * (len(cols) - 2))
    return cols, rows


def _explain_text(e: dict[str, Any]) -> str:
    if e.get("members") is not None and e.get("raw") is None:
        if e["score"] is None:
            return f"n/a (applies to no member), weight {e['weight']:g}"
        return f"{e['score']:.2f} (mean of {e['members']}), weight {e['weight']:g}"
    score = "n/a" if e["score"] is None else f"{e['score']:.2f}"
    raw = "–" if e["raw"] is None else f"{e['raw']:g}"
    target = "–" if e["target"] is None else f"{e['target']:g}"
    points = "" if e.get("points") is None else f", {e['points']:.2f} points"
    return f"{score} ({raw} / {target}), weight {e['weight']:g}{points}"
