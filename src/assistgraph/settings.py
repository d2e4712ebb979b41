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
