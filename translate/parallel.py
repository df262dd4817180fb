"""Work shared with a forked worker process, with the result of one process.

``build``, ``extract`` and ``import`` do the same independent work for each
of many documents or catalogs (segment, render, merge, format), then write
in the parent.  On a machine with more than one CPU, :func:`split_map` gives
every other item to one forked worker, which inherits everything it needs
(the project, the parsed settings, the imported modules) instead of having
it pickled, and sends back only the results.

``check`` shares unequal work between several workers: :func:`run_forked`
runs one call here and each of the others in a forked worker of its own.

The result is the same as one process gives, in the same order, and so is a
failure: an item that fails in the worker (or is not reached after a
failure) is done again in the parent, in order, so that the first item that
fails raises its own error from the parent, as it would without a worker
(errors do not all cross processes intact).  A worker never writes a file.
"""

from __future__ import annotations

import os
import pickle
import signal
from collections.abc import Callable, Sequence
from typing import TypeVar

__all__ = ["split_map", "run_forked"]

T = TypeVar("T")
R = TypeVar("R")


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
    if not (parallel and len(items) > 1 and (os.cpu_count() or 1) > 1
            and hasattr(os, "fork")):
        results = []
        for index, item in enumerate(items):
            results.append(function(item))
            if done is not None:
                done(index)
        return results
    mine: dict[int, R] = {}
    theirs = _forked(function, items, mine, done)
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


def run_forked(here: Callable[[], R], elsewhere: Sequence[Callable[[], R]]) -> list[R]:
    """``[here(), *(call() for call in elsewhere)]``, each call of
    ``elsewhere`` in a forked worker of its own while ``here`` runs in this
    process (all in this process where there is no ``fork``).

    A worker that fails, dies or sends what cannot be read has done nothing:
    its call is made again here, in order, so that its error is raised from
    this process.

    Args:
        here: The share of this process.
        elsewhere: The workers' shares: pure work, which reads files and
            writes none.

    Raises:
        Whatever the first call that fails raises.
    """
    if not elsewhere or not hasattr(os, "fork"):
        return [here(), *(call() for call in elsewhere)]
    workers: list[tuple[int, int]] = []
    try:
        for call in elsewhere:
            workers.append(_start(call))
    except OSError:  # no process or pipe to be had: all done here
        for pid, reader in workers:
            _stop(pid, reader)
        return [here(), *(call() for call in elsewhere)]
    answers: list[tuple | None] = []
    asked = 0
    try:
        results = [here()]
        for pid, reader in workers:
            asked += 1
            answers.append(_answer(pid, reader))
    finally:
        # here() failed, or Ctrl-C: the other workers' work is not wanted.
        for pid, reader in workers[asked:]:
            _stop(pid, reader)
    for call, answer in zip(elsewhere, answers):
        results.append(answer[0] if answer else call())
    return results


def _forked(function: Callable[[T], R], items: Sequence[T], mine: dict[int, R],
            done: Callable[[int], None] | None) -> dict[int, R]:
    """Do the even places here (into ``mine``) and the odd ones in a forked
    worker: the worker's results, as far as it got.  A worker that fails,
    dies or sends what cannot be read has done nothing: its items are done
    again here."""

    def odd_places() -> dict[int, R]:
        results: dict[int, R] = {}
        for index in range(1, len(items), 2):
            try:
                results[index] = function(items[index])
            except Exception:  # noqa: BLE001 - the parent does it again
                break
        return results

    try:
        pid, reader = _start(odd_places)
    except OSError:  # no process or pipe to be had: all done here
        return {}
    asked = False
    try:
        for index in range(0, len(items), 2):
            try:
                mine[index] = function(items[index])
            except Exception:  # noqa: BLE001 - raised again by the caller, in order
                break
            if done is not None:
                done(index)
        asked = True
        answer = _answer(pid, reader)
    finally:
        if not asked:  # Ctrl-C
            _stop(pid, reader)
    return answer[0] if answer else {}


# A plain fork and a pipe: no process pool to start (its imports, its threads
# and its queues cost more than a share of a few hundred items).

def _start(call: Callable[[], R]) -> tuple[int, int]:
    """A forked worker making one call: (its pid, the pipe its answer comes on).

    Raises:
        OSError: No pipe or process could be made (nothing is left open).
    """
    reader, writer = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(reader)
        os.close(writer)
        raise
    if pid == 0:  # the worker
        code = 1
        try:
            os.close(reader)
            data = pickle.dumps((call(),), pickle.HIGHEST_PROTOCOL)
            view = memoryview(data)
            while view:
                view = view[os.write(writer, view):]
            code = 0
        finally:
            # Never back into the parent's code: no atexit, no buffers
            # flushed twice, no finally clauses of the caller run again.
            os._exit(code)
    os.close(writer)
    return pid, reader


def _answer(pid: int, reader: int) -> tuple | None:
    """What a worker sent, ``(its result,)``, once it has exited; None when
    it failed, died or sent what cannot be read.  The worker is reaped
    whatever happens (killed when this is interrupted)."""
    chunks = []
    finished = False
    try:
        while chunk := os.read(reader, 1 << 20):
            chunks.append(chunk)
        finished = True
    finally:
        os.close(reader)
        if not finished:
            _kill(pid)
        _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        return None
    try:
        return pickle.loads(b"".join(chunks))
    except Exception:  # noqa: BLE001 - an unreadable answer: done again here
        return None


def _stop(pid: int, reader: int) -> None:
    """Kill a worker whose answer is not wanted, and reap it."""
    os.close(reader)
    _kill(pid)
    os.waitpid(pid, 0)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
