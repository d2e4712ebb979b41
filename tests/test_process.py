"""A single command's process: work beside it in forked children (assistgraph.process)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistgraph import process
from assistgraph.settings import Settings

from .conftest import TINY
from .test_cli import run

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


@pytest.fixture
def one_command() -> Iterator[None]:
    process.one_command()
    try:
        yield
    finally:
        process.one_command(False)


def _pid_and(x: int) -> tuple[int, int]:
    return os.getpid(), x * 2


def _fails(x: int) -> int:
    if os.getpid() != PARENT:
        os._exit(7)  # the child dies without a word
    return x + 1


def _raises(x: int) -> int:
    msg = f"bad {x}"
    raise ValueError(msg)


PARENT = os.getpid()


def test_a_single_command_computes_in_a_child(one_command: None) -> None:
    result = process.in_parallel(_pid_and, 21)
    pid, value = result()
    assert value == 42 and pid != os.getpid()  # computed elsewhere, handed back


def test_elsewhere_it_runs_in_the_caller() -> None:
    assert not process.ONE_COMMAND
    result = process.in_parallel(_pid_and, 4)
    assert result() == (os.getpid(), 8)


def test_a_child_that_dies_leaves_the_work_to_the_caller(one_command: None) -> None:
    assert os.getpid() == PARENT
    assert process.in_parallel(_fails, 1)() == 2


def test_an_error_is_raised_in_the_caller_as_if_it_never_left(one_command: None) -> None:
    result = process.in_parallel(_raises, 3)
    with pytest.raises(ValueError, match="bad 3"):
        result()


def test_the_report_of_a_real_command_is_the_report_written_in_one_process(
    tmp_path: Path,
) -> None:
    """``assistgraph report`` as a real process (scorecard and graph views computed in
    forked children) writes byte for byte the page the library writes in one process."""
    s = Settings(store=str(tmp_path / "g.lbug"))
    assert run(["load", str(TINY)], s)[0] == 0
    args = ["report", "--as-of", "2025-06-30", "--store", s.store]
    code, _, err = run([*args[:-2], "-o", str(tmp_path / "inline.html")], s)
    assert code == 0, err
    env = {**os.environ, "ASSISTGRAPH_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("NEO4J_URI", None)
    cmd = [sys.executable, "-m", "assistgraph", *args, "-o", str(tmp_path / "forked.html")]
    res = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stderr
    inline = (tmp_path / "inline.html").read_bytes()
    assert b"ag-view-overview" in inline and b"ag-view-county" in inline  # both views ran
    assert (tmp_path / "forked.html").read_bytes() == inline


@pytest.mark.parametrize(
    ("code", "status", "err"),
    [("None", 0, ""), ("3", 3, ""), ("'no such file'", 1, "no such file")],
)
def test_finish_runs_the_exit_handlers_flushes_and_exits_with_the_status(
    code: str, status: int, err: str
) -> None:
    """A single command ends by ``finish``: what was registered to run at exit runs
    (the cache writers are waited for so), buffered output is written, and the status
    is SystemExit's (None → 0, an int as is, a text on stderr → 1)."""
    script = (
        "import atexit, sys\n"
        "from assistgraph.process import finish\n"
        "atexit.register(print, 'handler ran')\n"
        "sys.stdout.write('buffered ')\n"
        f"finish({code})\n"
        "print('never')\n"
    )
    res = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert res.returncode == status
    assert res.stdout == "buffered handler ran\n"
    assert res.stderr.strip() == err


def test_a_child_whose_result_is_never_asked_for_is_stopped_at_exit(tmp_path: Path) -> None:
    """A command that fails before it needs a child's result does not leave the child
    computing: it is stopped when the command ends."""
    pid_file = tmp_path / "child.pid"
    script = (
        "import os, sys, time\n"
        "from assistgraph import process\n"
        "def work(path):\n"
        "    with open(path, 'w') as fh:\n"
        "        fh.write(str(os.getpid()))\n"
        "    time.sleep(120)\n"
        "process.one_command()\n"
        f"process.in_parallel(work, {str(pid_file)!r})\n"
        f"while not os.path.exists({str(pid_file)!r}) or not open({str(pid_file)!r}).read():\n"
        "    time.sleep(0.05)\n"
        "process.finish(4)\n"
    )
    res = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, timeout=60
    )
    assert res.returncode == 4, res.stderr
    child = int(pid_file.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(child, 0)  # gone (and reaped), not sleeping on
