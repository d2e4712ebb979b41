"""The process the library runs in: one command, or a long-lived one.

The command line calls :func:`one_command` once at start. The library then

* moves what each GC pause built into the collector's permanent generation
  (:func:`assistgraph.gcpause.gc_paused`): later collections no longer walk those
  millions of objects again (each full pass over a national graph costs about a
  second; the JSON output of ``gaps`` ran 3× slower for them);
* collects cyclic garbage less often, as mypy does (``gc.set_threshold(200_000, 30,
  30)``): once the graph is frozen, the collector counts almost no long-lived
  objects, and its rule "a full pass when the survivors since the last one exceed a
  quarter of the long-lived" then ran a full pass over everything the command had
  built since every 70,000 allocations (19 full passes, 7 s of a national report;
  with these thresholds none, and 2 s in all);
* runs independent parts of a command in a forked child beside it
  (:func:`in_parallel`): the report computes its scorecard, then its graph views, on
  the second core;
* ends without tearing down what it built (:func:`finish`): freeing a national
  graph object by object took the interpreter 2–3 s after the command's last line;
* writes the graph cache from a forked child while the command goes on
  (:func:`in_background`, for :mod:`assistgraph.jobs.graph`): pickling a national
  graph and its index takes seconds the first command on a store would otherwise
  wait for; the process waits for its writers when it exits, so the next command
  finds the cache.

All five pay off, and are safe, only in a process that builds one graph and exits:
cycles built during a pause are never collected once frozen, and a fork beside a
long-lived session's threads is a risk. A test run or a notebook leaves this off,
as it is by default (:func:`in_parallel` then runs its function in the caller).
This module imports only :mod:`gc` at start, so the switch costs the command line's
start-up nothing.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

__all__ = ["ONE_COMMAND", "finish", "in_background", "in_parallel", "one_command"]

T = TypeVar("T")

ONE_COMMAND = False


def one_command(on: bool = True) -> None:
    """Declare this process a single command (see the module docstring)."""
    global ONE_COMMAND
    ONE_COMMAND = on
    gc.set_threshold(*(_ONE_COMMAND_GC if on else _DEFAULT_GC))


#: Collection thresholds of a single command (mypy's) and Python's defaults.
_ONE_COMMAND_GC = (200_000, 30, 30)
_DEFAULT_GC = (700, 10, 10)


def in_background(work: Callable[[], object]) -> bool:
    """Run ``work()`` in a forked child that this process waits for when it exits.

    Only in a single command (:func:`one_command`) on a system that forks; elsewhere
    nothing runs and the answer is False: the caller does the work itself.
    """
    import os

    if not (ONE_COMMAND and hasattr(os, "fork")):
        return False
    _fork(work, at_exit="wait")
    return True


def in_parallel(fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Callable[[], T]:
    """Start ``fn(*args, **kwargs)`` beside the caller; return a function that gives its result.

    In a single command (:func:`one_command`) on a system that forks, a forked child
    computes the result while the caller goes on, and hands it back pickled through a
    pipe: the child reads the caller's graph without copying it (the graph is frozen,
    so neither collector touches its pages). Elsewhere, or if the child fails for any
    reason, ``fn`` runs in the caller when the result is asked for: its errors are
    raised there, as if it had never left. Ask for the result once; a child whose
    result is never asked for (the command failed first) is stopped at exit.

    >>> result = in_parallel(sum, [1, 2, 3])
    >>> result()
    6
    """
    import os

    if not (ONE_COMMAND and hasattr(os, "fork")):
        return lambda: fn(*args, **kwargs)
    import pickle

    read_end, write_end = os.pipe()

    def send() -> None:
        os.close(read_end)
        data = pickle.dumps(fn(*args, **kwargs), protocol=5)
        with open(write_end, "wb") as out:
            out.write(data)

    pid = _fork(send, at_exit="stop")
    os.close(write_end)

    def result() -> T:
        _CHILDREN.pop(pid, None)
        try:
            with open(read_end, "rb") as pipe:
                data = pipe.read()
            _, status = os.waitpid(pid, 0)
        except BaseException:  # Ctrl-C while waiting: the child goes too
            _end_child(pid, stop=True)
            raise
        if os.waitstatus_to_exitcode(status) == 0:
            from .gcpause import gc_paused

            with gc_paused():
                return pickle.loads(data)  # type: ignore[no-any-return]
        return fn(*args, **kwargs)  # the child failed: the caller does the work

    return result


#: This process's forked children not yet ended, and what becomes of them at exit:
#: ``"wait"`` (they finish their work) or ``"stop"`` (nobody will read their result).
_CHILDREN: dict[int, str] = {}


def _fork(work: Callable[[], object], *, at_exit: str) -> int:
    """Fork a child that runs ``work()`` and nothing else of the parent's; its pid."""
    import atexit
    import os
    import warnings

    with warnings.catch_warnings():  # Python 3.12+ warns of fork beside threads
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # the child
        _CHILDREN.clear()  # the parent's other children are not this one's
        code = 1
        try:
            work()
            code = 0
        finally:
            os._exit(code)
    if not _CHILDREN:  # (re)armed whenever there is a child; it runs once
        atexit.unregister(_end_children)
        atexit.register(_end_children)
    _CHILDREN[pid] = at_exit
    return pid


def _end_child(pid: int, *, stop: bool) -> None:
    import contextlib
    import os
    import signal

    with contextlib.suppress(OSError):  # already ended and reaped
        if stop:
            os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)


def _end_children() -> None:
    """At exit: wait for the children doing work for later commands (the cache
    writers), stop those whose results nobody will ask for; Ctrl-C stops the rest."""
    while _CHILDREN:
        pid, then = _CHILDREN.popitem()
        try:
            _end_child(pid, stop=then == "stop")
        except KeyboardInterrupt:
            _end_child(pid, stop=True)
            for other in list(_CHILDREN):
                _end_child(other, stop=True)
            _CHILDREN.clear()


def finish(code: object = 0) -> NoReturn:
    """End a single command with exit status ``code`` (as :class:`SystemExit` reads it).

    The exit handlers run (the cache writers are waited for, logs flushed), the output
    is flushed, and the process ends without freeing its objects one by one: the
    system takes the memory back at once. Stores are closed before this (every command
    opens them in a ``with`` block).
    """
    import atexit
    import os
    import sys

    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # sys.exit("text"): the text on stderr, status 1, as Python does
        print(code, file=sys.stderr)
        status = 1
    atexit._run_exitfuncs()  # what the interpreter would run at exit, in the same order
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (| head): the reader has gone
            status = status or 1
    os._exit(status)
