"""The process the library runs in: one command, or a long-lived one.

The command line calls :func:`one_command` once at start. The library then

* moves what each GC pause built into the collector's permanent generation
  (:func:`assistgraph.gcpause.gc_paused`): later collections no longer walk those
  millions of objects again (each full pass over a national graph costs about a
  second; the JSON output of ``gaps`` ran 3× slower for them);
* writes the graph cache from a forked child while the command goes on
  (:mod:`assistgraph.jobs.graph`): pickling a national graph and its index takes
  seconds the first command on a store would otherwise wait for; the process waits
  for its writers when it exits, so the next command finds the cache.

Both pay off, and are safe, only in a process that builds one graph and exits:
cycles built during a pause are never collected once frozen, and a fork beside a
long-lived session's threads is a risk. A test run or a notebook leaves this off,
as it is by default. This module imports nothing, so the switch costs the command
line's start-up nothing.
"""

from __future__ import annotations

__all__ = ["ONE_COMMAND", "one_command"]

ONE_COMMAND = False


def one_command(on: bool = True) -> None:
    """Declare this process a single command (see the module docstring)."""
    global ONE_COMMAND
    ONE_COMMAND = on
