"""Work shared with a forked worker process, with the result of one process.

``build``, ``extract`` and ``import`` do the same independent work for each
of many documents or catalogs (segment, render, merge, format), then write
in the parent.  On a machine with more than one CPU, :func:`split_map` gives
every other item to one forked worker, which inherits everything it needs
(the project, the parsed settings, the imported modules) instead of having
it pickled, and sends back only the results.

The result is the same as one process gives, in the same order, and so is a
failure: an item that fails in the worker (or is not reached after a
failure) is done again in the parent, in order, so that the first item that
fails raises its own error from the parent, as it would without a worker
(errors do not all cross processes intact).  A worker never writes a file.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

__all__ = ["split_map"]

T = TypeVar("T")
R = TypeVar("R")

#: What the forked worker runs: (function, items), inherited when it forks.
_JOB: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def split_map(function: Callable[[T], R], items: Sequence[T], parallel: bool,
              done: Callable[[int], None] | None = None) -> list[R]:
    """``[function(item) for item in items]``, every other item in a forked
    worker when ``parallel`` and the machine has more than one CPU.

    Args:
        function: Pure work: it reads files, writes none.
        items: The work, in order.
        parallel: Whether there is enough work to pay for a process (the
            caller's measure of it).
        done: Called with each item's index once its result is known in this
            process (the worker's come when it has finished).

    Raises:
        Whatever ``function`` raises on the first item that fails.
    """
    global _JOB
    if parallel and len(items) > 1 and (os.cpu_count() or 1) > 1:
        import multiprocessing

        parallel = "fork" in multiprocessing.get_all_start_methods()
    else:
        parallel = False
    if not parallel:
        results = []
        for index, item in enumerate(items):
            results.append(function(item))
            if done is not None:
                done(index)
        return results
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    mine: dict[int, R] = {}
    _JOB = (function, items)
    try:
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
            future = pool.submit(_work, list(range(1, len(items), 2)))
            for index in range(0, len(items), 2):
                try:
                    mine[index] = function(items[index])
                except Exception:  # noqa: BLE001 - raised again below, in order
                    break
                if done is not None:
                    done(index)
            theirs = future.result()
    finally:
        _JOB = None
    results = []
    for index, item in enumerate(items):
        if index in mine:
            results.append(mine[index])
        elif index in theirs:
            results.append(theirs[index])
            if done is not None:
                done(index)
        else:
            # It failed, or came after a failure: done here, so that its
            # error (if it has one) is raised as one process raises it.
            results.append(function(item))
            if done is not None:
                done(index)
    return results


def _work(indexes: list[int]) -> dict[int, Any]:
    """The worker's share, stopping at the first failure."""
    assert _JOB is not None
    function, items = _JOB
    results: dict[int, Any] = {}
    for index in indexes:
        try:
            results[index] = function(items[index])
        except Exception:  # noqa: BLE001 - the parent does it again
            break
    return results
