"""Random draws and the CSV writer the synthetic datasets are made with."""

from __future__ import annotations

import csv
import random
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

__all__ = ["Writer", "cell", "cumulative", "draw", "pareto_weights", "poissonish", "split"]


class Writer:
    """Writes one CSV file per table, with provenance columns on every row."""

    def __init__(self, out: Path, source: str) -> None:
        self.out = out
        self.source = source
        self.counts: dict[str, int] = {}

    def table(self, name: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        n = 0
        with open(self.out / f"{name}.csv", "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow([*columns, "source", "confidence"])
            tail = (self.source, "illustrative")
            for row in rows:
                w.writerow([cell(v) for v in row] + list(tail))
                n += 1
        self.counts[name] = n


def cell(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return f"{v:.2f}"
    if isinstance(v, list):
        return ";".join(v)
    return v


def pareto_weights(rng: random.Random, n: int, alpha: float = 1.16) -> list[float]:
    """Heavy-tailed weights (alpha 1.16 ≈ the 80/20 rule)."""
    return [rng.paretovariate(alpha) for _ in range(n)]


def split(rng: random.Random, total: int, parts: int, spread: float) -> list[int]:
    """``total`` items into ``parts`` groups of uneven size (each ≥ 1)."""
    w = [rng.lognormvariate(0, spread) for _ in range(parts)]
    s = sum(w)
    sizes_ = [max(1, int(total * x / s)) for x in w]
    i = 0
    while sum(sizes_) < total:
        sizes_[i % parts] += 1
        i += 1
    while sum(sizes_) > total:
        j = max(range(parts), key=lambda k: sizes_[k])
        sizes_[j] -= 1
    return sizes_


def cumulative(weights: list[float]) -> list[float]:
    out, acc = [], 0.0
    for x in weights:
        acc += x
        out.append(acc)
    return out


def draw(rng: random.Random, items: list[str], cum: list[float]) -> str:
    import bisect

    i = bisect.bisect_right(cum, rng.random() * cum[-1])
    return items[min(i, len(items) - 1)]


def poissonish(rng: random.Random, mean: float) -> int:
    """A small count around ``mean`` (geometric-like spread, ≥ 1)."""
    return max(1, int(rng.expovariate(1 / mean) + 0.5))
