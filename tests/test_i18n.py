"""Chinese first: catalogs, choosing the language, and tables that line up in Chinese.

The language tests run the commands on the Sichuan example in an embedded store;
they test messages, not stores (the store tests run on both stores elsewhere).
"""

from __future__ import annotations

import gettext
import json
import re
import shutil
import string
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from assistgraph import i18n
from assistgraph.cli import cli
from assistgraph.output import render, table_lines, width
from assistgraph.settings import Settings

from .conftest import DATA, EXAMPLE, ROOT, TINY

LOCALE = ROOT / "src" / "assistgraph" / "locale"
POT = LOCALE / "assistgraph.pot"
ZH_PO = LOCALE / "zh_CN" / "LC_MESSAGES" / "assistgraph.po"


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


# -- catalogs -------------------------------------------------------------------


def test_every_message_has_a_chinese_translation_with_the_same_placeholders() -> None:
    with POT.open("rb") as f:
        pot = read_po(f)
    with ZH_PO.open("rb") as f:
        zh = read_po(f, locale="zh_CN")
    ids = [m.id for m in pot if m.id]
    assert len(ids) > 100  # the template is not empty
    missing, wrong = [], []
    for msgid in ids:
        m = zh.get(msgid)
        strings = (m.string if isinstance(m.string, tuple) else (m.string,)) if m else ("",)
        if m is None or not all(strings) or m.fuzzy:
            missing.append(msgid)
            continue
        want = _fields(msgid if isinstance(msgid, str) else msgid[1])
        examples = [ln.strip() for ln in str(msgid).splitlines() if ln.startswith("  assistgraph")]
        for s in strings:
            if _fields(s) != want:
                wrong.append((msgid, s))
            # a help text's translation keeps its examples (so it follows the current text)
            if [ln.strip() for ln in s.splitlines() if ln.startswith("  assistgraph")] != examples:
                wrong.append((msgid, s))
    assert missing == []
    assert wrong == []


def test_the_catalog_template_holds_every_message_of_the_code() -> None:
    """``scripts/i18n-extract --check`` fails when a ``_()`` string or a help text is new."""
    res = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "i18n-extract"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert res.returncode == 0, res.stdout + res.stderr


