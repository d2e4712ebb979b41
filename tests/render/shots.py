"""Screenshots for the README, taken the way the browser tests load pages.

``scripts/screenshots`` runs this module: it loads ``examples/sichuan`` into a
temporary embedded store, renders a county view and the report with
``render_view`` / ``render_report``, opens each with :func:`browser.open_checked`
(no console error, no request but the file itself, or it stops) and saves
``docs/img/county-view.png`` and ``docs/img/report.png``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from assistgraph.render import render_report, render_view
from assistgraph.targets import load_targets

from ..conftest import EXAMPLE, ROOT
from .browser import Chromium, open_checked
from .conftest import export

COUNTY = "稻城县"
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
        report = render_report(G, targets=targets, as_of=AS_OF, lang="en")
        (work / "report.html").write_text(report, encoding="utf-8")
        with Chromium() as browser:
            page = open_checked(browser, view.write(work / "county.html"), width=1400, height=860)
            page.evaluate(f"assistgraph.views[0].select({county_key!r})")
            page.screenshot(out / "county-view.png")
            page.close()
            page = open_checked(browser, work / "report.html", width=1280, height=1400)
            page.screenshot(out / "report.png")
            page.close()
    for name in ("county-view.png", "report.png"):
        print(f"wrote {out / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
