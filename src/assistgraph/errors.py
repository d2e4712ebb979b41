"""One exception base class, with specific subclasses.

The CLI turns any :class:`AssistgraphError` into ``Error: …`` and exit code 1,
without a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "AnalysisError",
    "AssistgraphError",
    "ConfigError",
    "ConnectionFailed",
    "EmptyStoreError",
    "GdsUnavailable",
    "InputError",
    "Problem",
    "QueryError",
    "StoreBusyError",
    "StoreError",
    "WriteRefused",
]


class AssistgraphError(Exception):
    """Base class of every error this library raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One problem found in the input, located by table, row and column.

    ``row`` is the row number as a spreadsheet shows it: the header is row 1,
    the first data row is row 2. ``row`` is 0 and ``column`` empty where the
    problem concerns a whole table or file.
    """

    table: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.table}:{self.row}:{self.column}: {self.message}"


class InputError(AssistgraphError, ValueError):
    """The dataset cannot be read or is not valid; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        from .i18n import ngettext

        n = len(self.problems)
        head = ngettext(
            "{n} problem in the dataset; nothing was written",
            "{n} problems in the dataset; nothing was written",
            n,
        )
        super().__init__("\n".join([head, *(str(p) for p in self.problems)]))


class StoreError(AssistgraphError):
    """A store could not be opened, read or written."""


class StoreBusyError(StoreError):
    """Another process is writing to the embedded store."""


class ConnectionFailed(StoreError, ConnectionError):
    """The Neo4j server could not be reached or refused the credentials."""


class EmptyStoreError(StoreError):
    """The store holds no graph yet."""


class GdsUnavailable(StoreError):
    """The store has no Graph Data Science library (the ``gds`` engine cannot run)."""


class QueryError(AssistgraphError):
    """A Cypher statement failed, or was refused (for example a write without ``--write``)."""


class WriteRefused(QueryError):
    """A statement would write, and writes were not allowed."""


class QueryTimeout(QueryError):
    """A statement ran longer than its timeout and was stopped.

    ``fatal`` is true when the engine did not stop (an embedded statement stuck in
    one expression): the process must end, as the engine's thread cannot be killed.
    """

    def __init__(self, message: str, *, fatal: bool = False) -> None:
        super().__init__(message)
        self.fatal = fatal


class ResourceLimit(QueryError):
    """A statement used more memory than allowed and was stopped (``fatal`` as above)."""

    def __init__(self, message: str, *, fatal: bool = False) -> None:
        super().__init__(message)
        self.fatal = fatal


class AnalysisError(AssistgraphError, ValueError):
    """An analysis was given an option it cannot use (unknown county, rule …)."""


class ConfigError(AssistgraphError, ValueError):
    """A settings or targets file is not valid."""
