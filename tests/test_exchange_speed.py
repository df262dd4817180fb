"""The fast paths of the exchange formats (issue 14's benchmark) give the
results of the careful ones: the XML guard reads the prolog alone and lets the
C parser build the tree, catalogs are read once and flushed to the disk
together, and an import or export leaves nothing for the cycle collector.
Counted and compared, never timed.
"""

from __future__ import annotations

import gc
import os
import stat
from pathlib import Path

import polib
import pytest
from typer.testing import CliRunner

from translate import fsutil
from translate.cli import app
from translate.exchange import export_catalogs, import_files
from translate.exchange.inline import join, plain_text, split_source, split_target
from translate.exchange.safexml import parse_xml
from translate.errors import ExchangeError
from translate.po import format_po, is_reviewed, read_po
from translate.project import Project
from translate.config import load_settings
from translate.segment import get_format

from .conftest import tree_bytes

DATA = Path(__file__).parent / "data" / "exchange"
runner = CliRunner()

DOCUMENTS = {
    "one.md": "# The **annual** report\n\nFirst sentence. Second sentence.\n\n"
              "See the [data](https://example.org/data) and `code`.\n",
    "two.md": "# Another heading\n\nA plain paragraph with *emphasis*.\n\nA last one.\n",
    "three.txt": "Plain text only.\n\nNothing else here.\n",
}


