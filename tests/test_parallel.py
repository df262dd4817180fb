"""Work shared with a forked worker (translate.parallel) gives exactly what
one process gives: the same results in the same order, the same first error,
the same files written by extract, build and import."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

import translate.build as build
import translate.catalog as catalog
from translate.cli import app
from translate.parallel import run_forked, split_map

from .conftest import tree_bytes

runner = CliRunner()


@pytest.fixture(autouse=True)
def two_cpus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 2)


def square_or_fail(item: int) -> tuple[int, int]:
    if item in (5, 8):
        raise ValueError(f"item {item}")
    return item * item, os.getpid()


def test_results_come_back_in_order_from_both_processes() -> None:
    items = [n for n in range(20) if n not in (5, 8)]
    seen: list[int] = []
    results = split_map(square_or_fail, items, True, seen.append)
    assert [value for value, _ in results] == [n * n for n in items]
    assert sorted(seen) == list(range(len(items)))
    assert len({pid for _, pid in results}) == 2          # a worker did its share
    alone = split_map(square_or_fail, items, False)
    assert [value for value, _ in alone] == [n * n for n in items]
    assert {pid for _, pid in alone} == {os.getpid()}


@pytest.mark.parametrize("parallel", [False, True])
def test_the_first_failure_in_order_is_raised_from_this_process(parallel: bool) -> None:
    with pytest.raises(ValueError, match="item 5"):
        split_map(square_or_fail, list(range(12)), parallel)
    # The failing item in the worker's share (odd places) as well.
    with pytest.raises(ValueError, match="item 5"):
        split_map(square_or_fail, [0, 5, 2, 8, 4], parallel)


PARENT = os.getpid()


def dies_in_the_worker(item: int) -> tuple[int, int]:
    if os.getpid() != PARENT:
        os._exit(3)  # killed, out of memory...: no answer at all
    return item * 2, os.getpid()


def unpicklable_in_the_worker(item: int):
    # A result that cannot cross processes (a function), from the worker only.
    return (lambda: item) if os.getpid() != PARENT else item


def test_a_worker_that_dies_or_cannot_answer_leaves_its_share_to_this_process() -> None:
    results = split_map(dies_in_the_worker, list(range(10)), True)
    assert results == [(n * 2, PARENT) for n in range(10)]
    assert split_map(unpicklable_in_the_worker, list(range(7)), True) == list(range(7))


# --- run_forked: one call here, each other call in a worker of its own -----

def where(value: int):
    return lambda: (value, os.getpid())


def test_each_call_runs_in_a_worker_of_its_own_and_comes_back_in_order() -> None:
    results = run_forked(where(0), [where(1), where(2), where(3)])
    assert [value for value, _ in results] == [0, 1, 2, 3]
    pids = [pid for _, pid in results]
    assert pids[0] == PARENT and len(set(pids)) == 4
    assert run_forked(where(7), []) == [(7, PARENT)]


def test_without_fork_every_call_runs_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "fork")
    assert run_forked(where(0), [where(1), where(2)]) == [(0, PARENT), (1, PARENT),
                                                            (2, PARENT)]


def test_when_no_process_can_be_forked_all_is_done_here(monkeypatch: pytest.MonkeyPatch) -> None:
    fork = os.fork
    forks = []

    def second_fork_fails() -> int:
        forks.append(1)
        if len(forks) > 1:
            raise BlockingIOError("Resource temporarily unavailable")
        return fork()

    monkeypatch.setattr(os, "fork", second_fork_fails)
    assert run_forked(where(0), [where(1), where(2)]) == [(0, PARENT), (1, PARENT),
                                                            (2, PARENT)]
    assert len(forks) == 2
    results = split_map(square_or_fail, [1, 2, 3, 4], True)
    assert results == [(n * n, PARENT) for n in [1, 2, 3, 4]]


def fails(message: str):
    def call():
        raise ValueError(message)
    return call


def dies_there(value: int):
    def call():
        if os.getpid() != PARENT:
            os._exit(3)
        return value, os.getpid()
    return call


def test_a_call_that_fails_dies_or_cannot_answer_in_its_worker_is_made_again_here() -> None:
    made_here = []

    def counted(value: int):
        def call():
            if os.getpid() == PARENT:
                made_here.append(value)
            return (lambda: value) if os.getpid() != PARENT else value
        return call

    assert run_forked(where(0), [dies_there(1), counted(2), where(3)])[:3] == [
        (0, PARENT), (1, PARENT), 2]
    assert made_here == [2]
    # An error is raised from this process, the first in order.
    with pytest.raises(ValueError, match="second"):
        run_forked(where(0), [where(1), fails("second"), fails("third")])


def test_when_this_process_fails_the_workers_are_stopped_and_reaped() -> None:
    import time

    def slow():
        time.sleep(30)
        return 1

    def children() -> set[str]:
        # Live and zombie children alike (Linux).
        return {pid for task in Path("/proc/self/task").iterdir()
                for pid in (task / "children").read_text().split()}

    if not Path(f"/proc/self/task/{os.getpid()}/children").exists():
        pytest.skip("needs Linux's /proc/<pid>/task/<tid>/children")
    before = children()
    started = time.monotonic()
    with pytest.raises(ValueError, match="here"):
        run_forked(fails("here"), [slow, slow])
    assert time.monotonic() - started < 10
    assert children() == before  # none left behind, not even a zombie


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "source" / "sub").mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        '[tool.translate]\nsource_language = "en"\nlanguages = ["fr", "es"]\n'
        'glossary = ""\nmin_complete = 50\n', encoding="utf-8")
    for n in range(40):
        folder = root / "source" / ("sub" if n % 3 else "")
        if n % 2:
            text = f"# Release {n}\n\nThe *first* paragraph {n}.\n\n- a list item\n- another\n"
            (folder / f"doc{n:02}.md").write_text(text, encoding="utf-8")
        else:
            text = f"Release {n}\n\nA plain paragraph, number {n}.\n\nContact: press\n"
            (folder / f"doc{n:02}.txt").write_text(text, encoding="utf-8")
    return root


def _run(root: Path, *args: str) -> str:
    result = runner.invoke(app, [*args, "--project", str(root), "--format", "json"])
    return f"{result.exit_code}\n{result.output}"


def _translate(root: Path) -> None:
    from translate.po import format_po, read_po

    for path in sorted((root / "locales").rglob("*.po")):
        entries = read_po(path)
        for number, entry in enumerate(entries):
            if entry.msgid and number % 4:
                entry.msgstr = f"{path.parent.name.upper()} {entry.msgid}"
        path.write_text(format_po(entries), encoding="utf-8")


def test_extract_update_and_build_in_two_processes_write_what_one_writes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    trees = {}
    for mode, (documents, outputs) in {"one": (10 ** 9, 10 ** 9), "two": (2, 2)}.items():
        monkeypatch.setattr(catalog, "PARALLEL_DOCUMENTS", documents)
        monkeypatch.setattr(catalog, "PARALLEL_UPDATES", outputs)
        monkeypatch.setattr(build, "PARALLEL_OUTPUTS", outputs)
        root = _project(tmp_path / mode)
        outputs_printed = [_run(root, "extract"), _run(root, "update")]
        _translate(root)
        outputs_printed.append(_run(root, "build"))
        # A document edited, one removed: written, removed and unchanged files.
        (root / "source" / "sub" / "doc01.md").write_text("# Changed\n\nNew text.\n",
                                                           encoding="utf-8")
        (root / "source" / "doc00.txt").unlink()
        outputs_printed += [_run(root, "extract"), _run(root, "update"), _run(root, "build")]
        trees[mode] = (outputs_printed, tree_bytes(root))
    assert trees["one"] == trees["two"]
    printed, tree = trees["two"]
    assert all(line.startswith("0\n") for line in printed)
    assert any(name.startswith("build/fr/") for name in tree)
    assert '"skipped"' in printed[-1] and '"written"' in printed[2]


@pytest.mark.parametrize("command", ["extract", "update", "build"])
def test_a_bad_input_among_many_is_the_same_error_and_nothing_is_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str) -> None:
    errors = []
    for mode, threshold in (("one", 10 ** 9), ("two", 2)):
        monkeypatch.setattr(catalog, "PARALLEL_DOCUMENTS", threshold)
        monkeypatch.setattr(catalog, "PARALLEL_UPDATES", threshold)
        monkeypatch.setattr(build, "PARALLEL_OUTPUTS", threshold)
        root = _project(tmp_path / mode)
        assert _run(root, "extract").startswith("0")
        assert _run(root, "update").startswith("0")
        if command == "extract":
            (root / "source" / "sub" / "doc25.md").write_bytes(b"\xff\xfe not UTF-8 \x00")
            (root / "source" / "sub" / "doc31.md").write_bytes(b"\xff\xfe not UTF-8 \x00")
        else:
            (root / "locales" / "es" / "sub" / "doc25.md.po").write_text(
                'msgid "x"\nmsgstr\n', encoding="utf-8")
        before = tree_bytes(root)
        result = runner.invoke(app, [command, "--project", str(root)])
        assert result.exit_code != 0
        errors.append(result.output.replace(str(tmp_path / mode), "ROOT"))
        assert tree_bytes(root) == before
    assert errors[0] == errors[1]
    assert "doc25" in errors[0] and errors[0].startswith("Error: ")
