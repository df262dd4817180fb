"""Temporary files left by a killed run are removed by the next one, and
only those (issue 10, item 2).

The writers are real processes: one is killed with SIGKILL in the middle of
a write, another is kept alive in the middle of one, and ``translate``
commands run next to them.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate import fsutil
from translate.cli import app
from translate.fsutil import (remove_stale_temporaries, temporary_target, write_atomic,
                              write_atomic_many)

from .conftest import tree_bytes

pytestmark = pytest.mark.skipif(fsutil.fcntl is None, reason="needs POSIX file locks")

runner = CliRunner()

NEWS = "# Interpol news\n\nThe Secretary General delivered a speech.\n"

#: A writer that stops just before its rename, says which temporary file it
#: holds, and waits: for "go" (it then finishes the write) or to be killed.
#: If the test goes away, its stdin closes and the writer exits unfinished.
WRITER = textwrap.dedent("""\
    import os, sys, threading
    from pathlib import Path
    from translate.fsutil import write_atomic

    real_replace = os.replace
    started = []

    def paused_replace(source, target):
        started.append(source)
        print(source, flush=True)
        if sys.stdin.readline().strip() != "go":
            os._exit(3)
        real_replace(source, target)

    os.replace = paused_replace
    for target in sys.argv[1:]:
        write_atomic(Path(target), b"written by the other process\\n")
