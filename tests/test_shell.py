"""`assistgraph shell`: multi-line statements ending in ';', commands, errors, history."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from assistgraph.settings import Settings
from assistgraph.shell import Shell, split_statements
from assistgraph.store import Store

from .conftest import TINY

EVIL = "x' }) DETACH DELETE c //"


def drive(store: Store, text: str, **kw: object) -> tuple[int, str, str]:
    """Feed ``text`` to a shell as piped input; return exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    code = Shell(store, stdin=io.StringIO(text), stdout=out, stderr=err, **kw).run()  # type: ignore[arg-type]
    return code, out.getvalue(), err.getvalue()


def county_count(store: Store) -> int:
    return int(store.query("MATCH (c:County) RETURN count(c) AS n").rows[0][0])


@pytest.mark.parametrize(
    ("text", "statements", "rest"),
    [
        ("RETURN 1;", ["RETURN 1"], ""),
        ("MATCH (n)\nRETURN n;\nRETURN 2", ["MATCH (n)\nRETURN n"], "\nRETURN 2"),
        ("RETURN ';' AS a, \"x;\" AS b, `c;` ;", ["RETURN ';' AS a, \"x;\" AS b, `c;`"], ""),
        ("RETURN 1 // not the end;\n", [], "RETURN 1 // not the end;\n"),
        ("RETURN /* ; */ 1; RETURN 2;", ["RETURN /* ; */ 1", "RETURN 2"], ""),
        ("RETURN 'it\\'s;' AS s;", ["RETURN 'it\\'s;' AS s"], ""),
        (";;", [], ""),
    ],
)
def test_split_statements(text: str, statements: list[str], rest: str) -> None:
    assert split_statements(text) == (statements, rest)


def test_multiline_statements_print_tables(loaded_store: Callable[[Path | str], Store]) -> None:
    st = loaded_store(TINY)
    code, out, err = drive(
        st,
        "MATCH (c:County)\n"
        "WHERE c.population > 60000\n"
        "RETURN c.id AS id, c.name_zh AS name\n"
        "ORDER BY id;\n"
        "RETURN 1 AS one; RETURN 2 AS two;\n",
    )
    assert code == 0, err
    assert out.split("\n\n")[0].splitlines() == ["id  name", "--  ----", "C1  一县", "C3  三县"]
    assert "one\n---\n1" in out and "two\n---\n2" in out


def test_errors_are_one_line_and_the_shell_goes_on(
    loaded_store: Callable[[Path | str], Store],
) -> None:
    st = loaded_store(TINY)
    code, out, err = drive(
        st, "MATCH (c:County RETURN c;\nMATCH (c:County) RETURN count(c) AS n;\n:nope\n"
    )
    assert code == 1  # piped input: any failure gives exit code 1
    assert err.startswith("Error: ") and "Traceback" not in err
    assert "unknown command :nope" in err
    assert "n\n-\n3" in out


def test_writes_refused_unless_write(loaded_store: Callable[[Path | str], Store]) -> None:
    st = loaded_store(TINY)
    code, _, err = drive(st, "MATCH (c:County) DETACH DELETE c;\n")
    assert code == 1 and "--write" in err
    assert county_count(st) == 3


def test_commands_params_saved_and_formats(loaded_store: Callable[[Path | str], Store]) -> None:
    st = loaded_store(TINY)
    code, out, err = drive(
        st,
        ":format json\n"
        f":param name={EVIL}\n"
        "MATCH (c:County) WHERE c.name_zh = $name RETURN count(c) AS n;\n"
        ":param name\n"
        ":param min=60000\n"
        "MATCH (c:County) WHERE c.population > $min RETURN c.id AS id ORDER BY id;\n"
        ":run overdue-tasks as_of=2025-01-01\n"
        ":run overdue-tasks\n"
        ":saved\n"
        ":labels\n"
        ":quit\n"
        "RETURN 'not reached' AS x;\n",
    )
    assert county_count(st) == 3
    blocks = [b for b in out.split("\n") if b]
    text = "\n".join(blocks)
    assert json.loads(out[: out.index("]") + 1]) == [{"n": 0}]  # the injection is a plain string
    assert '"id": "C3"' in text and '"task_id": "T1"' in text
    assert "overdue-tasks" in text and "PAIRED_WITH" in text
    assert "not reached" not in text
    assert "needs --param as_of=VALUE" in err
    assert code == 1  # the :run without its parameter failed


def _env(settings: Settings, tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ, NEO4J_URI="", ASSISTGRAPH_HISTORY=str(tmp_path / "history"))
    if settings.kind == "neo4j":
        env.update(NEO4J_PASSWORD=settings.password or "", NEO4J_USERNAME=settings.username)
    return env


def test_shell_command_reads_a_pipe(empty_settings: Settings, tmp_path: Path) -> None:
    from assistgraph.jobs.load import load_dataset

    load_dataset(TINY, empty_settings)
    res = subprocess.run(
        [sys.executable, "-m", "assistgraph", "shell", "--store", empty_settings.store],
        input="MATCH (c:County)\nRETURN count(c) AS n;\nMATCH (c:County) DETACH DELETE c;\n",
        capture_output=True,
        text=True,
        env=_env(empty_settings, tmp_path),
        timeout=120,
    )
    assert res.stdout.startswith("n\n-\n3\n")
    assert res.returncode == 1
    assert "--write" in res.stderr and "Traceback" not in res.stderr
    assert "assistgraph>" not in res.stdout  # no prompts when the input is not a terminal


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_interactive_prompt_and_history(tmp_path: Path) -> None:
    """On a terminal: prompts, a continuation prompt, and the history file."""
    import pty

    from assistgraph.jobs.load import load_dataset

    settings = Settings(store=str(tmp_path / "g.lbug"))
    load_dataset(TINY, settings)
    primary, secondary = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistgraph", "shell", "--store", settings.store],
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        env=_env(settings, tmp_path) | {"TERM": "dumb"},
        close_fds=True,
    )
    os.close(secondary)
    seen = b""

    def read_until(marker: bytes, limit: float = 60) -> None:
        nonlocal seen
        end = time.monotonic() + limit
        while marker not in seen and time.monotonic() < end:
            try:
                seen += os.read(primary, 4096)
            except OSError:
                break
        assert marker in seen, seen.decode(errors="replace")

    try:
        read_until(b"assistgraph> ")
        os.write(primary, b"MATCH (c:County)\n")
        read_until(b"...> ")
        os.write(primary, b"RETURN count(c) AS n;\n")
        read_until(b"(1 row, ")
        os.write(primary, b":quit\n")
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(primary)
    history = (tmp_path / "history").read_text(encoding="utf-8")
    assert "RETURN count(c) AS n;" in history
