"""The report in Chromium, in Chinese and in English (issue 14).

With ``--lang zh`` the findings a reader sees are Chinese; the 中文/English
switch shows the English ones without reloading. Debian's ``fonts-noto-cjk``
(installed by ``scripts/test``) draws them; the screenshots are taken through
:func:`browser.open_checked`, as ``scripts/screenshots`` takes the README's.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from assistgraph import i18n
from assistgraph.render import _words as W
from assistgraph.render import render_report

from .browser import Chromium, open_checked

pytestmark = pytest.mark.browser

GAPS = "document.querySelector('#gaps').innerText"


def test_the_zh_report_shows_chinese_findings_and_switches_to_english(
    chromium: Chromium, tiny_graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    i18n.set_language("zh")
    path = tmp_path / "report.html"
    path.write_text(render_report(tiny_graph, as_of="2025-06-30", lang="zh"), encoding="utf-8")
    page = open_checked(chromium, path, width=1280, height=1400)
    try:
        zh = page.evaluate(GAPS)
        assert "的记录" in zh  # a gap message, e.g. 没有……的记录
        assert "no record of" not in zh
        page.screenshot(tmp_path / "report-zh.png")
        page.evaluate("document.querySelector('[data-ag-lang=en]').click()")
        en = page.evaluate(GAPS)
        assert "no record of" in en
        assert "的记录" not in en
        page.screenshot(tmp_path / "report-en.png")
        assert page.log.errors == []
        assert page.log.requests == [page.url]  # offline: no font or script fetched
    finally:
        page.close()
    assert (tmp_path / "report-zh.png").stat().st_size > 10_000


def test_the_view_cards_take_their_words_from_the_catalog_in_both_languages(
    chromium: Chromium, tiny_graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    """A county's card: its gap messages and the script's own words (来源, 短板) switch."""
    from assistgraph.render import render_view

    view = render_view(tiny_graph, highlight="gaps", as_of="2025-06-30", lang="zh")
    (county,) = [n for n in view.nodes if n["ag"]["kind"] == "County" and n["ag"]["gaps"]][:1]
    message = county["ag"]["gaps"][0]["message"]
    assert message[0] != message[1]  # [中文, English]
    words = i18n.translation("zh")
    path = view.write(tmp_path / "v.html")
    page = open_checked(chromium, path)
    details = "document.querySelector('.ag-details').innerText"
    try:
        page.evaluate(f"assistgraph.views[0].select({county['id']!r})")
        zh = page.evaluate(details)
        assert message[0] in zh and message[1] not in zh
        assert words.gettext("Source: ").strip() in zh and "Source:" not in zh
        page.evaluate("document.querySelector('[data-ag-lang=en]').click()")
        en = page.evaluate(details)
        assert message[1] in en and message[0] not in en
        assert "Source:" in en and "Gaps" in en
        # a yes/no and a force's name: the words of the language shown, not both
        page.evaluate("assistgraph.views[0].select('Project:PR1')")
        assert "yes" in page.evaluate(details)
        force_zh, force_en = W.force_name("east_west")
        page.evaluate("assistgraph.views[0].select('Provider:E1')")
        en = page.evaluate(details)
        assert force_en in en and force_zh not in en, en
        page.evaluate("document.querySelector('[data-ag-lang=zh]').click()")
        zh = page.evaluate(details)
        assert force_zh in zh and force_en not in zh, zh
        page.evaluate("assistgraph.views[0].select('Project:PR1')")
        zh = page.evaluate(details)
        assert words.gettext("yes") in zh and "yes" not in zh, zh
        assert page.log.errors == []
    finally:
        page.close()
