"""Shared HTML plumbing: the Jinja2 environment, script-safe JSON, inlined assets, CSP.

Every page is rendered from this package's own templates with autoescaping on,
so text from the data is escaped wherever it lands in the markup. Data that the
page's scripts need travels as JSON inside ``<script type="application/json">``
blocks, made script-safe by :func:`script_json`. The scripts themselves are
static files of this package (and vis-network from pyvis's bundled copy),
inlined so that the page is one self-contained file; a Content-Security-Policy
with the SHA-256 of each inline script forbids any other script and any fetch.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import inspect
import json
import math
import re
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from markupsafe import Markup

from ..errors import AssistgraphError
from ..i18n import N_

__all__ = [
    "RenderError",
    "csp",
    "environment",
    "script_json",
    "static_text",
    "vis_assets",
    "write_page",
]

VIS_VERSION = "vis-9.1.2"


class RenderError(AssistgraphError, ValueError):
    """A view or report cannot be rendered with these arguments."""


_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_JSON_ESCAPE_RE = re.compile("[<>&\u2028\u2029]")


def plain(value: Any) -> Any:
    """``value`` as JSON-ready data: non-finite floats become ``None``, dates ISO text."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, bool | int | str) or value is None:
        return value
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return [plain(v) for v in items]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


def script_json(value: Any) -> str:
    """JSON text that is safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` are written as ``\\u003c``, ``\\u003e``, ``\\u0026`` (so no
    ``</script>`` or ``<!--`` can appear), and U+2028/U+2029 as escapes (so the text
    is also valid JavaScript). Those characters only ever occur inside JSON
    strings, where the escapes mean the same characters, so ``JSON.parse`` gives
    back exactly the original data.

    Examples
    --------
    >>> script_json({"name": "</script><b>&"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = _fast_json(value)
    if text is None:  # what orjson refuses (non-text keys, huge ints …): normalise first
        text = json.dumps(plain(value), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    if not any(ch in text for ch in _JSON_ESCAPES):  # the usual case: nothing to escape
        return text
    return _JSON_ESCAPE_RE.sub(lambda m: _JSON_ESCAPES[m.group()], text)


def _fast_json(value: Any) -> str | None:
    """Compact JSON of ``value`` by orjson (≈ 10× the standard library's speed on a
    big view), or ``None`` where it refuses the data.

    Its output parses to exactly what :func:`plain` makes of ``value``: non-finite
    floats become ``null`` (its own rule), and sets, dates and dataclasses go
    through :func:`_default` as in the standard library's path.
    """
    import orjson

    try:
        return orjson.dumps(
            value,
            default=_default,
            option=orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME,
        ).decode("utf-8")
    except TypeError:  # orjson.JSONEncodeError: non-text keys, ints over 64 bits, surrogates
        return None


def _default(value: Any) -> Any:
    """What :func:`plain` makes of values the JSON encoder does not know."""
    if isinstance(value, float):  # a subclass (numpy's float64): orjson hands it here
        return float(value)
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


def _check_inline(name: str, text: str) -> str:
    lowered = text.lower()
    for bad in ("</script", "</style", "<!--"):
        if bad in lowered:
            msg = f"{name} contains {bad!r} and cannot be inlined"
            raise RenderError(msg)
    return text


@functools.cache
def static_text(name: str) -> str:
    """A static asset of this package (``render/static/NAME``), checked for inlining."""
    text = resources.files("assistgraph.render").joinpath("static", name).read_text("utf-8")
    return _check_inline(name, text)


@functools.cache
def vis_assets() -> tuple[str, str]:
    """vis-network's script and styles from pyvis's bundled copy (no CDN).

    The ``sourceMappingURL`` comment is dropped so that no tool fetches a map file.
    """
    base = resources.files("pyvis").joinpath("lib", VIS_VERSION)
    try:
        js = base.joinpath("vis-network.min.js").read_text("utf-8")
        css = base.joinpath("vis-network.css").read_text("utf-8")
    except (FileNotFoundError, OSError) as e:  # pragma: no cover - broken pyvis install
        msg = f"pyvis's bundled vis-network ({VIS_VERSION}) is missing; reinstall pyvis>=0.3.2"
        raise RenderError(msg) from e
    js = re.sub(r"//# sourceMappingURL=\S*", "", js)
    css = re.sub(r"/\*# sourceMappingURL=\S*\s*\*/", "", css)
    return _check_inline("vis-network.min.js", js), _check_inline("vis-network.css", css)


def _sha256(text: str) -> str:
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
    return f"'sha256-{digest}'"


def csp(scripts: list[str]) -> str:
    """A Content-Security-Policy allowing exactly these inline scripts and no fetch at all."""
    hashes = " ".join(_sha256(s) for s in scripts)
    return (
        "default-src 'none'; "
        f"script-src {hashes}; "
        "style-src 'unsafe-inline'; "
        "img-src data:; font-src data:; "
        "connect-src 'none'; frame-src 'none'; object-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )


def _script_json_filter(value: Any) -> Markup:
    return Markup(script_json(value))


@functools.cache
def environment() -> Any:
    """The Jinja2 environment of this package's templates (autoescaping always on)."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("assistgraph.render", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["script_json"] = _script_json_filter
    env.globals["tr"] = both_languages
    env.globals["bi"] = bilingual
    env.globals["message"] = _message
    env.globals["named"] = _named
    return env