""")


class Writer:
    """A process writing files through ``write_atomic``, paused before each
    rename."""

    def __init__(self, *targets: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", WRITER, *map(str, targets)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def paused_at(self) -> Path:
        """Wait until the writer is paused; the temporary file it holds."""
        line = self.process.stdout.readline()
        assert line, "the writer died before its rename"
        return Path(line.strip())

    def go(self) -> None:
        self.process.stdin.write("go\n")
        self.process.stdin.flush()

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        assert self.process.returncode == -signal.SIGKILL

    def close(self) -> None:
        if self.process.poll() is None:
            self.kill()
        self.process.stdin.close()
        self.process.stdout.close()


@pytest.fixture
def writers():
    """Start writers; every one is gone when the test ends."""
    started: list[Writer] = []

    def start(*targets: Path) -> Writer:
        writer = Writer(*targets)
        started.append(writer)
        return writer

    yield start
    for writer in started:
        writer.close()


def killed_while_writing(start, target: Path) -> Path:
    """Kill a writer with SIGKILL in the middle of writing ``target``: the
    temporary file it leaves behind."""
    writer = start(target)
    temporary = writer.paused_at()
    writer.kill()
    return temporary


@pytest.fixture
def ready(project):
    """A project extracted, updated and built once: every command that runs
    next has nothing to change."""
    root = project(documents={"news.md": NEWS}, extra='min_complete = 0\n')
    (root / "glossary.csv").write_text("term,kind,fr,ru\nInterpol,keep,,\n", encoding="utf-8")
    for command in ("extract", "update", "build"):
        assert runner.invoke(app, [command]).exit_code == 0
    return root


#: Files that look like temporary files, but are not ours: never removed.
NOT_OURS = [
    "locales/fr/.notes.tmp",                  # a user's own
    "locales/fr/.news.md.po.swp",             # an editor's
    "locales/fr/.news.md.po.ABCDEFGH.tmp",    # not what mkstemp draws
    "locales/fr/.news.md.po.abc.tmp",
    "locales/fr/news.md.po.abcdefgh.tmp",     # no leading dot
    "locales/fr/.notes.txt.abcdefgh.tmp",     # no catalog is named so
    "build/fr/.news.md.abcdefgh.tmp.orig",
]


@pytest.mark.parametrize("command", [
    "extract", "update", "build", "mt --engine pseudo", "run --engine pseudo"])
def test_the_next_run_removes_what_a_killed_writer_left_and_nothing_else(
        ready, writers, caplog, command: str) -> None:
    for name in NOT_OURS:
        (ready / name).write_bytes(b"mine\n")
    stale = [killed_while_writing(writers, ready / name) for name in
             ("locales/fr/news.md.po", "locales/templates/news.md.pot", "build/fr/news.md")]
    for path in stale:
        assert path.is_file() and temporary_target(path.name) is not None
    before = tree_bytes(ready)
    caplog.clear()
    result = runner.invoke(app, command.split())
    assert result.exit_code == 0, result.output
    assert [path for path in stale if path.exists()] == []
    # Each removal is reported once (run cleans before each of its steps).
    assert sorted(record.getMessage() for record in caplog.records
                  if record.getMessage().startswith("removed ")) == sorted(
        f"removed {path.relative_to(ready).as_posix()}, left by a run that was interrupted "
        "while writing" for path in stale)
    for name in NOT_OURS:
        assert (ready / name).read_bytes() == b"mine\n"
    if not command.startswith(("mt", "run")):  # these also write drafts
        expected = {name: data for name, data in before.items()
                    if ready / name not in stale}
        assert tree_bytes(ready) == expected


def test_a_temporary_file_whose_writer_is_alive_is_left_alone(ready, writers) -> None:
    catalog = ready / "locales" / "fr" / "news.md.po"
    writer = writers(catalog)
    temporary = writer.paused_at()
    result = runner.invoke(app, ["update"])
    assert result.exit_code == 0, result.output
    assert temporary.is_file()
    assert remove_stale_temporaries(catalog.parent) == []
    # Released, the writer finishes its write as if nobody had looked.
    writer.go()
    assert writer.process.wait() == 0
    assert catalog.read_bytes() == b"written by the other process\n"
    assert not temporary.exists()
    # A second one, killed this time: now its file goes.
    temporary = killed_while_writing(writers, catalog)
    assert remove_stale_temporaries(catalog.parent, (".po",)) == [temporary]
    assert not temporary.exists()
    assert catalog.read_bytes() == b"written by the other process\n"


def test_cleaning_never_follows_a_link_outside_the_project(ready, writers,
                                                           tmp_path_factory) -> None:
    outside = tmp_path_factory.mktemp("outside")
    stranger = killed_while_writing(writers, outside / "news.md")
    os.symlink(outside, ready / "build" / "de")  # not a language of the project
    mine = killed_while_writing(writers, ready / "build" / "fr" / "news.md")
    assert runner.invoke(app, ["build"]).exit_code == 0
    assert not mine.exists()
    assert stranger.is_file()


def test_cleaning_walks_every_real_folder_once_and_links_inside(ready, writers) -> None:
    from translate.config import load_settings
    from translate.project import Project

    site = ready / "build" / "site"
    deep = site / "fr" / "news" / "images"
    deep.mkdir(parents=True)
    shared = ready / "build" / "shared"
    shared.mkdir()
    os.symlink(shared, site / "shared")  # a link inside the project: cleaned once
    os.symlink(site, deep / "loop")  # a link back up: walked once, no loop
    left = [killed_while_writing(writers, folder / "page.md")
            for folder in (site, deep, shared)]
    project = Project(load_settings(ready))
    folders = list(project._folders(ready / "build"))
    assert len(folders) == len(set(folders))
    assert {path.relative_to(ready.resolve()).as_posix() for path in folders} >= {
        "build", "build/site", "build/site/fr/news/images", "build/shared"}
    removed = project.remove_stale_temporaries()
    assert sorted(path.resolve() for path in removed) == sorted(path.resolve() for path in left)
    assert not any(path.exists() for path in left)


def test_a_cleaner_that_strikes_before_the_lock_makes_the_writer_start_again(
        tmp_path, monkeypatch) -> None:
    # The one instant a cleaner can take a writer's file: after mkstemp made
    # it, before the writer locked it.  The writer must notice and retry.
    made: list[str] = []
    real_mkstemp = fsutil.tempfile.mkstemp

    def mkstemp_then_clean(*args, **kwargs):
        handle, name = real_mkstemp(*args, **kwargs)
        made.append(name)
        if len(made) == 1:
            assert remove_stale_temporaries(tmp_path) == [Path(name)]
        return handle, name

    monkeypatch.setattr(fsutil.tempfile, "mkstemp", mkstemp_then_clean)
    target = tmp_path / "news.md.po"
    write_atomic(target, b"new\n")
    assert target.read_bytes() == b"new\n"
    assert len(made) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["news.md.po"]


def test_only_regular_files_named_as_ours_are_candidates(tmp_path) -> None:
    (tmp_path / ".a.po.abcdefgh.tmp").mkdir()
    (tmp_path / "target").write_text("kept\n")
    os.symlink(tmp_path / "target", tmp_path / ".b.po.abcdefgh.tmp")
    (tmp_path / ".c.po.abcd_f9h.tmp").write_text("left by a crash\n")
    assert remove_stale_temporaries(tmp_path, (".po",)) == [tmp_path / ".c.po.abcd_f9h.tmp"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".a.po.abcdefgh.tmp", ".b.po.abcdefgh.tmp", "target"]
    assert (tmp_path / "target").read_text() == "kept\n"


def test_without_file_locks_nothing_is_removed(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(fsutil, "fcntl", None)
    (tmp_path / ".c.po.abcdefgh.tmp").write_text("maybe someone's\n")
    write_atomic(tmp_path / "c.po", b"new\n")
    write_atomic_many([(tmp_path / "d.po", b"d\n"), (tmp_path / "e.po", b"e\n")])
    assert remove_stale_temporaries(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == [".c.po.abcdefgh.tmp", "c.po",
                                                         "d.po", "e.po"]
    assert (tmp_path / "c.po").read_bytes() == b"new\n"
    assert (tmp_path / "e.po").read_bytes() == b"e\n"
