"""Docs stay in step with the code."""

from __future__ import annotations

from assistgraph import schema

from .conftest import ROOT


def test_data_format_doc_is_generated_from_schema() -> None:
    text = (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
    assert schema.tables_markdown() in text


def test_every_command_is_in_the_readme() -> None:
    from assistgraph.cli import cli

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [c for c in cli.commands if f"assistgraph {c}" not in readme]
    assert missing == []


def test_command_outputs_in_the_docs_are_a_fresh_run() -> None:
    """``cog --check`` reruns every command shown in the docs and fails on any difference.

    Fix a failure with ``cog -r -I docs README.md docs/README.zh-CN.md``.
    """
    import subprocess
    import sys

    docs = ["README.md", "docs/README.zh-CN.md"]
    res = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", "--diff", "-I", "docs", *docs],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
