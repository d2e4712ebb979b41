"""Hostile queries, outputs and processes (issue 19).

Runaway statements stop (``--timeout``, the embedded store's memory guard); outputs
that fail are ``Error:`` lines; Markdown from the data is inert; a symlinked store is
followed; concurrent writers wait or are told the store is busy; the load record tells
the truth whenever a load is interrupted.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistgraph.cli import cli
from assistgraph.errors import QueryTimeout, StoreBusyError, WriteRefused
from assistgraph.settings import Settings
from assistgraph.store import open_store
from assistgraph.store.embedded import EmbeddedStore
from assistgraph.store.readonly import ensure_read_only

from .conftest import TINY
from .test_cli import run

RUNAWAY = "UNWIND range(1, 2000000000) AS i RETURN sum(i)"
#: Runs for minutes, but in many small steps the engine can interrupt.
LONG = "UNWIND range(1, 3000000) AS a UNWIND range(1, 1000) AS b RETURN sum(a * b) AS s"


def _env(settings: Settings | None = None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTGRAPH_LIMIT_")}
    env.update(NEO4J_URI="", ASSISTGRAPH_STORE="", **extra)
    if settings is not None and settings.kind == "neo4j":
        env.update(NEO4J_PASSWORD=settings.password or "", NEO4J_USERNAME=settings.username)
    return env


def _cli(args: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assistgraph", *args],
        capture_output=True,
        text=True,
        timeout=300,
        **kw,  # type: ignore[arg-type]
    )


# -- runaway statements -------------------------------------------------------------
TIMED = textwrap.dedent(
    """
    import json, os, sys, time
    from assistgraph.errors import QueryError
    from assistgraph.settings import Settings
    from assistgraph.store import open_store
    st = open_store(Settings.from_env(sys.argv[1]))
    start = time.monotonic()
    try:
        st.query(sys.argv[2], timeout=2)
        out = {"error": None}
    except QueryError as e:  # QueryTimeout, or ResourceLimit if memory ran out first
        out = {"error": str(e), "fatal": getattr(e, "fatal", False)}
    out["seconds"] = time.monotonic() - start
    print(json.dumps(out), flush=True)
    os._exit(0)  # a stuck embedded statement cannot be joined
    """
)


def test_timeout_stops_the_runaway_unwind_within_5_s(empty_settings: Settings) -> None:
    """``timeout=2`` on ``UNWIND range(1, 2000000000)``: stopped within 5 s on both stores.

    Neo4j stops the transaction; the embedded engine does not check for interruption
    while it builds the list, so after 2 s plus a 1 s grace the error is fatal and
    the command line ends the process. On a fast machine the embedded memory guard
    (2 GiB of growth) may stop it first: stopped either way, within 5 s.
    """
    run(["load", str(TINY)], empty_settings)
    res = subprocess.run(
        [sys.executable, "-c", TIMED, empty_settings.store, RUNAWAY],
        capture_output=True,
        text=True,
        env=_env(empty_settings),
        timeout=120,
    )
    assert res.stdout, res.stderr
    got = json.loads(res.stdout)
    assert got["error"] is not None and got["error"].startswith("the query ")
    assert got["seconds"] < 5
    if "timed out" in got["error"]:
        assert got["error"].startswith("the query timed out after 2 s")
        assert got["seconds"] >= 1.9
    else:  # the embedded memory guard (2 GiB of growth) came first
        assert empty_settings.kind == "embedded"
        assert got["error"].startswith("the query used more than 2048 MiB")

    start = time.monotonic()
    res = _cli(
        ["cypher", RUNAWAY, "--timeout", "2", "--store", empty_settings.store],
        env=_env(empty_settings),
    )
    assert time.monotonic() - start < 15  # start-up included
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
    if "timed out" in res.stderr:
        assert res.stderr.startswith("Error: the query timed out after 2 s")
        assert res.stderr.rstrip().endswith("(--timeout)")
    else:
        assert res.stderr.startswith("Error: the query used more than 2048 MiB")


def test_timeout_interrupts_a_long_statement_in_process(empty_settings: Settings) -> None:
    """A statement the engine can interrupt stops cleanly; the store stays usable."""
    run(["load", str(TINY)], empty_settings)
    with open_store(empty_settings) as st:
        start = time.monotonic()
        with pytest.raises(QueryTimeout) as exc:
            st.query(LONG, timeout=1)
        assert time.monotonic() - start < 4
        assert not exc.value.fatal
        assert "--timeout" not in str(exc.value)  # the flag is the command line's hint
        assert st.query("MATCH (c:County) RETURN count(c) AS n").rows == [[3]]


def test_memory_guard_stops_a_runaway_statement(tmp_path: Path) -> None:
    """With 256 MiB allowed, the runaway UNWIND ends with an error, not 17 GB.

    The guard sees the growth and stops the process within a second; a growing list
    doubles its buffer, so the peak (the child's VmHWM, read while it runs) reaches a
    few times the limit: under 2.5 GB here, against 17 GB unguarded.
    """
    store = tmp_path / "g.lbug"
    run(["load", str(TINY)], Settings(store=str(store)))
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistgraph", "cypher", RUNAWAY, "--store", str(store)],
        env=_env(ASSISTGRAPH_LIMIT_QUERY_MEMORY=str(256 << 20)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak = 0
    status = Path(f"/proc/{proc.pid}/status")
    while proc.poll() is None:  # the child's own high-water mark (getrusage would
        # include this process's peak, inherited across fork and exec)
        with contextlib.suppress(OSError, IndexError, ValueError):
            peak = max(peak, int(status.read_text().split("VmHWM:")[1].split()[0]) * 1024)
        time.sleep(0.02)
    _, err = proc.communicate(timeout=60)
    got = {"code": proc.returncode, "err": err, "peak": peak}
    assert got["code"] == 1
    assert got["err"].startswith("Error: the query used more than 256 MiB of memory"), got
    # unguarded: 17 GB at 60 s; the guard polls, so a busy machine overshoots its limit
    assert got["peak"] < 4e9


def test_read_only_store_has_a_bounded_buffer_pool(tmp_path: Path) -> None:
    """16 MiB cannot hold 3 M distinct values: the buffer pool (or the growth check) says so."""
    from assistgraph.errors import ResourceLimit
    from assistgraph.settings import Limits

    store = tmp_path / "g.lbug"
    run(["load", str(TINY)], Settings(store=str(store)))
    with EmbeddedStore(store, limits=Limits(query_memory=16 << 20)) as st:
        with pytest.raises(ResourceLimit, match=r"16 MiB"):
            st.query("UNWIND range(1, 3000000) AS i RETURN count(DISTINCT i) AS n")
        assert st.query("MATCH (c:County) RETURN count(c) AS n").rows == [[3]]


# -- errors at the boundary ---------------------------------------------------------
def test_library_messages_name_no_flags() -> None:
    with pytest.raises(WriteRefused) as exc:
        ensure_read_only("COPY (MATCH (c) RETURN c.id) TO 'x.csv'")
    assert "--" not in str(exc.value)


def test_mixed_list_parameter(empty_settings: Settings) -> None:
    """``-p 'x=[1,"a"]'``: Neo4j takes a mixed list; the embedded engine cannot (an Error)."""
    run(["load", str(TINY)], empty_settings)
    code, out, err = run(
        ["cypher", "RETURN $x AS x", "-p", 'x=[1,"a"]', "--format", "json"], empty_settings
    )
    assert "Traceback" not in err
    if empty_settings.kind == "neo4j":
        assert code == 0 and json.loads(out) == [{"x": [1, "a"]}]
    else:
        assert code == 1 and err.startswith("Error: the parameters cannot be used")
        assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "args",
    [
        ["view", "-o", "/dev/null/x.html"],
        ["report", "-o", "/dev/null/x.html"],
        ["synth", "--scale", "1", "-o", "/dev/null/x"],
    ],
    ids=["view", "report", "synth"],
)
def test_output_to_an_impossible_path(args: list[str], tmp_path: Path) -> None:
    store = tmp_path / "g.lbug"
    run(["load", str(TINY)], Settings(store=str(store)))
    full = [*args, "--store", str(store)] if args[0] != "synth" else args
    res = _cli(full, env=_env())
    assert res.returncode == 1, res.stderr
    assert res.stderr.startswith("Error: /dev/null") and "Traceback" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "args",
    [["gaps"], ["info", "--format", "json"], ["cypher", "MATCH (c:County) RETURN c.id"]],
    ids=["gaps", "info", "cypher"],
)
def test_stdout_on_a_full_device(args: list[str], empty_settings: Settings) -> None:
    """stdout redirected to /dev/full: one Error line, exit 1, no 'Exception ignored'."""
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    run(["load", str(TINY)], empty_settings)
    with open("/dev/full", "w") as full:
        res = subprocess.run(
            [sys.executable, "-m", "assistgraph", *args, "--store", empty_settings.store],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(empty_settings),
            timeout=300,
        )
    assert res.returncode == 1
    assert res.stderr == "Error: cannot write the output: No space left on device\n"


def test_gaps_markdown_is_inert(empty_settings: Settings, tmp_path: Path) -> None:
    """A provider named ``<img src=x onerror=alert(1)>`` appears escaped, never as HTML."""
    ds = tmp_path / "ds"
    shutil.copytree(TINY, ds)
    evil = "<img src=x onerror=alert(1)>[click](javascript:alert(2))"
    lines = (ds / "providers.csv").read_text(encoding="utf-8").splitlines()
    head = lines[0].split(",")
    i = head.index("name_zh")
    first = lines[1].split(",")
    first[i] = evil
    lines[1] = ",".join(first)
    (ds / "providers.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = run(["load", str(ds)], empty_settings)
    assert code == 0, err
    code, out, err = run(
        ["cypher", "MATCH (p:Provider) RETURN p.name_zh AS n ORDER BY n", "--format", "markdown"],
        empty_settings,
    )
    assert code == 0, err
    assert "&lt;img src=x onerror=alert(1)&gt;\\[click\\](javascript:alert(2))" in out
    assert "<img" not in out and "[click]" not in out
    code, out, err = run(["gaps", "--format", "markdown"], empty_settings)
    assert code == 0, err
    assert "<img" not in out and "<" not in out.replace("&lt;", "")


# -- files and processes (embedded store) -------------------------------------------
def test_symlinked_store_is_followed_on_replace(tmp_path: Path) -> None:
    target = tmp_path / "real" / "g.lbug"
    target.parent.mkdir()
    link = tmp_path / "link.lbug"
    run(["load", str(TINY)], Settings(store=str(target)))
    link.symlink_to(target)
    ds = tmp_path / "ds"
    shutil.copytree(TINY, ds)
    with (ds / "towns.csv").open("a", encoding="utf-8") as fh:
        fh.write("TB,新镇,New Town,C2,eco_health\n")
    code, _, err = run(["load", str(ds), "--replace"], Settings(store=str(link)))
    assert code == 0, err
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert not any(p.name.startswith(".link.lbug") for p in tmp_path.iterdir())
    with EmbeddedStore(target) as st:  # the target holds the new graph
        assert st.query("MATCH (t:Town) RETURN count(t) AS n").rows == [[2]]


def test_second_writer_is_busy_or_waits(tmp_path: Path) -> None:
    store = tmp_path / "g.lbug"
    run(["load", str(TINY)], Settings(store=str(store)))
    holder = EmbeddedStore(store, write=True)
    try:
        code, _, err = run(["load", str(TINY)], Settings(store=str(store)))
        assert code == 1 and err.startswith("Error: store is busy"), err
        with pytest.raises(StoreBusyError):
            EmbeddedStore(store, write=True, wait=0.3)
        threading.Timer(1.0, holder.close).start()
        start = time.monotonic()
        code, _, err = run(["load", str(TINY), "--wait", "30"], Settings(store=str(store)))
        assert code == 0, err
        assert time.monotonic() - start >= 0.9
    finally:
        holder.close()


def test_replace_keeps_the_lock_until_the_new_file_is_in_place(tmp_path: Path) -> None:
    """A writer waiting during a --replace load runs after it: its town is never lost.

    Writer 1 replaces the graph with a synthetic dataset (several seconds); writer 2
    adds a town with ``--wait``, started once writer 1 holds the lock. Expected: the
    graph is writer 1's plus writer 2's town, and both load records say completed.
    """
    store = tmp_path / "g.lbug"
    run(["load", str(TINY)], Settings(store=str(store)))
    big = tmp_path / "big"
    assert run(["synth", "--scale", "3", "-o", str(big)])[0] == 0
    small = tmp_path / "small"
    shutil.copytree(big, small)
    county = (small / "counties.csv").read_text(encoding="utf-8").splitlines()[1].split(",")[0]
    with (small / "towns.csv").open("a", encoding="utf-8") as fh:
        fh.write(f"TB-EXTRA,新镇,New Town,{county},eco_health\n")
    first = subprocess.Popen(
        [sys.executable, "-m", "assistgraph", "load", str(big), "--replace", "--store", str(store)],
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lock = store.with_name(f".{store.name}.lock")
    deadline = time.monotonic() + 60
    import fcntl

    while time.monotonic() < deadline:  # until writer 1 holds the writer lock
        fd = os.open(lock, os.O_RDWR | os.O_CREAT)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            fcntl.flock(fd, fcntl.LOCK_UN)
        except BlockingIOError:
            break
        finally:
            os.close(fd)
        time.sleep(0.02)
    second = _cli(["load", str(small), "--wait", "120", "--store", str(store)], env=_env())
    _, err1 = first.communicate(timeout=300)
    assert first.returncode == 0, err1
    assert second.returncode == 0, second.stderr
    with EmbeddedStore(store) as st:
        assert st.query("MATCH (t:Town {id: 'TB-EXTRA'}) RETURN count(t)").rows == [[1]]
        runs = st.load_runs().records()
    assert [r["status"] for r in runs[:2]] == ["completed", "completed"]


def test_load_record_tells_the_truth_after_sigint(tmp_path: Path) -> None:
    """SIGINT at 12 moments of a ``--replace`` load: never 'completed' without the data.

    The store holds the tiny dataset; the load brings a town TB more. After each
    interrupted run: if TB is in the graph, the newest load record says completed;
    if not, it does not (failed, running, or no new record).
    """
    store = tmp_path / "g.lbug"
    run(["load", str(TINY)], Settings(store=str(store)))
    ds = tmp_path / "ds"
    shutil.copytree(TINY, ds)
    with (ds / "towns.csv").open("a", encoding="utf-8") as fh:
        fh.write("TB,新镇,New Town,C2,eco_health\n")
    pristine = tmp_path / "pristine.lbug"
    shutil.copy(store, pristine)
    seen: set[tuple[bool, str]] = set()
    for delay in [0.4 + 0.2 * i for i in range(12)]:
        Path(f"{store}.wal").unlink(missing_ok=True)
        shutil.copy(pristine, store)  # back to the tiny graph
        before = 1
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "assistgraph",
                "load",
                str(ds),
                "--replace",
                "--store",
                str(store),
            ],
            env=_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=120)
        # Ctrl-C while Python itself starts (before assistgraph runs), or in the engine's
        # finaliser as Python exits ("Exception ignored in … KeyboardInterrupt:"), is
        # Python's own report; any other traceback fails
        assert "Traceback" not in err or err.rstrip().rstrip(":").endswith("KeyboardInterrupt"), err
        with EmbeddedStore(store) as st:
            has_tb = st.query("MATCH (t:Town {id: 'TB'}) RETURN count(t)").rows == [[1]]
            runs = st.load_runs(limit=1000).records()
        newest = runs[0]["status"] if len(runs) > before else "none"
        assert (newest == "completed") == has_tb, (delay, newest, has_tb, err)
        # a Ctrl-C after the commit (while the summary is read, or as Python exits) may
        # still end the process with Aborted! or SIGINT's status: the data and the record
        # agree (completed), which is what this test is for
        seen.add((has_tb, newest))
    assert len(seen) >= 2, seen  # the moments covered both outcomes


def test_cli_runner_sees_no_exception(tmp_path: Path) -> None:
    """The boundary, in process: an unexpected failure is an Error line, not an exception."""
    res = CliRunner().invoke(cli, ["validate", str(tmp_path / "nope")])
    assert res.exit_code == 2  # click's own usage error (the path does not exist)
    res = CliRunner().invoke(cli, ["info", "--store", str(tmp_path)])  # a folder, not a store
    assert res.exit_code == 1 and res.stderr.startswith("Error: ")
    assert res.exception is None or isinstance(res.exception, SystemExit)
