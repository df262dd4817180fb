"""The corpora of ``bench/bench_speed.py``, one-line and hard-wrapped: what the
speed work must keep on both shapes.

``python bench/bench_speed.py --verify REV`` proves that the tool writes the
same bytes as a revision; these tests hold, on small corpora of the same
generator and without a revision to compare with, the properties that make
those bytes right:

* hard-wrapping is layout, not text: both shapes give the same segments;
* every catalog and template passes ``msgfmt --check`` and GNU ``msgcat``
  rewrites none of them (gettext's line breaking, exactly), after extract,
  update, translators' work and 1,000-edit-style changes;
* ``update`` writes what GNU ``msgmerge --previous`` writes, byte for byte;
* building with every translation equal to its source gives back each
  source document byte for byte, wrapped lines included;
* a ``run`` with nothing to do changes no file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from typer.testing import CliRunner

from translate.cli import app
from translate.segment import format_for

from .conftest import gettext_tool

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import bench_speed as corpus  # noqa: E402

DOCUMENTS = 3
PARAGRAPHS = 24


@pytest.fixture(autouse=True)
def no_progress(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRANSLATE_NO_PROGRESS", "1")


def invoke(folder: Path, *args: str) -> None:
    old = Path.cwd()
    os.chdir(folder)
    try:
        result = CliRunner().invoke(app, list(args))
    finally:
        os.chdir(old)
    assert result.exit_code == 0, f"translate {' '.join(args)}: {result.output}"


def file_states(folder: Path) -> dict[str, tuple[int, int, bytes]]:
    return {path.relative_to(folder).as_posix(): (path.stat().st_mtime_ns, path.stat().st_ino,
                                                  path.read_bytes())
            for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.mark.parametrize("markdown", [False, True], ids=["text", "markdown"])
def test_hard_wrapping_is_layout_not_text(markdown: bool) -> None:
    name = "markdown" if markdown else "text"
    documents, _ = corpus.one_language_corpus(corpus.Case(f"{name}-wrapped"), DOCUMENTS,
                                              PARAGRAPHS)
    fmt = format_for("doc.md" if markdown else "doc.txt")
    for document in documents:
        one_line = corpus.render(document, markdown, wrapped=False)
        wrapped = corpus.render(document, markdown, wrapped=True)
        # The corpus really is hard-wrapped: more lines, and only a title or
        # a heading wider than 72 columns.
        assert wrapped.count("\n") > one_line.count("\n") + 2 * PARAGRAPHS
        titles = {line for block in document if block.kind in ("title", "heading")
                  for line in corpus.render([block], markdown, True).splitlines()}
        assert {line for line in wrapped.splitlines() if len(line) > corpus.WIDTH} <= titles
        kinds = {block.kind for block in document}
        assert {"title", "heading", "paragraph", "list", "footer"} <= kinds
        assert ([(s.kind, s.msgid) for s in fmt.segment(wrapped)]
                == [(s.kind, s.msgid) for s in fmt.segment(one_line)])


@pytest.mark.parametrize("case", corpus.CASES)
def test_catalogs_follow_gettext_on_both_shapes(case: str, tmp_path: Path) -> None:
    gettext_tool("msgmerge")
    gettext_tool("msgcat")
    the_case = corpus.Case(case)
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "pyproject.toml").write_text(corpus.ONE_LANGUAGE, encoding="utf-8")
    documents, text = corpus.one_language_corpus(the_case, DOCUMENTS, PARAGRAPHS)
    corpus.write_documents(folder, the_case, documents)
    invoke(folder, "extract")
    invoke(folder, "update")
    catalogs = sorted((folder / "locales" / "fr").glob("*.po"))
    assert corpus.fill_catalogs(catalogs, corpus.french) > DOCUMENTS * PARAGRAPHS
    invoke(folder, "update")
    edited = corpus.edit_corpus(documents, text, edits=5 * DOCUMENTS, adds=DOCUMENTS,
                                deletes=DOCUMENTS)
    corpus.write_documents(folder, the_case, edited)
    invoke(folder, "extract")
    before = tmp_path / "before"
    shutil.copytree(folder / "locales" / "fr", before)
    invoke(folder, "update")

    assert corpus.gettext_clean(folder / "locales") == []
    for path in sorted((folder / "locales" / "fr").glob("*.po")):
        pot = folder / "locales" / "templates" / (path.name[:-3] + ".pot")
        gnu = tmp_path / path.name
        subprocess.run([gettext_tool("msgmerge"), "--previous", "-q", "-o", str(gnu),
                        str(before / path.name), str(pot)], check=True)
        assert path.read_bytes() == gnu.read_bytes(), path.name
        catalog = polib.pofile(str(path))
        assert any(entry.previous_msgid for entry in catalog)  # the edits made fuzzy entries


@pytest.mark.parametrize("case", corpus.CASES)
def test_identity_translations_rebuild_each_document(case: str, tmp_path: Path) -> None:
    the_case = corpus.Case(case)
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "pyproject.toml").write_text(corpus.ONE_LANGUAGE, encoding="utf-8")
    documents, _ = corpus.one_language_corpus(the_case, DOCUMENTS, PARAGRAPHS)
    corpus.write_documents(folder, the_case, documents)
    invoke(folder, "extract")
    invoke(folder, "update")
    corpus.fill_catalogs(sorted((folder / "locales" / "fr").glob("*.po")),
                         lambda entry: entry.msgid)
    invoke(folder, "build", "--min-complete", "100")
    for source in sorted((folder / "source").iterdir()):
        built = folder / "build" / "fr" / source.name
        assert built.read_bytes() == source.read_bytes(), source.name


@pytest.mark.parametrize("case", ["text-wrapped", "markdown-wrapped"])
def test_a_run_with_nothing_to_do_changes_no_file(case: str, tmp_path: Path) -> None:
    gettext_tool("msgcat")
    the_case = corpus.Case(case)
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "pyproject.toml").write_text(corpus.FOUR_LANGUAGES, encoding="utf-8")
    shutil.copy(ROOT / "glossary.csv", folder / "glossary.csv")
    documents, sample = corpus.four_language_corpus(2, 12)
    corpus.write_documents(folder, the_case, documents)
    invoke(folder, "extract")
    invoke(folder, "update")
    for lang in corpus.LANGUAGES:
        corpus.fill_catalogs(sorted((folder / "locales" / lang).glob("*.po")),
                             corpus.sample_translator(sample, lang))
    invoke(folder, "run")
    invoke(folder, "check")  # the corpus is clean: check finds nothing
    before = file_states(folder)
    invoke(folder, "run")
    assert file_states(folder) == before
    assert corpus.gettext_clean(folder / "locales") == []


def test_the_benchmark_reports_a_process_s_own_peak_memory(tmp_path: Path) -> None:
    """A timed process is started by the small launcher: its peak RSS is its
    own, not the benchmark's (which a child forked from it would report)."""
    ballast = bytearray(300 * 1024 * 1024)  # this process holds 300 MB
    ballast[::4096] = b"x" * len(ballast[::4096])
    code = ("import sys; data = bytearray(int(sys.argv[1]) << 20); "
            "data[::4096] = b'y' * len(data[::4096]); "
            "print('out'); sys.stderr.write('err'); sys.exit(3)")
    small = corpus.run_process([sys.executable, "-c", code, "1"], tmp_path, dict(os.environ),
                               expect=None)
    large = corpus.run_process([sys.executable, "-c", code, "150"], tmp_path, dict(os.environ),
                               expect=None)
    assert small[1] < 100 < 150 <= large[1] < 250
    assert small[2:] == (3, b"out\n", b"err") and small[0] > 0
    del ballast
