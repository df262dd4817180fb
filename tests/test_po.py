"""Reading and writing PO files: exact round trips, gettext's line breaks,
errors with their line, and agreement with polib and GNU msgcat."""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translate.errors import CatalogSyntaxError, DuplicateMessage
from translate.po import forget_text, format_po, format_string, parse_po, read_po

from .conftest import DATA, gettext_tool, msgfmt_check

ROUNDTRIP = sorted((DATA / "po" / "roundtrip").glob("*.po"))
ERRORS = DATA / "po" / "errors"


@pytest.mark.parametrize("path", ROUNDTRIP, ids=lambda p: p.name)
def test_file_read_and_written_back_untouched_keeps_its_bytes(path: Path) -> None:
    catalog = read_po(path)
    assert format_po(catalog).encode(catalog.encoding) == path.read_bytes()


# polib refuses two string literals on one line, which gettext accepts.
POLIB_READABLE = [p for p in ROUNDTRIP if p.name != "two-strings-on-one-line.po"]


@pytest.mark.parametrize("path", POLIB_READABLE, ids=lambda p: p.name)
def test_reader_agrees_with_polib(path: Path) -> None:
    ours = read_po(path)
    theirs = polib.pofile(str(path), encoding=ours.encoding)
    assert ours.metadata == theirs.metadata
    assert [(e.msgctxt, e.msgid, e.msgstr, e.msgstr_plural, e.obsolete, e.fuzzy,
             e.previous_msgid, e.occurrences, e.tcomment, e.comment) for e in ours] == [
        (e.msgctxt, e.msgid, e.msgstr, e.msgstr_plural, e.obsolete, e.fuzzy,
         e.previous_msgid, e.occurrences, e.tcomment, e.comment) for e in theirs]


def test_changing_one_comment_changes_one_line() -> None:
    path = DATA / "po" / "roundtrip" / "poedit-style.po"
    original = path.read_text(encoding="utf-8")
    catalog = read_po(path)
    catalog[1].comment = "type: paragraph\nglossary: Police Major-General = генерал-майор полиции"
    changed = format_po(catalog)
    added = [line for line in changed.splitlines() if line not in original.splitlines()]
    removed = [line for line in original.splitlines() if line not in changed.splitlines()]
    assert added == ["#. glossary: Police Major-General = генерал-майор полиции"]
    assert removed == []


def test_new_entries_are_written_as_msgcat_writes_them(tmp_path: Path) -> None:
    catalog = read_po(DATA / "po" / "roundtrip" / "gnu-no-wrap.po")
    for entry in catalog:
        forget_text(entry)  # write anew
    catalog.forget_header_text()
    written = tmp_path / "x.po"
    written.write_text(format_po(catalog), encoding="utf-8")
    expected = (DATA / "po" / "roundtrip" / "gnu-msgcat.po").read_text(encoding="utf-8")
    assert written.read_text(encoding="utf-8") == expected


@pytest.mark.parametrize(("name", "line", "error"), [
    ("unknown-keyword.po", 2, CatalogSyntaxError),
    ("unclosed-string.po", 5, CatalogSyntaxError),
    ("duplicate.po", 4, DuplicateMessage),
    ("bad-escape.po", 2, CatalogSyntaxError),
    ("string-without-keyword.po", 1, CatalogSyntaxError),
    ("msgid-without-msgstr.po", 1, CatalogSyntaxError),
    ("not-utf8.po", 4, CatalogSyntaxError),
    ("bom.po", 1, CatalogSyntaxError),
])
def test_malformed_catalog_is_reported_with_its_line(name: str, line: int, error: type) -> None:
    path = ERRORS / name
    with pytest.raises(error) as raised:
        read_po(path, f"locales/fr/{name}")
    assert raised.value.line == line
    message = str(raised.value)
    assert message.startswith(f"locales/fr/{name}:{line}: ")
    assert " -- " in message and "\n" not in message
    # GNU msgfmt refuses these files too.
    result = subprocess.run([gettext_tool("msgfmt"), "-o", "/dev/null", str(path)],
                            capture_output=True, text=True)
    assert result.returncode != 0


def test_strings_on_one_line_are_concatenated() -> None:
    catalog = parse_po('msgid "a" "b"\nmsgstr "c"\n')
    assert catalog[0].msgid == "ab"


def test_header_fuzzy_and_metadata_are_read() -> None:
    catalog = parse_po('#, fuzzy\nmsgid ""\nmsgstr ""\n"Language: fr\\n"\n'
                       '"Content-Type: text/plain; charset=UTF-8\\n"\n')
    assert catalog.metadata_is_fuzzy
    assert catalog.metadata["Language"] == "fr"
    assert len(catalog) == 0


