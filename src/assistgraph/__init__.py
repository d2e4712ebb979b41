"""assistgraph: the five assistance forces and 39 counties as a graph.

The library comes first; the ``assistgraph`` command is a thin shell over it.
"""

from __future__ import annotations

from .analysis import (
    chains,
    concentration,
    coverage_matrix,
    find_gaps,
    gaps_frame,
    match,
    scorecard,
    scorecard_frame,
)
from .errors import AssistgraphError, InputError, Problem
from .jobs.load import load_dataset
from .settings import Settings
from .store import open_store
from .targets import Targets, load_targets
from .validate import Dataset, read_and_validate
from .version import __version__

__all__ = [
    "AssistgraphError",
    "Dataset",
    "InputError",
    "Problem",
    "Settings",
    "Targets",
    "__version__",
    "chains",
    "concentration",
    "coverage_matrix",
    "find_gaps",
    "gaps_frame",
    "load_dataset",
    "load_targets",
    "match",
    "open_store",
    "read_and_validate",
    "scorecard",
    "scorecard_frame",
]
