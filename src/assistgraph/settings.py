"""Connection settings: which store, and how to reach it."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ConfigError
from .i18n import _

__all__ = ["NEO4J_SCHEMES", "Settings", "default_store_path", "is_neo4j_uri", "redact"]

NEO4J_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")


def default_store_path(environ: Mapping[str, str] | None = None) -> str:
    """The embedded store's default file.

    ``$ASSISTGRAPH_STORE`` if set, else ``$XDG_DATA_HOME/assistgraph/graph.lbug``
    (``~/.local/share/assistgraph/graph.lbug``).
    """
    env = os.environ if environ is None else environ
    if env.get("ASSISTGRAPH_STORE"):
        return env["ASSISTGRAPH_STORE"]
    base = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(base) / "assistgraph" / "graph.lbug")


def redact(uri: str) -> str:
    """``uri`` without any ``user:password@`` part, for messages and logs."""
    scheme, sep, rest = uri.partition("://")
    if not sep:
        return uri
    host, slash, path = rest.partition("/")
    if "@" in host:
        host = "***@" + host.rsplit("@", 1)[1]
    return f"{scheme}{sep}{host}{slash}{path}"


def is_neo4j_uri(store: str) -> bool:
    """True if ``store`` is a Bolt/Neo4j URI rather than a file path."""
    return store.lower().startswith(NEO4J_SCHEMES)


@dataclass(frozen=True)
class Settings:
    """Where the graph lives.

    ``store`` is a Neo4j URI (``bolt://``, ``neo4j://``, ``neo4j+s://`` …) or the path
    of an embedded store file. The password is never shown in ``repr``.

    Examples
    --------
    >>> Settings.from_env(environ={}).kind
    'embedded'
    >>> Settings.from_env(environ={"NEO4J_URI": "bolt://127.0.0.1:7687"}).kind
    'neo4j'
    """

    store: str
    username: str = "neo4j"
    password: str | None = field(default=None, repr=False)
    database: str | None = None

    @property
    def kind(self) -> str:
        """``"neo4j"`` or ``"embedded"``."""
        return "neo4j" if is_neo4j_uri(self.store) else "embedded"

    @classmethod
    def from_env(
        cls, store: str | None = None, *, environ: Mapping[str, str] | None = None
    ) -> Settings:
        """Settings from ``--store`` (if given) and the environment.

        ``NEO4J_URI`` chooses Neo4j when ``store`` is not given; otherwise the
        embedded store at :func:`default_store_path`. Credentials come from
        ``NEO4J_USERNAME``/``NEO4J_PASSWORD``, the database from ``NEO4J_DATABASE``.
        """
        env = os.environ if environ is None else environ
        chosen = store or env.get("NEO4J_URI") or default_store_path(env)
        if is_neo4j_uri(chosen) and redact(chosen) != chosen:
            msg = _(
                "credentials in the URI ({uri}) are refused: they end up in shell "
                "history and process lists; set NEO4J_USERNAME and NEO4J_PASSWORD instead",
                uri=redact(chosen),
            )
            raise ConfigError(msg)
        return cls(
            store=chosen,
            username=env.get("NEO4J_USERNAME") or env.get("NEO4J_USER") or "neo4j",
            password=env.get("NEO4J_PASSWORD") or None,
            database=env.get("NEO4J_DATABASE") or None,
        )

    def with_password(self, password: str) -> Settings:
        return Settings(self.store, self.username, password, self.database)


_MIB = 1 << 20


@dataclass(frozen=True)
class Limits:
    """Bounds on what one input or one ad-hoc query may cost; generous by default.

    Every limit that is hit is reported as an ``Error:`` naming the file or
    table (and row and column where it applies), never as a crash or a hang.
    ``Limits.from_env()`` reads overrides from ``ASSISTGRAPH_LIMIT_<FIELD>``
    variables (``ASSISTGRAPH_LIMIT_MAX_ROWS=20000000``).

    Attributes
    ----------
    max_file_bytes : int
        Size of one CSV file or ``.xlsx`` workbook on disk (1 GiB).
    max_workbook_bytes : int
        Size of a workbook's parts once decompressed, all parts together (1 GiB).
    max_compression_ratio : int
        Decompressed size / compressed size of one part of a workbook over 1 MiB (100;
        real sheets compress 5 to 20 times, a "zip bomb" thousands of times).
    max_columns : int
        Columns of one table (header cells; 500).
    max_cell_chars : int
        Characters of one cell (100,000).
    max_rows : int
        Data rows of one load, all tables together (10,000,000).
    year_min, year_max : int
        Plausible years (``year``, ``since``, ``*_year`` columns and dates): 1949 to 2100.
    max_amount_cny : float
        Largest amount of one row in yuan (10^13, ten trillion).
    query_memory : int
        Memory of an ad-hoc query on the embedded store: the engine's buffer pool
        when opened for reading, and the growth of the process allowed while a
        statement runs (2 GiB).
    """

    max_file_bytes: int = 1024 * _MIB
    max_workbook_bytes: int = 1024 * _MIB
    max_compression_ratio: int = 100
    max_columns: int = 500
    max_cell_chars: int = 100_000
    max_rows: int = 10_000_000
    year_min: int = 1949
    year_max: int = 2100
    max_amount_cny: float = 1e13
    query_memory: int = 2048 * _MIB

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """Defaults, overridden by ``ASSISTGRAPH_LIMIT_<FIELD>`` variables.

        >>> Limits.from_env({"ASSISTGRAPH_LIMIT_YEAR_MIN": "2000"}).year_min
        2000
        """
        from dataclasses import fields

        env = os.environ if environ is None else environ
        given: dict[str, int | float] = {}
        for f in fields(cls):
            var = f"ASSISTGRAPH_LIMIT_{f.name.upper()}"
            raw = env.get(var)
            if raw is None or not raw.strip():
                continue
            try:
                value = float(raw) if f.type == "float" else int(raw)
            except ValueError:
                msg = _("{var}={value} is not a number", var=var, value=repr(raw))
                raise ConfigError(msg) from None
            if value <= 0 and not f.name.startswith("year"):
                msg = _("{var} must be positive, got {value}", var=var, value=repr(raw))
                raise ConfigError(msg)
            given[f.name] = value
        return cls(**given)  # type: ignore[arg-type]
