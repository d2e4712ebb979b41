"""Screenshots for the README, taken the way the browser tests load pages.

``scripts/screenshots`` runs this module: it loads ``examples/sichuan`` into a
temporary embedded store, renders a county view, the report and a county dossier
with ``render_view`` / ``render_report`` / ``render_county``, opens each with
:func:`browser.open_checked` (no console error, no request but the file itself, or
it stops) and saves ``docs/img/county-view.png``, ``docs/img/report.png``,
``docs/img/map.png`` (the report's map, coloured by the number of high gaps, with
a county's hover card) and ``docs/img/dossier.png`` (稻城县's dossier as printed); the
report and the dossier also in Chinese (``report-zh.png``, ``dossier-zh.png``), rendered
with ``lang="zh"`` as ``tests/render/test_i18n_browser.py`` renders them.
"""

from __future__ import annotations

import base64
import sys
import tempfile
from pathlib import Path

from assistgraph.render import render_county, render_report, render_view
from assistgraph.targets import load_targets

from ..conftest import EXAMPLE, ROOT
from .browser import Chromium, Page, open_checked
from .conftest import export

COUNTY = "稻城县"
DOSSIER = "513337"  # 稻城县
NAMES = (
    "county-view.png",
    "report.png",
    "report-zh.png",
    "map.png",
    "dossier.png",
    "dossier-zh.png",
)
AS_OF = "2026-06-30"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else ROOT / "docs" / "img"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="assistgraph-shots-") as tmp:
        work = Path(tmp)
        G = export(EXAMPLE, work / "graph.lbug")
        targets = load_targets(EXAMPLE)
        view = render_view(
            G, county=COUNTY, depth=1, highlight="gaps", targets=targets, as_of=AS_OF
        )
        county_key = next(n["id"] for n in view.nodes if n["ag"]["kind"] == "County")
        for lang, name in (("en", "report.html"), ("zh", "report-zh.html")):
            report = render_report(G, targets=targets, as_of=AS_OF, lang=lang)
            (work / name).write_text(report, encoding="utf-8")
        with Chromium() as browser:
            page = open_checked(browser, view.write(work / "county.html"), width=1400, height=860)
            page.evaluate(f"assistgraph.views[0].select({county_key!r})")
            page.screenshot(out / "county-view.png")
            page.close()
            page = open_checked(browser, work / "report.html", width=1280, height=1400)
            page.screenshot(out / "report.png")
            _map(page, out / "map.png")
            page.close()
            page = open_checked(browser, work / "report-zh.html", width=1280, height=1400)
            page.screenshot(out / "report-zh.png")
            page.close()
            for lang, name in (("en", "dossier"), ("zh", "dossier-zh")):
                dossier = render_county(G, DOSSIER, targets=targets, as_of=AS_OF, lang=lang)
                (work / f"{name}.html").write_text(dossier, encoding="utf-8")
                page = open_checked(browser, work / f"{name}.html", width=794, height=1123)
                page.send("Emulation.setEmulatedMedia", {"media": "print"})
                page.screenshot(out / f"{name}.png")
                page.close()
    for name in NAMES:
        print(f"wrote {out / name}")
    return 0


def _map(page: Page, path: Path) -> None:
    """The report's map alone: coloured by high gaps, 稻城县's hover card shown."""
    page.evaluate("document.querySelector('input[data-ag-measure][value=high_gaps]').click()")
    page.evaluate(
        "(() => { const m = document.querySelector('#map'); window.scrollTo(0, m.offsetTop - 50);"
        " const s = document.querySelector('[data-county-id=\"513337\"]').getBoundingClientRect();"
        " document.querySelector('[data-county-id=\"513337\"]').dispatchEvent(new MouseEvent("
        "'mousemove', {bubbles: true, clientX: s.x + s.width / 2, clientY: s.y + s.height / 2}));"
        " })()"
    )
    box = page.evaluate(
        "(() => { const r = document.querySelector('#map').getBoundingClientRect();"
        " return {x: r.x, y: r.y + window.scrollY, width: r.width, height: r.height}; })()"
    )
    data = page.send(
        "Page.captureScreenshot",
        {"format": "png", "clip": {**box, "scale": 1}, "captureBeyondViewport": True},
    )["data"]
    path.write_bytes(base64.b64decode(data))


if __name__ == "__main__":
    raise SystemExit(main())
