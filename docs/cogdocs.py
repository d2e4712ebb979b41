"""Command outputs in the docs, produced by running the commands (cogapp).

README.md and docs/README.zh-CN.md mark each shown output with a cog block::

    <!-- [[[cog from cogdocs import show; show("assistgraph gaps --as-of 2025-06-30") ]]] -->
    …generated…
    <!-- [[[end]]] -->

``cog -r -I docs README.md docs/README.zh-CN.md`` rewrites the outputs;
``cog --check -I docs …`` (run by tests/test_docs.py) fails when a doc differs
from a fresh run. The commands run in this process on the Sichuan example,
loaded once into a temporary embedded store, with ``COLUMNS=120``.
"""

from __future__ import annotations

import atexit
import os
import shlex
import shutil
import tempfile
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = 120
_store: Path | None = None


def _example_store() -> Path:
    """The example loaded into a temporary embedded store (once per cog run)."""
    global _store
    if _store is None:
        from assistgraph.cli import cli

        folder = Path(tempfile.mkdtemp(prefix="assistgraph-docs-"))
        atexit.register(shutil.rmtree, folder, True)
        _store = folder / "graph.lbug"
        res = CliRunner().invoke(
            cli,
            ["load", str(ROOT / "examples" / "sichuan"), "--store", str(_store)],
            env=_env("en"),
        )
        if res.exit_code != 0:
            raise RuntimeError(res.output)
    return _store


def _env(lang: str) -> dict[str, str | None]:
    return {
        "COLUMNS": str(COLUMNS),
        "ASSISTGRAPH_LANG": lang,
        "NEO4J_URI": None,
        "ASSISTGRAPH_STORE": str(_store) if _store else None,
        "ASSISTGRAPH_CACHE_DIR": str(_store.parent / "cache") if _store else None,
    }


def output(command: str, *, lang: str = "en", head: int | None = None) -> str:
    """What ``command`` prints (stdout, then stderr) on the example store."""
    from assistgraph.cli import cli

    _example_store()
    args = shlex.split(command)
    assert args[0] == "assistgraph", command
    cwd = os.getcwd()
    os.chdir(ROOT)  # example paths in the docs are relative to the repository
    try:
        res = CliRunner().invoke(cli, args[1:], env=_env(lang), prog_name="assistgraph")
    finally:
        os.chdir(cwd)
    text = (res.stdout + res.stderr).rstrip("\n")
    lines = [ln.rstrip() for ln in text.splitlines()]
    if head is not None and len(lines) > head:
        lines = [*lines[:head], "..."]
    return "\n".join(lines)


def show(command: str, *, lang: str = "en", head: int | None = None) -> None:
    """Write a console block: ``$ command`` and its output."""
    import cog  # the module cogapp provides to the code it runs

    cog.outl("```console")
    cog.outl(f"$ {command}")
    cog.outl(output(command, lang=lang, head=head))
    cog.outl("```")
