"""Segmentation: golden templates, identity builds and layout of translations.

Golden files: each document format of the registry has its folder,
tests/data/segment/<format>/, where every document has next to it the
template `translate extract` must write for it (<name>.pot) and the document a
build must write when every segment is "translated" by a pseudo-translation
(<name>.pseudo).  Adding a case means adding a file, and a new format brings
its folder; run with UPDATE_GOLDEN=1 to write the expected files of a new
case, then review them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from translate.catalog import make_template
from translate.po import format_po
from translate.segment import FORMATS, SUPPORTED_SUFFIXES, decode_source, parse_document

from .conftest import DATA, msgfmt_check

CASES = sorted(p for p in (DATA / "segment").glob("*/*") if p.suffix in SUPPORTED_SUFFIXES)
DATE = "2026-01-02 03:04+0000"


def pseudo(msgid: str) -> str:
    """A stand-in translation that keeps Markdown valid and changes every
    segment: a marker word in front, the text in upper case."""
    return "Zz " + msgid.upper()


def load(path: Path):
    text = decode_source(path.read_bytes(), path.name)
    return parse_document(path.name, text)


def check_golden(expected: Path, actual: bytes) -> None:
    if os.environ.get("UPDATE_GOLDEN"):
        expected.write_bytes(actual)
    assert expected.exists(), f"no golden file {expected.name}; run with UPDATE_GOLDEN=1"
    assert actual == expected.read_bytes()


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_format_has_its_golden_folder(name: str) -> None:
    folder = DATA / "segment" / name
    documents = [p for p in folder.iterdir() if p.suffix in FORMATS[name].suffixes]
    assert documents, f"tests/data/segment/{name}/ has no {FORMATS[name].suffixes[0]} document"
    for document in documents:
        assert parse_document(document.name, document.read_text(encoding="utf-8")).format == name


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_template_matches_golden(path: Path) -> None:
    document = load(path)
    template = make_template(document, f"source/{path.name}", None, DATE)
    check_golden(path.with_name(path.name + ".pot"), format_po(template).encode("utf-8"))


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_identity_build_reproduces_the_source_byte_for_byte(path: Path) -> None:
    document = load(path)
    rebuilt = document.render(lambda segment: segment.msgid)
    assert rebuilt.encode("utf-8") == path.read_bytes()


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_translation_is_laid_out_like_the_source(path: Path) -> None:
    document = load(path)
    built = document.render(lambda segment: pseudo(segment.msgid))
    check_golden(path.with_name(path.name + ".pseudo"), built.encode("utf-8"))
    # Laying out must not change the document's structure: the built document
    # cuts into the same segments, each holding the translation.
    again = parse_document(path.name, built)
    assert [(s.kind, s.msgid) for s in again.segments] == [
        (s.kind, pseudo(s.msgid)) for s in document.segments]


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_golden_templates_pass_msgfmt_check(path: Path) -> None:
    result = msgfmt_check(path.with_name(path.name + ".pot"))
    assert result.returncode == 0, result.stderr


def test_msgid_holds_only_what_a_translator_translates() -> None:
    text = "- item  \n  continued\r\n\n> quoted\n> text\n"
    document = parse_document("x.md", text)
    assert [s.msgid for s in document.segments] == ["item\ncontinued", "quoted text"]
    assert all(not s.msgid.startswith((" ", "-", ">")) for s in document.segments)


def test_link_targets_never_enter_the_msgid() -> None:
    text = 'See [the report](https://example.org/r.pdf "Report") and ![logo](l.png).\n'
    document = parse_document("x.md", text)
    (segment,) = document.segments
    assert segment.msgid == "See [the report][1] and ![logo][2]."
    assert "example.org" not in segment.msgid
    built = document.render(lambda s: "Voir [le rapport][1] et ![logo][2].")
    assert built == 'Voir [le rapport](https://example.org/r.pdf "Report") et ![logo](l.png).\n'


def test_placeholder_labels_avoid_the_documents_own_references() -> None:
    text = "[a](x) and [b][1].\n\n[1]: https://example.org\n"
    (segment,) = parse_document("x.md", text).segments
    assert segment.msgid == "[a][2] and [b][1]."


def test_code_html_and_front_matter_keys_stay_out_of_catalogs() -> None:
    text = ("---\ntitle: Hello world\nauthor: Jane Doe\n---\n\n```\ncode here\n```\n\n"
            "<div>\nhtml here\n</div>\n\n    indented code\n")
    document = parse_document("x.md", text)
    assert [s.msgid for s in document.segments] == ["Hello world"]
    assert document.segments[0].kind == "front matter title"


def test_front_matter_keys_come_from_the_settings() -> None:
    text = "---\ntitle: Hello\nsummary: A summary\n---\nBody.\n"
    document = parse_document("x.md", text, front_matter_keys=("summary",))
    assert [s.msgid for s in document.segments] == ["A summary", "Body."]


def test_front_matter_value_needing_quotes_is_quoted_in_the_build() -> None:
    text = "---\ntitle: Hello\n---\n"
    document = parse_document("x.md", text)
    assert document.render(lambda s: "Bonjour : le monde") == '---\ntitle: "Bonjour : le monde"\n---\n'