def run(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture
def three(project) -> Path:
    """A project of three documents, catalogs made for French and Russian."""
    root = project(documents=DOCUMENTS, extra='glossary = ""\n')
    assert run("extract").exit_code == 0
    assert run("update").exit_code == 0
    return root


def fill(path: Path, text=lambda msgid: "FR " + msgid, fuzzy: bool = False) -> None:
    catalog = read_po(path)
    for entry in catalog:
        if entry.msgid:
            entry.msgstr = text(entry.msgid)
            entry.flags = ["fuzzy"] if fuzzy else []
    path.write_text(format_po(catalog), encoding="utf-8")


# --- the XML guard ----------------------------------------------------------------

#: Inputs for which the fast path must do exactly what defusedxml does.
HOSTILE = {
    "internal entity": b'<?xml version="1.0"?>\n<!DOCTYPE x [\n<!ENTITY a "b">\n]>\n<x>&a;</x>',
    "external entity": b'<!DOCTYPE x [<!ENTITY a SYSTEM "file:///etc/passwd">]><x>&a;</x>',
    "entity bomb": b'<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><x>&b;</x>',
    "parameter entity": b'<!DOCTYPE x [<!ENTITY % p "<!ENTITY y \'z\'>"> %p;]><x>&y;</x>',
    "external parameter entity": b'<!DOCTYPE x [<!ENTITY % p SYSTEM "http://example.org/x"> '
                                 b'%p;]><x/>',
    "unparsed entity": b'<!DOCTYPE x [<!NOTATION n SYSTEM "n"><!ENTITY i SYSTEM "i.gif" '
                       b'NDATA n>]><x/>',
    "entity in UTF-16": '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]>'
                        '<x>&a;</x>'.encode("utf-16"),
    "undefined entity": b"<x>&nope;</x>",
    "undefined entity, external DTD": b'<!DOCTYPE x SYSTEM "x.dtd"><x>&nope;</x>',
    "malformed body": b"<x>\n<a>\n</b>\n</x>",
    "malformed prolog": b'<?xml version="1.0"?>\n<!DOCTYPE x [ <!ELEMENT >]>\n<x/>',
    "empty": b"",
    "junk after the root": b"<x/><y/>",
    "unbound prefix": b"<a:x/>",
    "invalid character reference": b"<x>&#0;</x>",
}

GOOD = {
    "external DTD, never loaded": b'<!DOCTYPE tmx SYSTEM "tmx14.dtd"><tmx version="1.4"/>',
    "default attribute of the internal subset": b'<!DOCTYPE x [<!ATTLIST x a CDATA "d">]><x/>',
    "prefixed namespaces": b'<a:x xmlns:a="urn:a" xmlns:q="urn:q" q:b="1" xml:space="preserve">'
                           b"<a:y>t</a:y>u</a:x>",
    "CDATA, comments and processing instructions": b'<?xml version="1.0"?><!-- c --><?p i?>'
                                                   b"<x><![CDATA[<b>&amp;</b>]]><!-- in -->"
                                                   b"t<?p j?>u</x>",
    "Latin-1": '<?xml version="1.0" encoding="ISO-8859-1"?><x>été</x>'.encode("latin-1"),
    "UTF-8 with BOM": b"\xef\xbb\xbf<x>a &lt;&amp;&gt; &#233;</x>",
    "an XLIFF of the tests": (DATA / "spec-2.0.xlf").read_bytes(),
}


def careful(data: bytes):
    """What defusedxml alone makes of the bytes: the tree, or the error."""
    from defusedxml.ElementTree import fromstring

    try:
        return fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except Exception as error:
        return error


def shape(element) -> tuple:
    return (element.tag, sorted(element.attrib.items()), element.text, element.tail,
            [shape(child) for child in element])


@pytest.mark.parametrize("name", sorted(GOOD))
def test_the_fast_parser_builds_the_tree_defusedxml_builds(name: str) -> None:
    assert shape(parse_xml(GOOD[name], "in.xml")) == shape(careful(GOOD[name]))


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_xml_is_refused_as_defusedxml_refuses_it(name: str) -> None:
    expected = careful(HOSTILE[name])
    assert isinstance(expected, Exception)
    with pytest.raises(ExchangeError) as raised:
        parse_xml(HOSTILE[name], "in.xml")
    message = str(raised.value)
    from defusedxml import DefusedXmlException

    if isinstance(expected, DefusedXmlException):
        # The same refusal, with defusedxml's own description of it.
        assert "declares entities" in message and str(expected) in message
    else:
        assert "not well-formed XML (" + str(expected).split(":")[0] + ")" in message


def test_no_entity_is_ever_expanded_or_fetched(tmp_path: Path) -> None:
    dtd = tmp_path / "evil.dtd"
    dtd.write_text('<!ENTITY x "PWNED">\n', encoding="utf-8")
    data = f'<!DOCTYPE x SYSTEM "{dtd}"><x>&x;</x>'.encode()
    with pytest.raises(ExchangeError, match="undefined entity"):
        parse_xml(data, "in.xml")


def test_an_unknown_encoding_is_one_error() -> None:
    data = b'<?xml version="1.0" encoding="X-NOPE"?><x>a</x>'
    with pytest.raises(ExchangeError, match=r"in\.xml:1: the XML declaration names an "
                                            r"unknown encoding: X-NOPE -- save"):
        parse_xml(data, "in.xml")


# --- the inline fast paths ---------------------------------------------------------

@pytest.mark.parametrize("text", ["", "Plain text.", "The **annual** report",
                                  "See [data][1] and `code` <b>x</b>", "{0} and %s"])
def test_segments_without_markup_take_the_short_way_to_the_same_nodes(text: str) -> None:
    fmt = get_format("markdown")
    nodes, codes = split_source(text, fmt)
    assert join(nodes, codes) == (text, [])
    assert split_target(text, fmt, codes) == nodes
    if not codes:
        assert nodes == ([text] if text else []) and plain_text(nodes) == text
    # Every code missing is still reported, even for a text alone.
    if codes:
        _, problems = join([text], codes)
        assert len(problems) == len(codes)


# --- reading and writing catalogs ----------------------------------------------------

class Opened:
    """Counts the catalogs read (opened for reading) and replaced."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.read: list[str] = []
        self.replaced: list[str] = []
        self.events: list[str] = []
        real_read, real_replace, real_fsync = Path.read_bytes, os.replace, os.fsync

        def read_bytes(path: Path) -> bytes:
            if path.suffix == ".po":
                self.read.append(path.name)
            return real_read(path)

        def replace(source, target) -> None:
            if str(target).endswith(".po"):
                self.replaced.append(Path(target).name)
                self.events.append("replace")
            real_replace(source, target)

        def fsync(handle: int) -> None:
            self.events.append("fsync")
            real_fsync(handle)

        monkeypatch.setattr(Path, "read_bytes", read_bytes)
        monkeypatch.setattr(os, "replace", replace)
        monkeypatch.setattr(os, "fsync", fsync)


def test_an_import_reads_each_catalog_once_and_only_those_its_units_touch(
        three: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fill(three / "locales/fr/two.md.po")
    assert run("export", "--lang", "fr", "--all", "source/two.md", "-o", "two.xlf").exit_code == 0
    fill(three / "locales/fr/two.md.po", text=lambda msgid: "")
    before = tree_bytes(three / "locales")
    opened = Opened(monkeypatch)
    result = run("import", "two.xlf")
    assert result.exit_code == 0, result.output
    assert opened.read == ["two.md.po"]
    assert opened.replaced == ["two.md.po"]
    after = tree_bytes(three / "locales")
    assert {name for name in after if after[name] != before[name]} == {"fr/two.md.po"}


def test_catalogs_are_flushed_together_then_renamed(three: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    for name in DOCUMENTS:
        fill(three / f"locales/fr/{name}.po")
    assert run("export", "--lang", "fr", "--all", "-o", "fr.xlf").exit_code == 0
    for name in DOCUMENTS:
        fill(three / f"locales/fr/{name}.po", text=lambda msgid: "")
    opened = Opened(monkeypatch)
    assert run("import", "fr.xlf").exit_code == 0
    # Durable: one flush per catalog, every one before the first rename.
    assert sorted(opened.replaced) == sorted(f"{name}.po" for name in DOCUMENTS)
    assert opened.events == ["fsync"] * 3 + ["replace"] * 3
    assert not [p for p in (three / "locales/fr").iterdir() if p.name.endswith(".tmp")]


def test_an_import_with_nothing_new_writes_and_flushes_nothing(
        three: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in DOCUMENTS:
        fill(three / f"locales/fr/{name}.po")
    assert run("export", "--lang", "fr", "--all", "-o", "fr.xlf").exit_code == 0
    opened = Opened(monkeypatch)
    result = run("import", "fr.xlf")
    assert result.exit_code == 0 and "unchanged" in result.output
    assert opened.events == [] and opened.replaced == []


def test_a_reviewed_entry_survives_the_batched_import(three: Path) -> None:
    path = three / "locales/fr/one.md.po"
    fill(path)
    assert run("export", "--lang", "fr", "--all", "source/one.md", "-o", "one.xlf").exit_code == 0
    xlf = three / "one.xlf"
    xlf.write_text(xlf.read_text(encoding="utf-8").replace(">FR ", ">AGENCY "), encoding="utf-8")
    fill(path, text=lambda msgid: "REVIEWED " + msgid)
    # Another catalog changes in the same import, so that the write is a batch.
    fill(three / "locales/fr/two.md.po")
    assert run("export", "--lang", "fr", "--all", "source/two.md", "-o", "two.xlf").exit_code == 0
    fill(three / "locales/fr/two.md.po", text=lambda msgid: "")
    result = run("import", "one.xlf", "two.xlf")
    assert result.exit_code == 0, result.output
    kept = [e for e in read_po(path) if e.msgid]
    assert kept and all(e.msgstr == "REVIEWED " + e.msgid and is_reviewed(e) for e in kept)
    taken = [e for e in read_po(three / "locales/fr/two.md.po") if e.msgid]
    assert taken and all(e.msgstr == "FR " + e.msgid for e in taken)
    assert "conflict" in result.output


def _garbage_after(work) -> int:
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        work()
        return gc.collect()
    finally:
        if enabled:
            gc.enable()


def test_export_and_import_leave_nothing_for_the_cycle_collector(three: Path) -> None:
    for name in DOCUMENTS:
        fill(three / f"locales/fr/{name}.po")
    project = Project(load_settings(three))
    out = three / "fr.xlf"
    # Each segment's codes once made a reference cycle, and each catalog
    # another: thousands of objects that only the collector could free.
    assert _garbage_after(lambda: export_catalogs(project, "xliff2", ["fr"], (), out,
                                                  True)) < 50
    for name in DOCUMENTS:
        fill(three / f"locales/fr/{name}.po", text=lambda msgid: "")
    assert _garbage_after(lambda: import_files(project, [out])) < 50
    assert all(e.msgstr for e in read_po(three / "locales/fr/one.md.po") if e.msgid)


def test_the_cycle_collector_is_left_as_it_was(three: Path) -> None:
    project = Project(load_settings(three))
    assert gc.isenabled()
    export_catalogs(project, "xliff", ["fr"], (), three / "a.xlf", True)
    assert gc.isenabled()
    gc.disable()
    try:
        import_files(project, [three / "a.xlf"])
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_failed_import_still_restores_the_cycle_collector(three: Path) -> None:
    project = Project(load_settings(three))
    with pytest.raises(ExchangeError):
        import_files(project, [DATA / "bomb.xlf"])
    assert gc.isenabled()


# --- fsutil.write_atomic_many ---------------------------------------------------------

def test_write_atomic_many_keeps_write_atomics_contract(tmp_path: Path) -> None:
    kept = tmp_path / "kept.po"
    kept.write_text("old", encoding="utf-8")
    kept.chmod(0o640)
    real = tmp_path / "real.po"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.po"
    link.symlink_to(real)
    fresh = tmp_path / "sub" / "new.po"
    fsutil.write_atomic_many([(kept, b"one"), (link, b"two"), (fresh, b"three"),
                              (kept, b"last")])
    assert kept.read_bytes() == b"last" and stat.S_IMODE(kept.stat().st_mode) == 0o640
    assert link.is_symlink() and real.read_bytes() == b"two"
    assert fresh.read_bytes() == b"three"
    assert not [p for p in tmp_path.rglob("*.tmp")]


def test_write_atomic_many_changes_nothing_when_a_file_cannot_be_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = tmp_path / "first.po"
    first.write_text("old", encoding="utf-8")
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    with pytest.raises(OSError):
        fsutil.write_atomic_many([(first, b"new"), (blocker / "second.po", b"new")])
    assert first.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocker", "first.po"]

    def failing(handle: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", failing)
    with pytest.raises(OSError):
        fsutil.write_atomic_many([(first, b"new"), (tmp_path / "other.po", b"new")])
    assert first.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocker", "first.po"]


def test_write_atomic_many_writes_in_batches_in_order(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fsutil, "_BATCH", 2)
    files = [(tmp_path / f"f{index}.po", str(index).encode()) for index in range(5)]
    fsutil.write_atomic_many(files)
    assert [path.read_bytes() for path, _ in files] == [data for _, data in files]
    assert not fsutil.remove_stale_temporaries(tmp_path)


def test_a_temporary_file_in_flight_is_not_taken_for_litter(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    # While the batch is flushed, a cleaner must see its temporaries locked.
    seen: list[list[Path]] = []
    real = os.fsync

    def fsync(handle: int) -> None:
        seen.append(fsutil.remove_stale_temporaries(tmp_path))
        real(handle)

    monkeypatch.setattr(os, "fsync", fsync)
    fsutil.write_atomic_many([(tmp_path / "a.po", b"a"), (tmp_path / "b.po", b"b")])
    assert seen and all(removed == [] for removed in seen)
    assert (tmp_path / "a.po").read_bytes() == b"a" and (tmp_path / "b.po").read_bytes() == b"b"


def test_polib_reads_what_the_batched_import_wrote(three: Path) -> None:
    for name in DOCUMENTS:
        fill(three / f"locales/fr/{name}.po")
    assert run("export", "--lang", "fr", "--all", "--format", "xliff2", "-o", "fr.xlf"
               ).exit_code == 0
    for name in DOCUMENTS:
        fill(three / f"locales/fr/{name}.po", text=lambda msgid: "")
    assert run("import", "fr.xlf").exit_code == 0
    for name in DOCUMENTS:
        entries = [e for e in polib.pofile(str(three / f"locales/fr/{name}.po")) if e.msgid]
        assert entries and all(e.msgstr == "FR " + e.msgid for e in entries)


# --- many catalogs: merged in two processes, the same result ------------------

def _many(project) -> Path:
    documents = {f"doc{n:02}.md": f"# Title {n}\n\nFirst *sentence* {n}. Second one.\n\n"
                                  f"- item {n}\n- [link](https://example.org/{n})\n"
                 for n in range(24)}
    root = project(documents=documents, extra='glossary = ""\n')
    assert run("extract").exit_code == 0 and run("update").exit_code == 0
    for name in documents:
        fill(root / f"locales/fr/{name}.po")
        fill(root / f"locales/ru/{name}.po", text=lambda msgid: "RU " + msgid, fuzzy=True)
    assert run("export", "--all", "--format", "xliff2", "-o", "out/").exit_code == 0
    for path in (root / "out").iterdir():
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(">FR ", ">AGENCY ").replace(">RU ", ">АГЕНТ "),
                        encoding="utf-8")
    for name in documents:
        # Reviewed meanwhile (a conflict), or emptied (taken).
        fill(root / f"locales/fr/{name}.po", text=(lambda m: "REVIEWED " + m) if
             name < "doc12" else (lambda m: ""))
    return root


@pytest.mark.parametrize("dry_run", [False, True])
def test_many_catalogs_merged_in_two_processes_give_what_one_gives(
        project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, dry_run: bool) -> None:
    import shutil

    import translate.exchange.catalogs as catalogs

    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    root = _many(project)
    files = sorted(str(p.relative_to(root)) for p in (root / "out").iterdir())
    outputs = {}
    for mode, threshold in (("one process", 10 ** 9), ("two", 2)):
        copy = tmp_path / f"copy-{threshold}"
        shutil.copytree(root, copy)
        monkeypatch.chdir(copy)
        monkeypatch.setattr(catalogs, "PARALLEL_CATALOGS", threshold)
        result = run("import", "--format", "json", *(["--dry-run"] if dry_run else []), *files)
        assert result.exit_code == 0, result.output
        outputs[mode] = (result.output, tree_bytes(copy / "locales"))
    assert outputs["one process"] == outputs["two"]
    report, tree = outputs["two"]
    assert '"conflict"' in report
    reviewed = read_po_bytes(tree["fr/doc03.md.po"])
    assert all(e.msgstr == "REVIEWED " + e.msgid and is_reviewed(e) for e in reviewed if e.msgid)
    if not dry_run:
        taken = read_po_bytes(tree["fr/doc20.md.po"])
        assert all(e.msgstr.startswith("AGENCY ") for e in taken if e.msgid)


def read_po_bytes(data: bytes):
    from translate.po import parse_po_bytes

    return parse_po_bytes(data, "x.po")


def test_a_bad_catalog_among_many_is_the_same_error_and_nothing_is_written(
        project, monkeypatch: pytest.MonkeyPatch) -> None:
    import translate.exchange.catalogs as catalogs

    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    root = _many(project)
    (root / "locales/ru/doc17.md.po").write_text('msgid "x"\nmsgstr\n', encoding="utf-8")
    files = sorted(str(p.relative_to(root)) for p in (root / "out").iterdir())
    before = tree_bytes(root / "locales")
    errors = []
    for threshold in (10 ** 9, 2):
        monkeypatch.setattr(catalogs, "PARALLEL_CATALOGS", threshold)
        result = run("import", *files)
        assert result.exit_code != 0
        errors.append(result.output)
    assert errors[0] == errors[1] and "doc17.md.po" in errors[0]
    assert errors[0].startswith("Error: ") and len(errors[0].strip().splitlines()) == 1
    assert tree_bytes(root / "locales") == before
