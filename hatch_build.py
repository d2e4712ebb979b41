"""Hatch build hook: compile the gettext catalogs (``.po`` → ``.mo``) with Babel.

Runs for the wheel and for editable installs, so ``pip install .`` and
``pip install -e .`` both get compiled catalogs; the ``.mo`` files are build
output (ignored by git) that the hook adds to the wheel as artifacts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

try:
    from hatchling.builders.hooks.plugin.interface import BuildHookInterface
except ImportError:  # the tests import compile_catalogs without hatchling installed
    BuildHookInterface = object  # type: ignore[assignment,misc]

LOCALE = Path("src") / "assistgraph" / "locale"


def compile_catalogs(root: Path) -> list[Path]:
    """Compile every ``locale/*/LC_MESSAGES/*.po`` under ``root`` next to itself."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted((root / LOCALE).glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as f:
            catalog = read_po(f, locale=po.parent.parent.name)
        mo = po.with_suffix(".mo")
        with mo.open("wb") as f:
            write_mo(f, catalog, use_fuzzy=False)
        written.append(mo)
    return written


class CatalogBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        for mo in compile_catalogs(root):
            build_data["artifacts"].append(mo.relative_to(root).as_posix())
