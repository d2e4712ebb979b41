"""Cypher tokens: the one tokenizer the translator and the read-only check share.

Strings, comments and backticked names are single tokens, so nothing inside them is
ever taken for a keyword.

>>> significant_tokens("RETURN c // note\\n, 'a;b'")
[('ident', 'RETURN'), ('ident', 'c'), ('op', ','), ('string', "'a;b'")]
"""

from __future__ import annotations

import re

__all__ = ["TOKEN", "significant_tokens", "tokens"]

TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>//[^\n]*|/\*.*?\*/)
  | (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
  | (?P<ident>`(?:[^`]|``)*`|[^\W\d]\w*)
  | (?P<param>\$(?:`(?:[^`]|``)*`|\w+))
  | (?P<number>\d+\.\d+(?:[eE][-+]?\d+)?|\d+(?:[eE][-+]?\d+)?)
  | (?P<op>\.\.|<-|->|<>|<=|>=|=~|\+=|.)
    """,
    re.S | re.X,
)


def tokens(cypher: str) -> list[tuple[str, str]]:
    """Every token of ``cypher`` as ``(kind, text)``, whitespace and comments included."""
    return [(m.lastgroup or "op", m.group()) for m in TOKEN.finditer(cypher)]


def significant_tokens(cypher: str) -> list[tuple[str, str]]:
    """The tokens without whitespace and comments."""
    return [t for t in tokens(cypher) if t[0] not in ("ws", "comment")]