def bilingual(text: Any) -> Markup:
    """A text in both languages as ``<span class="zh">…</span><span class="en">…</span>``.

    ``text`` is an :class:`~assistgraph.i18n.Message` (a finding's message) or
    plain text (the same in both). The page shows one language and switches
    without reloading.
    """
    from ..i18n import Message

    if isinstance(text, Message):
        zh, en = text.in_language("zh"), text.in_language("en")
    else:
        zh = en = "" if text is None else str(text)
    return Markup(
        '<span class="zh" lang="zh-CN">{}</span><span class="en" lang="en">{}</span>'
    ).format(zh, en)


def _message(msgid: str, /, **kw: Any) -> Any:
    """A catalog message in every language (``.in_language("zh")``), for attributes."""
    from ..i18n import message

    return message(msgid, **kw)


def _named(zh: Any, en: Any = None) -> Any:
    """A name from the data in both languages (English falls back to Chinese)."""
    from ..i18n import named

    zh = "" if zh is None else str(zh)
    return named(zh, str(en) if en else zh)


def both_languages(msgid: str, /, **kw: Any) -> Markup:
    """A catalog message (English id, ``{name}`` placeholders) in both languages, as spans."""
    from ..i18n import message

    return bilingual(message(msgid, **kw))


#: the words the page scripts write themselves (cards, counts): key → catalog message;
#: a page carries them in both languages as JSON (``{n}``, ``{total}`` filled in by the script)
SCRIPT_WORDS: dict[str, str] = {
    "source": N_("Source: "),
    "confidence": N_("Confidence: "),
    "gaps": N_("Gaps"),
    "each_fact": N_("Each fact"),
    "more_not_listed": N_("{n} more not listed"),
    "showing": N_("(showing {n} of {total})"),
    "match_one": N_("{n} match"),
    "match_other": N_("{n} matches"),
}


def script_words() -> dict[str, list[str]]:
    """:data:`SCRIPT_WORDS` as ``{key: [中文, English]}``, placeholders left for the script."""
    from ..i18n import translation

    zh, en = translation("zh"), translation("en")
    return {k: [zh.gettext(m), en.gettext(m)] for k, m in SCRIPT_WORDS.items()}


F = TypeVar("F", bound=Callable[..., Any])


#: the language the page being rendered opens in (set by :func:`page_language`)
_PAGE_LANG: ContextVar[str | None] = ContextVar("assistgraph_page_lang", default=None)


def page_lang() -> str:
    """The language the page being rendered opens in; outside a page, the language in use."""
    from ..i18n import get_language

    return _PAGE_LANG.get() or get_language()


def page_language(fn: F) -> F:
    """Render a page in the language of its ``lang`` argument: what cannot switch on
    the page (an SVG's ``<title>``, an ``aria-label``) is in the language it opens in.
    Messages and errors stay in the language in use (``--lang``)."""
    sig = inspect.signature(fn)
    default = sig.parameters["lang"].default

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        lang = sig.bind_partial(*args, **kwargs).arguments.get("lang", default)
        token = _PAGE_LANG.set(lang if lang in ("zh", "en") else None)
        try:
            return fn(*args, **kwargs)
        finally:
            _PAGE_LANG.reset(token)

    return run  # type: ignore[return-value]


def render_page(template: str, *, scripts: list[str], **context: Any) -> str:
    """Render a page template whose inline scripts are exactly ``scripts`` (in order).

    The template gets ``scripts`` as ``Markup`` (they are this package's own files)
    and ``csp``, the policy that allows exactly them.
    """
    from ..version import __version__

    env = environment()
    return env.get_template(template).render(
        scripts=[Markup(s) for s in scripts],
        csp=csp(scripts),
        version=__version__,
        script_words=script_words(),
        **context,
    )


def write_page(path: str | Path, html: str) -> Path:
    """Write a page to ``path`` (which must end in ``.html``/``.htm``), creating its folder."""
    p = Path(path)
    if p.suffix.lower() not in (".html", ".htm"):
        from ..i18n import gettext

        msg = gettext(
            "the page is HTML: give a file name ending in .html, got {output}", output=repr(str(p))
        )
        raise RenderError(msg)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(html, encoding="utf-8")
    return p
