"""Script-safe JSON, the inlined assets and the Content-Security-Policy."""

from __future__ import annotations

import json
import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistgraph.render import RenderError, script_json
from assistgraph.render._html import csp, plain, static_text, vis_assets, write_page

HOSTILE = [
    "</script><script>alert(1)</script>",
    "<!--<script>",
    "]]><img src=x onerror=alert(1)>",
    "a\u2028b\u2029c",
    "&lt;&amp;",
    "\"'`${x}",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_script_json_escapes_markup_and_line_separators(text: str) -> None:
    out = script_json({"name": text, "list": [text]})
    for ch in "<>&\u2028\u2029":
        assert ch not in out
    assert "</script" not in out.lower()
    assert json.loads(out) == {"name": text, "list": [text]}


def test_script_json_exact_escapes() -> None:
    assert script_json("<>&\u2028\u2029") == '"\\u003c\\u003e\\u0026\\u2028\\u2029"'


def test_script_json_keeps_chinese_and_makes_non_finite_null() -> None:
    out = script_json({"县": "稻城县", "x": math.nan, "y": math.inf, "z": 1.5})
    assert "稻城县" in out
    assert json.loads(out) == {"县": "稻城县", "x": None, "y": None, "z": 1.5}


@given(
    st.recursive(
        st.text() | st.integers() | st.booleans() | st.none(),
        lambda c: st.lists(c) | st.dictionaries(st.text(), c),
        max_leaves=20,
    )
)
def test_script_json_round_trips_and_never_contains_markup(value: object) -> None:
    out = script_json(value)
    assert not re.search("[<>&\u2028\u2029]", out)
    assert json.loads(out) == value


@given(
    st.recursive(
        st.floats()
        | st.integers(min_value=-(2**70), max_value=2**70)
        | st.text()
        | st.dates()
        | st.sets(st.integers(), max_size=3),
        lambda c: st.lists(c) | st.dictionaries(st.text() | st.integers(), c),
        max_leaves=20,
    )
)
def test_script_json_says_what_the_standard_library_says(value: object) -> None:
    # orjson writes the pages' JSON; where it refuses (ints over 64 bits, integer keys,
    # lone surrogates) the standard library does. Either way: the same data as the
    # standard library's encoding of plain(value), never NaN or Infinity
    out = script_json(value)
    expected = json.dumps(plain(value), allow_nan=False)
    assert json.loads(out) == json.loads(expected)


def test_script_json_takes_numpy_floats_as_numbers() -> None:
    np = pytest.importorskip("numpy")
    assert json.loads(script_json({"a": np.float64(1.5)})) == {"a": 1.5}


def test_vis_assets_come_from_pyvis_and_inline_safely() -> None:
    js, css = vis_assets()
    assert "vis-network" in js[:400]
    assert "sourceMappingURL" not in js
    assert "</script" not in js.lower()
    assert "http://" not in css and "https://" not in css  # images are data: URIs
    for name in ("graph.js", "page.css", "report.css"):
        assert static_text(name)


def test_csp_allows_exactly_the_given_scripts() -> None:
    policy = csp(["a", "b"])
    assert policy.count("'sha256-") == 2
    assert "default-src 'none'" in policy
    assert "connect-src 'none'" in policy
    assert "unsafe-inline" not in policy.split("script-src", 1)[1].split(";", 1)[0]


def test_write_page_wants_html_suffix(tmp_path) -> None:
    with pytest.raises(RenderError, match=r"\.html"):
        write_page(tmp_path / "x.txt", "<p>")
    p = write_page(tmp_path / "sub" / "x.html", "<p>")
    assert p.read_text() == "<p>"