def test_the_build_hook_compiles_catalogs_that_gettext_reads(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    try:
        from hatch_build import compile_catalogs
    finally:
        sys.path.remove(str(ROOT))
    shutil.copytree(LOCALE, tmp_path / "src" / "assistgraph" / "locale")
    written = compile_catalogs(tmp_path)
    assert {p.parent.parent.name for p in written} == {"en", "zh_CN"}
    zh_mo = next(p for p in written if "zh_CN" in p.parts)
    with zh_mo.open("rb") as f:
        t = gettext.GNUTranslations(f)
    assert t.gettext("Output format.") == "输出格式。"
    assert t.ngettext("({n} row, {seconds:.3f} s)", "({n} rows, {seconds:.3f} s)", 2) == (
        "（{n} 行，{seconds:.3f} 秒）"
    )


# -- choosing the language ------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "lang"),
    [
        ({}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_TW.Big5"}, "zh"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),  # no French catalog
        ({"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),  # LC_ALL wins
        ({"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_GB.UTF-8"}, "zh"),
        ({"ASSISTGRAPH_LANG": "en", "LC_ALL": "zh_CN.UTF-8"}, "en"),
        ({"ASSISTGRAPH_LANG": "zh", "LANG": "en_US.UTF-8"}, "zh"),
        ({"ASSISTGRAPH_LANG": "xx", "LANG": "zh_CN.UTF-8"}, "zh"),  # unknown: next in line
    ],
)
def test_language_from_the_environment(env: dict[str, str], lang: str) -> None:
    assert i18n.language_from_env(env) == lang


def test_messages_carry_both_languages() -> None:
    assert i18n.messages("Error: {message}", message="x") == {"en": "Error: x", "zh": "错误：x"}
    i18n.set_language("zh")
    assert i18n._("Error: {message}", message="x") == "错误：x"
    assert i18n.ngettext(
        "{n} problem in the dataset; nothing was written",
        "{n} problems in the dataset; nothing was written",
        4,
    ) == ("数据集中有 4 个问题；未写入任何数据")
    i18n.set_language("en")
    assert i18n.ngettext(
        "{n} problem in the dataset; nothing was written",
        "{n} problems in the dataset; nothing was written",
        1,
    ) == ("1 problem in the dataset; nothing was written")


FR_PO = """\
msgid ""
msgstr ""
"Language: fr\\n"
"Content-Type: text/plain; charset=utf-8\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

msgid "kind"
msgstr "genre"

msgid "Error: {message}"
msgstr "Erreur : {message}"
"""


def test_a_third_language_is_one_new_catalog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locale = tmp_path / "locale"
    shutil.copytree(LOCALE, locale)
    (locale / "fr" / "LC_MESSAGES").mkdir(parents=True)
    (locale / "fr" / "LC_MESSAGES" / "assistgraph.po").write_text(FR_PO, encoding="utf-8")
    monkeypatch.setattr(i18n, "_LOCALE_DIR", locale)
    assert i18n.available_languages() == ("en", "fr", "zh")
    assert i18n.language_from_env({"LANG": "fr_FR.UTF-8"}) == "fr"
    assert i18n.messages("Error: {message}", message="x") == {
        "en": "Error: x",
        "fr": "Erreur : x",
        "zh": "错误：x",
    }
    res = CliRunner().invoke(cli, ["--lang", "fr", "validate", str(TINY)])
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[0].split()[0] == "table"  # not translated: English
    res = CliRunner().invoke(cli, ["--lang", "fr", "cypher", "--saved", "nope"])
    assert res.stderr.startswith("Erreur : ")


# -- the commands in Chinese and in English ----------------------------------------------------

_EXAMPLE_LINE = re.compile(r"^\s*(assistgraph|echo) ")
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_TOKEN_WITH_CODE = re.compile(r"\S*[_/.:$\d=\\-]\S*")  # ids, paths, options, numbers, codes
_THREE_WORDS = re.compile(r"[A-Za-z]+(?: [A-Za-z]+){2,}")
PROPER_NAMES = ("Graph Data Science",)


def english_runs(text: str) -> list[str]:
    """Runs of three or more English words outside ids, codes, quotes and proper names."""
    found = []
    for line in text.splitlines():
        if _EXAMPLE_LINE.match(line):
            continue
        line = _TOKEN_WITH_CODE.sub(" # ", _QUOTED.sub(" # ", line))
        for name in PROPER_NAMES:
            line = line.replace(name, " # ")
        found += _THREE_WORDS.findall(line)
    return found


def _data_names() -> list[str]:
    """Every name in the example dataset (names are data, in whatever language they are)."""
    import csv

    names: set[str] = set()
    for path in EXAMPLE.glob("*.csv"):
        with path.open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                for key in ("name_zh", "name_en", "title", "name"):
                    if row.get(key):
                        names.add(row[key])
                        names.add(" ".join(row[key].split()))  # as a page's text shows it
    return sorted(names, key=len, reverse=True)


NAMES = _data_names()


def _no_names(text: str) -> str:
    """``text`` without the dataset's names (the outputs are not wrapped: COLUMNS=1000)."""
    for name in NAMES:
        text = text.replace(name, " # ")
    return text


CHINESE_SENTENCE = re.compile(r"[\u4e00-\u9fff][^\n]*[，。；：！？、]")


@pytest.fixture(scope="module")
def example_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("i18n") / "graph.lbug"
    res = CliRunner().invoke(cli, ["load", str(EXAMPLE), "--store", str(path)])
    assert res.exit_code == 0, res.output
    yield str(path)


def _outputs(store: str, lang: str, tmp: Path) -> dict[str, str]:
    """stdout + stderr of the commands whose texts this module's catalog covers."""
    runner = CliRunner()
    cmds = {
        "validate": ["validate", str(EXAMPLE)],
        "validate-bad": ["validate", str(DATA / "bad4")],
        "load": ["load", str(EXAMPLE), "--store", store],
        "info": ["info", "--store", store],
        "synth": ["synth", "--scale", "2", "-o", str(tmp / f"synth-{lang}")],
        "cypher": [
            "cypher",
            "MATCH (p:Prefecture) RETURN p.id AS id, p.name_zh AS name ORDER BY id",
            "--store",
            store,
            "--limit",
            "3",
        ],
        "cypher-list": ["cypher", "--list"],
        "cypher-bad": ["cypher", "--saved", "overdue-task", "--store", store],
        "cypher-param": ["cypher", "--saved", "county-assistance", "--store", store],
        "gaps": ["gaps", "--store", store, "--as-of", "2025-06-30"],
        "gaps-json": ["gaps", "--store", store, "--as-of", "2025-06-30", "--format", "json"],
        "match": ["match", "--store", store, "--top", "5"],
        "concentration": ["concentration", "--store", store],
        "chains": ["chains", "--store", store],
        "scorecard": ["scorecard", "--store", store, "--target-year", "2027"],
        "diff": ["diff", store, str(EXAMPLE), "--as-of", "2025-06-30"],
        "diff-changed": ["diff", str(TINY), store, "--as-of", "2025-06-30"],
        "export": ["export", "--store", store, "--format", "xlsx", "-o", str(tmp / f"{lang}.xlsx")],
        "export-bad": [
            "export",
            "--store",
            store,
            "--format",
            "xlsx",
            "-o",
            str(tmp / "x.xlsx"),
            "--table",
            "nope",
        ],
        "template": [
            "template",
            "--store",
            store,
            "-o",
            str(tmp / f"t-{lang}.xlsx"),
            "--county",
            "513337",
        ],
        "view": ["view", "--store", store, "-o", str(tmp / f"v-{lang}.html")],
        "view-big": ["view", "--store", store, "--max-nodes", "50", "-o", str(tmp / "vb.html")],
        "view-bad": ["view", "--store", store, "-o", str(tmp / "v.txt")],
        "report": ["report", "--store", store, "-o", str(tmp / f"r-{lang}.html"), "--top", "3"],
        "report-bad": ["report", "--store", store],
        "map": ["map", "--store", store, "-o", str(tmp / f"m-{lang}.svg")],
        "map-bad": ["map", "--store", store, "-o", str(tmp / "m.png")],
    }
    out = {}
    for name, args in cmds.items():
        res = runner.invoke(cli, ["--lang", lang, *args], env={"COLUMNS": "1000"})
        out[name] = res.stdout + res.stderr
    shell_input = ":help\n:params\n:labels\n:saved\n:format bogus\n:bogus\n:run\n:timeout x\n"
    res = runner.invoke(
        cli, ["shell", "--lang", lang, "--store", store], input=shell_input, env={"COLUMNS": "100"}
    )
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    out["shell"] = res.stdout + res.stderr
    for name in [c.name for c in cli.commands.values()]:
        res = runner.invoke(cli, [name, "--help", "--lang", lang], env={"COLUMNS": "100"})
        assert res.exit_code == 0, res.output
        out[f"{name} --help"] = res.stdout
    out["--help"] = runner.invoke(cli, ["--lang", lang, "--help"]).stdout
    return out


def test_in_chinese_no_english_sentence_is_left(example_store: str, tmp_path: Path) -> None:
    outputs = _outputs(example_store, "zh", tmp_path)
    assert "错误：" in outputs["cypher-bad"] and "overdue-tasks" in outputs["cypher-bad"]
    assert "数据集中有 4 个问题；未写入任何数据" in outputs["validate-bad"]
    assert re.search(
        r"已将 \d+ 行加载到 .*，用时 [\d.]+ 秒：\d+ 个节点，\d+ 条关系。", outputs["load"]
    )
    assert "节点：Prefecture" in outputs["shell"] and "未知命令 :bogus" in outputs["shell"]
    left = {name: runs for name, text in outputs.items() if (runs := english_runs(_no_names(text)))}
    assert left == {}


def test_in_english_no_chinese_sentence_is_left(example_store: str, tmp_path: Path) -> None:
    outputs = _outputs(example_store, "en", tmp_path)
    assert re.search(r"Loaded \d+ rows into .* in [\d.]+ s: \d+ nodes", outputs["load"])
    gaps = json.loads(outputs.pop("gaps-json"))["gaps"]
    assert all(set(g["messages"]) == {"en", "zh"} for g in gaps)
    assert all(g["message"] == g["messages"]["en"] for g in gaps)
    left = {
        name: CHINESE_SENTENCE.findall(text)
        for name, text in outputs.items()
        if CHINESE_SENTENCE.search(_no_names(text))
    }
    assert left == {}


class _PageText(HTMLParser):
    """The text a reader of a page sees in one language: the spans (and SVG tspans) of
    the other language, scripts, styles and ``<code>`` (ids, rule codes) left out.
    SVG ``<title>`` texts are in (they are the page's tooltips)."""

    VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "col", "source", "wbr"})

    def __init__(self, lang: str) -> None:
        super().__init__(convert_charrefs=True)
        self.other = "en" if lang == "zh" else "zh"
        self.stack: list[bool] = []  # per open element: is it (or an ancestor) left out?
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        out = (self.stack and self.stack[-1]) or tag in ("script", "style", "code")
        out = out or self.other in classes
        if tag not in self.VOID:
            self.stack.append(bool(out))
        if not out and dict(attrs).get("placeholder"):
            self.parts.append(str(dict(attrs)["placeholder"]))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.stack.append(False)
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


def page_text(html: str, lang: str) -> str:
    """What a reader of ``html`` sees in ``lang``, a line per text node, with the words
    the page's scripts write (its catalog block) in that language."""
    parser = _PageText(lang)
    parser.feed(html)
    block = re.search(r'<script type="application/json" id="ag-words">(.*?)</script>', html)
    assert block is not None, "the page carries the words its scripts write"
    words = json.loads(block.group(1))
    i = 0 if lang == "zh" else 1
    lines = [" ".join(p.split()) for p in parser.parts] + [w[i] for w in words.values()]
    return "\n".join(ln for ln in lines if ln)


def _pages(store: str, lang: str, tmp: Path) -> dict[str, str]:
    """The pages of every HTML command on the example, opened in ``lang``."""
    runner = CliRunner()
    out = tmp / lang
    day = ["--as-of", "2025-06-30"]
    cmds = {
        "report": ["report", "--store", store, *day, "-o", str(out / "report.html")],
        "view": ["view", "--store", store, "--highlight", "gaps", *day, "-o", str(out / "v.html")],
        "view-county": ["view", "--store", store, "--county", "513337", "-o", str(out / "vc.html")],
        "map": ["map", "--store", store, *day, "-o", str(out / "map.html")],
        "dossier": [
            "report",
            "--store",
            store,
            *day,
            "--county",
            "513337",
            "-o",
            str(out / "d.html"),
        ],
        "dossiers": ["report", "--store", store, *day, "--all-counties", str(out / "all")],
    }
    for name, args in cmds.items():
        res = runner.invoke(cli, ["--lang", lang, *args], env={"COLUMNS": "1000"})
        assert res.exit_code == 0, (name, res.output)
    pages = {
        "report": out / "report.html",
        "view": out / "v.html",
        "view-county": out / "vc.html",
        "map": out / "map.html",
        "dossier": out / "d.html",
        "dossier-index": out / "all" / "index.html",
    }
    texts = {name: page_text(p.read_text(encoding="utf-8"), lang) for name, p in pages.items()}
    assert all(f'data-lang="{lang}"' in p.read_text(encoding="utf-8") for p in pages.values())
    return texts


def test_the_pages_in_chinese_have_no_english_sentence(example_store: str, tmp_path: Path) -> None:
    """Report, views, map and dossiers opened in Chinese: every text a reader sees in
    the 中文 mode (the English spans are switched off) is Chinese, names and codes aside."""
    pages = _pages(example_store, "zh", tmp_path)
    assert "没有任何" in pages["report"] and "短板" in pages["dossier"]
    left = {name: runs for name, text in pages.items() if (runs := english_runs(_no_names(text)))}
    assert left == {}


def test_the_pages_in_english_have_no_chinese_sentence(example_store: str, tmp_path: Path) -> None:
    pages = _pages(example_store, "en", tmp_path)
    assert "no record of any" in pages["report"]
    left = {
        name: CHINESE_SENTENCE.findall(_no_names(text))
        for name, text in pages.items()
        if CHINESE_SENTENCE.search(_no_names(text))
    }
    assert left == {}


def test_page_text_reads_one_language() -> None:
    """The page reader itself: the other language, scripts and code are left out."""
    html = (
        '<p><span class="zh">中文</span><span class="en">English words here</span>'
        "<code>missing_force</code><br><script>var a = 'no such thing';</script>"
        '<input placeholder="名称"></p><svg><text><tspan class="zh">甲</tspan>'
        '<tspan class="en">the a b</tspan></text><title>走势</title></svg>'
        '<script type="application/json" id="ag-words">{"k": ["来源：", "Source: "]}</script>'
    )
    assert page_text(html, "zh").split("\n") == ["中文", "名称", "甲", "走势", "来源："]
    assert "English words here" in page_text(html, "en")
    assert "中文" not in page_text(html, "en")


def test_english_runs_finds_sentences_and_skips_codes() -> None:
    """The detector itself: a sentence is found; ids, options, paths and quotes are not."""
    assert english_runs("已加载 nothing was written") == ["nothing was written"]
    assert english_runs("规则 missing_force 与 overdue_task；路径 examples/sichuan") == []
    assert english_runs("  assistgraph gaps --rule training_below_target") == []
    assert english_runs("用法： 'the day to compare' --as-of") == []


@pytest.mark.parametrize(
    "args",
    [
        ["--lang", "zh", "info"],
        ["info", "--lang", "zh"],
        ["info", "--lang=zh"],
        ["--lang", "en", "info", "--lang", "zh"],
    ],
)
def test_lang_on_the_group_and_on_the_command(example_store: str, args: list[str]) -> None:
    res = CliRunner().invoke(cli, [*args, "--store", example_store])
    assert res.exit_code == 0, res.output
    assert res.stdout.split()[:3] == ["类别", "名称", "数量"]


@pytest.mark.parametrize(
    ("env", "head"),
    [
        ({"ASSISTGRAPH_LANG": "zh"}, "类别"),
        ({"ASSISTGRAPH_LANG": "", "LC_ALL": "", "LANG": "zh_CN.UTF-8"}, "类别"),
        ({"ASSISTGRAPH_LANG": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "en_US.UTF-8"}, "kind"),
    ],
)
def test_lang_from_the_environment_in_the_cli(
    example_store: str, env: dict[str, str], head: str
) -> None:
    res = CliRunner().invoke(cli, ["info", "--store", example_store], env=env)
    assert res.exit_code == 0, res.output
    assert res.stdout.split()[0] == head
    # --lang beats the environment
    res = CliRunner().invoke(cli, ["info", "--lang", "en", "--store", example_store], env=env)
    assert res.stdout.split()[0] == "kind"


def test_help_is_translated_whatever_the_order_of_help_and_lang() -> None:
    for args in (["load", "--help", "--lang", "zh"], ["--lang", "zh", "load", "--help"]):
        res = CliRunner().invoke(cli, args)
        assert res.exit_code == 0
        assert "校验数据集（文件夹、工作簿：合并）并加载" in res.stdout
        assert "显示本帮助并退出。" in res.stdout


def test_json_keeps_english_field_names_and_enum_values(example_store: str) -> None:
    res = CliRunner().invoke(cli, ["--lang", "zh", "info", "--store", example_store])
    assert "节点" in res.stdout
    res = CliRunner().invoke(
        cli, ["--lang", "zh", "load", str(TINY), "--format", "json", "--store", example_store]
    )
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert set(rows[0]) == {"kind", "name", "count"}
    assert {r["kind"] for r in rows} == {"node", "relationship"}
    res = CliRunner().invoke(cli, ["--lang", "zh", "cypher", "--list", "--format", "csv"])
    assert res.stdout.splitlines()[0] == "name,description,params"


# -- tables that line up ---------------------------------------------------------------------


def test_cells_wrap_at_words_and_cjk_characters_and_cuts_are_marked() -> None:
    lines = table_lines(["n", "text"], [["1", "alpha beta gamma"]], max_width=9)
    # 'text' column: 9 - 1 - 2 = 6 columns; each word fits on its own line
    assert [ln[3:].rstrip() for ln in lines] == ["text", "------", "alpha", "beta", "gamma"]
    zh = "四川省39个欠发达县域托底性帮扶"  # 30 columns wide
    lines = table_lines(["n", "text"], [["1", zh]], max_width=11)  # 8 columns: 4 lines
    cells = [ln[3:].rstrip() for ln in lines[2:]]
    assert cells == ["四川省39", "个欠发达", "县域托底", "性帮扶"]  # nothing lost or split
    long = zh * 3  # 90 columns: more than MAX_LINES (6) lines of 8
    lines = table_lines(["n", "text"], [["1", long]], max_width=11)
    cells = [ln[3:].rstrip() for ln in lines[2:]]
    assert len(cells) == 6
    assert cells[-1].endswith("…")
    assert long.startswith("".join(cells)[:-1])  # cut at a character, marked with …
    assert all(width(c) <= 8 for c in cells)


def test_numbers_are_never_cut() -> None:
    rows = [[str(10**12 + i) for i in range(8)]]
    lines = table_lines([f"c{i}" for i in range(8)], rows, max_width=40)
    assert "…" not in "".join(lines)
    assert len({width(ln) for ln in lines}) == 1


def test_markdown_columns_line_up_by_display_width() -> None:
    text = render(["县", "name"], [["青川县", "Qingchuan"], ["x", "甘孜藏族自治州"]], "markdown")
    assert len({width(ln) for ln in text.splitlines()}) == 1
    assert text.splitlines()[1].startswith("|---")


def _columns(line: str) -> str:
    """``line`` with each wide character doubled: index i is display column i."""
    return "".join(ch * width(ch) for ch in line)


def _tables(text: str) -> list[list[str]]:
    """Each table of ``text``: the header line above the dashes, the dashes, the body.

    The body is the lines after the dashes that have a space at every display
    column where the dashes have their two-space gaps (a line of prose after the
    table does not), so a short (unpadded) table line is still counted.
    """
    lines = text.splitlines()
    out = []
    for i, ln in enumerate(lines):
        if i > 0 and re.fullmatch(r"-+(  -+)*", ln):
            gaps = [k for k, ch in enumerate(ln) if ch == " "]
            body = []
            for b in lines[i + 1 :]:
                cols = _columns(b)
                if not b.strip() or any(k < len(cols) and cols[k] != " " for k in gaps):
                    break
                body.append(b)
            out.append([lines[i - 1], ln, *body])
    return out


@pytest.mark.parametrize("columns", [100, 200])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_line_of_a_table_has_the_same_width(
    example_store: str, tmp_path: Path, columns: int, lang: str
) -> None:
    commands = [
        ["validate", str(EXAMPLE)],
        ["load", str(EXAMPLE), "--store", example_store],
        ["info", "--store", example_store],
        ["cypher", "MATCH (c:County) RETURN c.id, c.name_zh, c.name_en", "--store", example_store],
        ["cypher", "--saved", "overdue-tasks", "--param", "as_of=2025-06-30"],
        ["gaps", "--store", example_store, "--as-of", "2025-06-30"],
        ["concentration", "--store", example_store],
        ["chains", "--store", example_store],
        ["match", "--store", example_store],
        ["scorecard", "--store", example_store],
        ["diff", str(TINY), example_store, "--as-of", "2025-06-30", "--unchanged"],
        ["cypher", "--list"],
    ]
    commands[4] += ["--store", example_store]
    seen = 0
    for args in commands:
        res = CliRunner().invoke(cli, ["--lang", lang, *args], env={"COLUMNS": str(columns)})
        assert res.exit_code == 0, (args, res.output)
        for table in _tables(res.stdout):
            seen += 1
            widths = {width(ln) for ln in table}
            assert len(widths) == 1, (args, table[:4])
            if args[0] not in ("concentration",):  # many numeric columns: numbers are not cut
                assert widths.pop() <= columns, (args, table[:2])
    assert seen >= 12


def test_store_errors_in_chinese_on_both_stores(empty_settings: Settings) -> None:
    """A write without --write and a missing saved-query parameter, refused in Chinese."""
    env = {"NEO4J_URI": "", "ASSISTGRAPH_STORE": ""}
    if empty_settings.kind == "neo4j":
        env = {
            "NEO4J_PASSWORD": empty_settings.password or "",
            "NEO4J_USERNAME": empty_settings.username,
        }
    store = ["--store", empty_settings.store]
    runner = CliRunner()
    res = runner.invoke(cli, ["--lang", "zh", "load", str(TINY), *store], env=env)
    assert res.exit_code == 0, res.output
    res = runner.invoke(
        cli, ["--lang", "zh", "cypher", "CREATE (n:County {id: 'x'})", *store], env=env
    )
    assert res.exit_code == 1
    (line,) = res.stderr.splitlines()
    assert line.startswith("错误：该语句") and "加 --write 才允许" in line, line
    assert english_runs(line) == []
    res = runner.invoke(cli, ["--lang", "zh", "cypher", "--saved", "county-assistance", *store])
    assert res.stderr.startswith("错误：保存的查询 'county-assistance' 需要 --param county=VALUE")


def test_a_message_is_text_that_carries_every_language() -> None:
    import pickle

    force = i18n.named("省内对口帮扶", "paired assistance")
    i18n.set_language("zh")
    m = i18n.message("Providers by force: {forces}", forces=force)
    assert m == "各帮扶力量的帮扶方数：省内对口帮扶"  # a str in the language in use
    assert m.translations == {
        "en": "Providers by force: paired assistance",
        "zh": "各帮扶力量的帮扶方数：省内对口帮扶",
    }
    assert json.loads(json.dumps({"message": m})) == {"message": str(m)}
    back = pickle.loads(pickle.dumps(m))
    assert back == m and back.translations == m.translations
    i18n.set_language("en")
    assert i18n.message("Providers by force: {forces}", forces=force) == (
        "Providers by force: paired assistance"
    )


def test_pages_name_the_fonts_of_chinese_desktops() -> None:
    from importlib.resources import files

    css = files("assistgraph.render").joinpath("static/page.css").read_text(encoding="utf-8")
    stack = re.search(r"font-family:([^;]+);", css)
    assert stack is not None
    fonts = [f.strip().strip('"') for f in stack.group(1).split(",")]
    for name in ("Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC"):
        assert name in fonts
    assert fonts[-1] == "sans-serif"
    assert "url(" not in css and "@import" not in css  # offline: no font is fetched


def test_pages_carry_both_languages_of_a_message() -> None:
    from assistgraph.render._html import environment

    env = environment()
    html = env.from_string('{{ tr("Error: {message}", message=m) }}|{{ bi(g) }}').render(
        m="<b>", g=i18n.message("Providers by force: {forces}", forces=i18n.named("五方", "five"))
    )
    assert html == (
        '<span class="zh" lang="zh-CN">错误：&lt;b&gt;</span><span class="en" lang="en">'
        "Error: &lt;b&gt;</span>|"
        '<span class="zh" lang="zh-CN">各帮扶力量的帮扶方数：五方</span>'
        '<span class="en" lang="en">Providers by force: five</span>'
    )


def test_a_bad_dataset_is_refused_in_chinese_naming_table_row_column(tmp_path: Path) -> None:
    res = CliRunner().invoke(
        cli, ["--lang", "zh", "load", str(DATA / "bad4"), "--store", str(tmp_path / "g.lbug")]
    )
    assert res.exit_code == 1
    assert "Traceback" not in res.output
    assert res.stderr.splitlines() == [
        "错误：数据集中有 4 个问题；未写入任何数据",
        "providers:7:id: 键 E1 重复（首次出现在第 3 行）",
        "pairings:3:county_id: 未知的 counties 编号 'CX'",
        "projects:4:term: 'forever' 不是以下之一：long, medium, short",
        "funding:3:amount_cny: 不是数字：'lots'",
    ]
    assert not (tmp_path / "g.lbug").exists()  # nothing written


def test_a_file_that_cannot_be_read_is_refused_in_chinese_naming_table_row_column(
    tmp_path: Path,
) -> None:
    """The reader's own errors (shape of the file, merged columns) are in the catalog too."""
    data = tmp_path / "data"
    shutil.copytree(TINY, data)
    counties = data / "counties.csv"
    lines = counties.read_text(encoding="utf-8").splitlines()
    lines[2] += ",extra,cells"  # row 3: two cells more than the header
    counties.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (data / "towns.csv").write_text("id,id\nT1,T2\n", encoding="utf-8")  # a duplicate header
    for lang, want in [
        ("zh", ["counties:3:: 有 12 个单元格，但表头只有 10 列", "towns:1:id: 列重复"]),
        ("en", ["counties:3:: 12 cells but 10 headers", "towns:1:id: duplicate column"]),
    ]:
        res = CliRunner().invoke(cli, ["--lang", lang, "validate", str(data)])
        assert res.exit_code == 1, res.output
        lines = res.stderr.splitlines()
        for w in want:
            assert any(ln.startswith(w) for ln in lines), (w, lines)
        if lang == "zh":
            assert english_runs(_no_names(res.stderr)) == []


def test_a_duplicate_in_one_of_several_sources_names_its_file_and_row_in_chinese(
    tmp_path: Path,
) -> None:
    """With several sources, the first copy of a duplicate key is named by its file and
    row there (not the merged table's row), in the language chosen."""
    a, b = tmp_path / "a", tmp_path / "b"
    shutil.copytree(TINY, a)
    shutil.copytree(TINY, b)
    counties = b / "counties.csv"
    lines = counties.read_text(encoding="utf-8").splitlines()
    extra = "C9,九县,Nine County,P1,1000,800,0.5,fixture,illustrative,"
    counties.write_text("\n".join([*lines, extra, extra]) + "\n", encoding="utf-8")
    row = len(lines) + 2  # the second copy, as a spreadsheet numbers it
    for lang, want in [
        ("zh", f"键 C9 重复（首次出现在 {counties} 第 {row - 1} 行）"),
        ("en", f"duplicate key C9 (first at {counties} row {row - 1})"),
    ]:
        res = CliRunner().invoke(cli, ["--lang", lang, "validate", str(a), str(b)])
        assert res.exit_code == 1, res.output
        assert f"{counties}:{row}:id: {want}" in res.stderr.splitlines(), res.stderr


def test_the_report_carries_each_finding_in_both_languages(
    example_store: str, tmp_path: Path
) -> None:
    out = tmp_path / "r.html"
    res = CliRunner().invoke(
        cli,
        [
            "--lang",
            "zh",
            "report",
            "--store",
            example_store,
            "--as-of",
            "2025-06-30",
            "-o",
            str(out),
        ],
    )
    assert res.exit_code == 0, res.output
    html = out.read_text(encoding="utf-8")
    assert 'data-lang="zh"' in html  # opens in the language of --lang
    # a finding: Chinese in the zh span, English in the en span, switched by the page's CSS
    assert re.search(
        r'<span class="zh" lang="zh-CN">没有任何[^<]*的帮扶方与该县结对的记录</span>'
        r'<span class="en" lang="en">no record of any \w+ provider paired with the county</span>',
        html,
    )
    assert re.search(r'<span class="zh" lang="zh-CN">[^<]*具备[^<]*能力[^<]*</span>', html)  # why
