"""What changed between two rounds of the programme's data.

:func:`diff_graphs` compares two programme graphs (an earlier round ``old`` and a
later one ``new``):

* **gaps** opened, closed and unchanged, by gap id (``rule|county_id|provider_id|
  force|year|subject``, a null as the empty string: the data contract's identity);
* **figures**: funding (yuan), trainees and cadres (per direction) per county and
  force, over all years, where they changed;
* **pairings** and **agreements** added or ended (gone, or a pairing's ``until``
  newly set).

The report's "since the last round" reads this function's result.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import datetime as dt

    import networkx as nx

    from ..targets import Targets

__all__ = ["GAP_ID_FIELDS", "diff_graphs", "diff_rows", "gap_id"]

GAP_ID_FIELDS = ("rule", "county_id", "provider_id", "force", "year", "subject")
_GAP_KEEP = ("id", *GAP_ID_FIELDS, "severity", "message")


def gap_id(gap: dict[str, Any]) -> str:
    """A gap's id: its own ``id``, else the six identity fields joined by ``|``.

    >>> gap_id({"rule": "missing_force", "county_id": "513337", "force": "central_soe"})
    'missing_force|513337||central_soe||'
    """
    if gap.get("id"):
        return str(gap["id"])
    return "|".join("" if gap.get(k) is None else str(gap[k]) for k in GAP_ID_FIELDS)


def _figures(G: nx.MultiDiGraph) -> dict[tuple[str, str, str], float]:
    """(county id, force, measure) → total over all years."""
    out: dict[tuple[str, str, str], float] = defaultdict(float)
    nodes = G.nodes
    for u, v, d in G.edges(data=True):
        t = d.get("type")
        if t == "FUNDS":
            county = nodes[v].get("county_id")
            measure, value = "funding_cny", d.get("amount_cny")
        elif t == "TRAINED":
            county, measure, value = nodes[v].get("id"), "trainees", d.get("trainees")
        elif t == "EXCHANGED_CADRES":
            county, value = nodes[v].get("id"), d.get("count")
            measure = f"cadres_{d.get('direction')}"
        else:
            continue
        if county is None or value is None:
            continue
        out[(str(county), str(nodes[u].get("force")), measure)] += float(value)
    return out


def _pairings(G: nx.MultiDiGraph) -> dict[tuple[str, str], dict[str, Any]]:
    nodes = G.nodes
    return {
        (str(nodes[u].get("id")), str(nodes[v].get("id"))): d
        for u, v, d in G.edges(data=True)
        if d.get("type") == "PAIRED_WITH"
    }


def _agreements(G: nx.MultiDiGraph) -> dict[str, dict[str, Any]]:
    return {str(d.get("id")): d for _, d in G.nodes(data=True) if d.get("label") == "Agreement"}


def _name(G: nx.MultiDiGraph, label: str, nid: str) -> str:
    return str(G.nodes.get(f"{label}:{nid}", {}).get("name_zh") or "")


def diff_graphs(
    old: nx.MultiDiGraph,
    new: nx.MultiDiGraph,
    *,
    targets: Targets | None = None,
    as_of: dt.date | str | None = None,
) -> dict[str, Any]:
    """Compare an earlier round ``old`` with a later round ``new``.

    Parameters
    ----------
    old, new : networkx.MultiDiGraph
        Programme graphs (:func:`assistgraph.jobs.programme_graph`). Not modified.
    targets : Targets, optional
        Programme targets of the gap rules (default: the 2024 plan).
    as_of : date or ISO string, optional
        Analysis date of both gap runs (default: today).

    Returns
    -------
    dict
        ``gaps`` (``opened``, ``closed``, ``unchanged``: lists of gaps with ``id``,
        the identity fields, ``severity`` and ``message``), ``figures`` (rows with
        ``county_id``, ``county``, ``force``, ``measure``, ``old``, ``new``,
        ``change``), ``pairings`` and ``agreements`` (``added``, ``ended``).

    Examples
    --------
    >>> import networkx as nx
    >>> d = diff_graphs(nx.MultiDiGraph(), nx.MultiDiGraph(), as_of="2025-01-01")
    >>> d["gaps"]["opened"], d["figures"]
    ([], [])
    """
    from ..analysis import find_gaps

    def gaps(G: nx.MultiDiGraph) -> dict[str, dict[str, Any]]:
        found = find_gaps(G, targets=targets, as_of=as_of)
        return {gap_id(g): {k: g.get(k) for k in _GAP_KEEP} | {"id": gap_id(g)} for g in found}

    g_old, g_new = gaps(old), gaps(new)
    f_old, f_new = _figures(old), _figures(new)
    figures = []
    for key in sorted(set(f_old) | set(f_new)):
        a, b = f_old.get(key, 0.0), f_new.get(key, 0.0)
        if a != b:
            county, force, measure = key
            figures.append(
                {
                    "county_id": county,
                    "county": _name(new, "County", county) or _name(old, "County", county),
                    "force": force,
                    "measure": measure,
                    "old": a,
                    "new": b,
                    "change": b - a,
                }
            )
    p_old, p_new = _pairings(old), _pairings(new)
    ended_now = {k for k, d in p_new.items() if d.get("until") is not None}
    ended_before = {k for k, d in p_old.items() if d.get("until") is not None}
    a_old, a_new = _agreements(old), _agreements(new)

    def pairing(k: tuple[str, str], G: nx.MultiDiGraph) -> dict[str, Any]:
        return {
            "provider_id": k[0],
            "provider": _name(G, "Provider", k[0]),
            "county_id": k[1],
            "county": _name(G, "County", k[1]),
        }

    def agreement(k: str, d: dict[str, Any]) -> dict[str, Any]:
        return {
            "provider_id": d.get("provider_id"),
            "county_id": d.get("county_id"),
            "signed_on": d.get("signed_on"),
            "id": k,
        }

    return {
        "gaps": {
            "opened": [g_new[k] for k in sorted(set(g_new) - set(g_old))],
            "closed": [g_old[k] for k in sorted(set(g_old) - set(g_new))],
            "unchanged": [g_new[k] for k in sorted(set(g_new) & set(g_old))],
        },
        "figures": figures,
        "pairings": {
            "added": [pairing(k, new) for k in sorted(set(p_new) - set(p_old))],
            "ended": [
                pairing(k, old)
                for k in sorted((set(p_old) - set(p_new)) | (ended_now - ended_before))
            ],
        },
        "agreements": {
            "added": [agreement(k, a_new[k]) for k in sorted(set(a_new) - set(a_old))],
            "ended": [agreement(k, a_old[k]) for k in sorted(set(a_old) - set(a_new))],
        },
    }


def diff_rows(diff: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    """The diff as one table: ``section``, ``change``, ``what``, ``old``, ``new``.

    >>> diff_rows({"gaps": {"opened": [], "closed": [{"id": "r|c||||", "message": "m"}],
    ...   "unchanged": []}, "figures": [], "pairings": {"added": [], "ended": []},
    ...   "agreements": {"added": [], "ended": []}})[1]
    [['gap', 'closed', 'r|c||||', 'm', None]]
    """
    rows: list[list[Any]] = []
    for change in ("opened", "closed"):
        for g in diff["gaps"][change]:
            rows.append(["gap", change, g["id"], g.get("message"), None])
    for f in diff["figures"]:
        what = f"{f['county_id']} {f['county']} · {f['force']} · {f['measure']}"
        rows.append(["figure", f"{f['change']:+g}", what, f["old"], f["new"]])
    for section in ("pairings", "agreements"):
        for change in ("added", "ended"):
            for p in diff[section][change]:
                what = f"{p['provider_id']} → {p['county_id']}"
                rows.append([section.rstrip("s"), change, what, None, None])
    return ["section", "change", "what", "old", "new"], rows
