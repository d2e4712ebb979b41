"""``match``'s candidates of a target (county, industry): every one, or the few that can
be among its best ``per_target`` (see :func:`first_candidates`)."""

from __future__ import annotations

from typing import Any, NamedTuple

__all__ = ["Ranked", "every_candidate", "first_candidates", "ranked_candidates"]


def every_candidate(
    i: str, mine: set[str], near: dict[str, set[str]], direct: dict[str, set[str]]
) -> list[tuple[str, float]]:
    """Every provider capable in ``i`` (cap 1) or one chain link from it (cap 0.5)."""
    out = dict.fromkeys(mine, 1.0)
    for j in near.get(i, ()):
        for p in direct.get(j, ()):
            out.setdefault(p, 0.5)
    return list(out.items())


class Ranked(NamedTuple):
    """Per industry, its candidate providers as ``match --per-target`` reads them."""

    #: (industry, cap, small?) -> the providers of that cap for the industry, by id
    lists: dict[tuple[str, float, bool], list[str]]
    #: industry -> the providers capable one chain link away only (cap 0.5)
    adjacent: dict[str, set[str]]
    #: county -> its funders that are small providers
    small_funders: dict[str, set[str]]


def ranked_candidates(
    direct: dict[str, set[str]],
    near: dict[str, set[str]],
    small: set[str],
    funders: dict[str, set[str]],
) -> Ranked:
    """Built once per industry and county, so that a target's best candidates are read
    off the front of four sorted lists."""
    lists: dict[tuple[str, float, bool], list[str]] = {}
    adjacent: dict[str, set[str]] = {}
    for i in set(direct) | set(near):
        mine = direct.get(i, set())
        adjacent[i] = set().union(*(direct.get(j, set()) for j in near.get(i, ()))) - mine
        for cap, group in ((1.0, mine), (0.5, adjacent[i])):
            for is_small in (False, True):
                lists[(i, cap, is_small)] = sorted(p for p in group if (p in small) == is_small)
    small_funders = {c: ps & small for c, ps in funders.items()}
    return Ranked(lists, adjacent, small_funders)


def first_candidates(
    c: str,
    i: str,
    n: int,
    ranked: Ranked,
    mine: set[str],
    here: dict[str, Any],
    already: set[tuple[str, str, str]],
    *,
    penalised: bool,
) -> list[tuple[str, float]]:
    """The ``n`` smallest provider ids of each score class of target (c, i), with caps.

    The classes: paired with c (a handful: all of them); not paired and not penalised
    (not small, or small but already funding c); penalised (small and new to c, when c
    has funding). The small funders of c are taken whole; walking a sorted list skips
    only paired providers, those already supporting i in c and (in the lists of small
    providers) those small funders: the work per target is about ``n``, whatever the
    number of capable providers."""
    adjacent = ranked.adjacent.get(i, set())

    def cap_of(p: str) -> float:
        return 1.0 if p in mine else 0.5 if p in adjacent else 0.0

    taken_whole = set(here)
    if penalised:
        taken_whole |= ranked.small_funders.get(c, set())
    out = [(p, cap) for p in taken_whole if (cap := cap_of(p))]
    for cap in (1.0, 0.5):
        for is_small in (False, True):
            count = 0
            for p in ranked.lists.get((i, cap, is_small), ()):
                if p in taken_whole or (p, c, i) in already:
                    continue  # listed above, or not a candidate here
                out.append((p, cap))
                count += 1
                if count >= n:
                    break
    return out