# --- gettext's line breaking ------------------------------------------------

WORDS = [
    "the", "Interpol", "Major-General", "генерал-майор", "полиции", "الإنتربول", "للشرطة",
    "co-operation", "and/or", "50%", "$100", "(see", "note)", "[1]", "«citation»",
    "“quoted”", "'single'", '"double"', "end.", "comma,", "colon:", "semi;", "what?",
    "wow!", "em—dash", "en–dash", "—", "…", "3.14", "1,000", "№5", "e-mail",
    "http://example.com/a/b", "C:\\path", "tab\there", "a\u00a0b", "l’OIPC", "¿Qué?",
    "*bold*", "`code`", "<tag>", "x+y", "#hash", "|pipe|", "©", "°C", "€", "١٢٣", "،",
    "؟", "ـ", "ё", "中文", "日本語です", "Jürgen", "\u202f:", "a\nb",
]

sentences = st.lists(
    st.tuples(st.sampled_from(WORDS), st.sampled_from([" ", " ", " ", "", "  "])),
    min_size=1, max_size=45,
).map(lambda parts: "".join(word + space for word, space in parts).strip(" ") or "x")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(sentences, min_size=40, max_size=40))
def test_line_breaks_agree_with_msgcat(tmp_path_factory: pytest.TempPathFactory,
                                       values: list[str]) -> None:
    # One msgcat run per batch of 40 strings: msgcat re-wraps every string with
    # GNU gettext's own algorithm, which ours must reproduce exactly.
    body = ['msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n']
    for index, value in enumerate(values):
        body.append("\n".join(format_string("msgid", str(index)) +
                              format_string("msgstr", value)) + "\n")
    ours = "\n".join(body)
    path = tmp_path_factory.mktemp("wrap") / "wrap.po"
    path.write_text(ours, encoding="utf-8")
    theirs = subprocess.run([gettext_tool("msgcat"), str(path)], capture_output=True,
                            text=True, check=True).stdout
    assert ours == theirs


@pytest.mark.parametrize(("value", "expected"), [
    ("short", ['msgid "short"']),
    ("line\n", ['msgid "line\\n"']),
    ("one\ntwo", ['msgid ""', '"one\\n"', '"two"']),
    ("", ['msgid ""']),
])
def test_format_string_small_cases(value: str, expected: list[str]) -> None:
    assert format_string("msgid", value) == expected


def test_written_catalog_passes_msgfmt_check(tmp_path: Path) -> None:
    catalog = read_po(DATA / "po" / "roundtrip" / "gnu-msgcat.po")
    catalog[0].msgstr = "Changé"
    path = tmp_path / "fr.po"
    path.write_text(format_po(catalog), encoding="utf-8")
    result = msgfmt_check(path)
    assert result.returncode == 0, result.stderr


# --- write then read gives the same catalog -----------------------------------

po_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                  max_size=120)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(po_text.filter(bool), po_text, po_text, st.booleans(), st.booleans()),
                max_size=8, unique_by=lambda item: item[0]))
def test_write_then_read_gives_the_same_catalog(items) -> None:
    catalog = parse_po('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n')
    for msgid, msgstr, comment, fuzzy, obsolete in items:
        entry = polib.POEntry(msgid=msgid, msgstr=msgstr, tcomment=comment.replace("\r", ""),
                              flags=["fuzzy"] if fuzzy and msgstr else [], obsolete=obsolete)
        catalog.append(entry)
    text = format_po(catalog)
    again = parse_po(text)
    assert [(e.msgid, e.msgstr, e.tcomment, e.flags, e.obsolete) for e in again] == [
        (e.msgid, e.msgstr, e.tcomment, e.flags, e.obsolete) for e in catalog]
    assert format_po(again) == text


def test_new_entry_is_what_polib_makes() -> None:
    import polib

    from translate.po import new_entry

    for fields in ({}, {"msgctxt": "c", "comment": "type: heading", "occurrences": [("a", "1")],
                        "flags": ["fuzzy"], "obsolete": True, "linenum": 7},
                   {"tcomment": "note", "previous_msgid": "old"}):
        made = new_entry("id", "str", **fields)
        assert vars(made) == vars(polib.POEntry(msgid="id", msgstr="str", **fields))
        assert type(made) is polib.POEntry
    first, second = new_entry("a"), new_entry("b")
    first.occurrences.append(("x", "1"))
    first.flags.append("fuzzy")
    first.msgstr_plural[0] = "p"
    assert second.occurrences == [] and second.flags == [] and second.msgstr_plural == {}
