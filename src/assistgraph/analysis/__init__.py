"""Analyses over the programme graph (NetworkX functions; graph first, plain data back).

Every function takes the ``MultiDiGraph`` returned by ``Store.export_graph()``
first, takes its options as keywords, returns plain Python data (or a pandas
DataFrame for the ``*_frame`` helpers) and never changes the graph.

>>> from assistgraph.analysis import find_gaps, concentration, chains, match
"""

from __future__ import annotations

from ..errors import AnalysisError
from .chains import chains
from .concentration import concentration, gini, hhi, theil
from .gaps import (
    RULES,
    SEVERITIES,
    coverage_matrix,
    evidence_text,
    find_gaps,
    gap_report,
    gaps_frame,
)
from .match import match, relatedness_density
from .scorecard import scorecard, scorecard_frame

__all__ = [
    "RULES",
    "SEVERITIES",
    "AnalysisError",
    "chains",
    "concentration",
    "coverage_matrix",
    "evidence_text",
    "find_gaps",
    "gap_report",
    "gaps_frame",
    "gini",
    "hhi",
    "match",
    "relatedness_density",
    "scorecard",
    "scorecard_frame",
    "theil",
]
