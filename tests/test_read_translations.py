"""``read_translations`` gives what ``translations(read_po(...))`` gives (issue 15).

The fast reader of ``translate build`` and ``translate publish`` must keep the
semantics of reading a catalog whole and taking its usable translations:
plurals (``msgstr[0]``), fuzzy entries only when asked, obsolete entries and
entries with a msgctxt skipped, escapes, the header's charset, and the same
error (type, file and line) on malformed input.  Compared here on random
catalogs written by our writer, by polib and by GNU ``msgcat``, on hand-made
odd ones, on broken ones, and on every catalog of the repository.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import translate.build as build_module
from translate.build import build_documents, catalog_translations, translations
from translate.config import load_settings
from translate.errors import TranslateError
from translate.po import Catalog, format_po, read_po, read_translations
from translate.project import Project

ROOT = Path(__file__).resolve().parent.parent


def outcome(call):
    """The result of a call, or its error as (type, path, line, reason, hint)."""
    try:
        return "ok", call()
    except TranslateError as error:
        return "error", (type(error).__name__, error.path, error.line, error.reason, error.hint)


def assert_same(path: Path) -> None:
    """Both readers agree on ``path``, with and without fuzzy entries."""
    for fuzzy in (False, True):
        expected = outcome(lambda: translations(read_po(path, "shown.po"), fuzzy))
        got = outcome(lambda: read_translations(path, "shown.po", fuzzy))
        assert got == expected
        if expected[0] == "ok":
            # The order too: a caller iterating the table sees the file's order.
            assert list(got[1].items()) == list(expected[1].items())


# ---------------------------------------------------------------------------
# Random catalogs

# Text with what needs escaping or breaks lines: quotes, backslashes, tabs,
# newlines, control characters, non-ASCII, long words.
TEXT = st.lists(st.sampled_from(list("ab c\"\\\n\t\r\a\b\f\v{}%:#é漢\u00a0\u200b")
                                + ["word ", "fuzzy"]), max_size=60).map("".join)
MSGID = st.lists(st.sampled_from(list("abc xyz\"\\\n\té") + ["long words "]),
                 min_size=1, max_size=40).map("".join)


@st.composite
def entries(draw) -> list[polib.POEntry]:
    made: list[polib.POEntry] = []
    seen: set[tuple[str | None, str]] = set()
    for _ in range(draw(st.integers(0, 12))):
        msgid = draw(MSGID)
        msgctxt = draw(st.one_of(st.none(), MSGID))
        obsolete = draw(st.booleans()) and draw(st.booleans())
        if not obsolete and (msgctxt, msgid) in seen:
            continue
        if not obsolete:
            seen.add((msgctxt, msgid))
        entry = polib.POEntry(msgid=msgid, msgctxt=msgctxt, obsolete=obsolete)
        if draw(st.booleans()) and draw(st.booleans()):
            entry.msgid_plural = draw(MSGID)
            entry.msgstr_plural = {n: draw(st.one_of(st.just(""), TEXT))
                                   for n in range(draw(st.integers(1, 3)))}
        else:
            entry.msgstr = draw(st.one_of(st.just(""), TEXT))
        flags = draw(st.lists(st.sampled_from(["fuzzy", "c-format", "no-wrap", "python-format"]),
                              max_size=3, unique=True))
        entry.flags = flags
        entry.comment = draw(st.sampled_from(["", "type: paragraph", "fuzzy note"]))
        entry.tcomment = draw(st.sampled_from(["", "translator", "fuzzy, not a flag"]))
        if draw(st.booleans()):
            entry.occurrences = [("source/a.txt", str(draw(st.integers(1, 99))))]
        if draw(st.booleans()) and "fuzzy" in flags:
            entry.previous_msgid = draw(MSGID)
            if msgctxt is not None and draw(st.booleans()):
                entry.previous_msgctxt = draw(MSGID)
        made.append(entry)
    return made


def our_catalog(made: list[polib.POEntry], charset: str = "UTF-8") -> Catalog:
    catalog = Catalog()
    catalog.metadata = {"Project-Id-Version": "x", "MIME-Version": "1.0",
                        "Content-Type": f"text/plain; charset={charset}",
                        "Content-Transfer-Encoding": "8bit",
                        "Plural-Forms": "nplurals=2; plural=(n > 1);"}
    catalog.header = "A test catalog."
    catalog.encoding = charset
    for entry in made:
        catalog.append(entry)
    return catalog


SLOW = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


@SLOW
@given(made=entries(), crlf=st.booleans())
def test_catalogs_written_by_our_writer(tmp_path: Path, made, crlf: bool) -> None:
    text = format_po(our_catalog(made))
    if crlf:
        text = text.replace("\n", "\r\n")
    path = tmp_path / "ours.po"
    path.write_bytes(text.encode("utf-8"))
    assert_same(path)


@SLOW
@given(made=entries(), wrap=st.sampled_from([0, 40, 78]))
def test_catalogs_written_by_polib(tmp_path: Path, made, wrap: int) -> None:
    catalog = polib.POFile(wrapwidth=wrap)
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for entry in made:
        catalog.append(entry)
    path = tmp_path / "polib.po"
    path.write_text(str(catalog), encoding="utf-8")
    assert_same(path)


@pytest.mark.skipif(shutil.which("msgcat") is None, reason="GNU gettext missing")
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(made=entries(), charset=st.sampled_from(["UTF-8", "ISO-8859-1", "UTF-16"]))
def test_catalogs_written_by_msgcat(tmp_path: Path, made, charset: str) -> None:
    # Only what the charset can hold; msgcat converts, wraps and escapes.
    made = [entry for entry in made if _encodable(entry, charset)]
    source = tmp_path / "in.po"
    source.write_bytes(format_po(our_catalog(made)).encode("utf-8"))
    out = tmp_path / "msgcat.po"
    done = subprocess.run(["msgcat", f"--to-code={charset}", "-o", str(out), str(source)],
                          capture_output=True)
    if done.returncode != 0 or not out.exists():
        # msgcat refuses some of our random texts (e.g. a msgid ending in
        # "\n" without its plural), and writes nothing for an empty
        # catalog; nothing to compare then.
        return
    assert_same(out)


def _encodable(entry: polib.POEntry, charset: str) -> bool:
    texts = [entry.msgid, entry.msgstr, entry.msgctxt or "", entry.msgid_plural,
             *entry.msgstr_plural.values()]
    try:
        "".join(texts).encode(charset)
    except UnicodeEncodeError:
        return False
    return True


# ---------------------------------------------------------------------------
# Odd and broken files, written by hand

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'

ODD = {
    "plural": HEADER + 'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "un"\nmsgstr[1] "des"\n',
    "plural without form 0": HEADER + 'msgid "a"\nmsgid_plural "as"\nmsgstr[1] "des"\n',
    "plural form without msgid_plural": HEADER + 'msgid "a"\nmsgstr[0] "un"\n',
    "msgstr and plural": HEADER + 'msgid "a"\nmsgstr "x"\nmsgstr[0] "un"\n',
    "plural with context": HEADER + 'msgctxt "c"\nmsgid "a"\nmsgid_plural "b"\nmsgstr[0] "x"\n',
    "forms out of order": HEADER + 'msgid "a"\nmsgid_plural "as"\nmsgstr[1] "y"\nmsgstr[0] "x"\n',
    "fuzzy flag among others": HEADER + '#, c-format, fuzzy\nmsgid "a"\nmsgstr "b"\n',
    "fuzzy in a comment only": HEADER + '#. fuzzy\n# fuzzy\nmsgid "a"\nmsgstr "b"\n',
    "fuzzy-ish flag": HEADER + '#, fuzzy-ish,nofuzzy\nmsgid "a"\nmsgstr "b"\n',
    "two flag lines": HEADER + '#, c-format\n#,fuzzy\nmsgid "a"\nmsgstr "b"\n',
    "previous msgid": HEADER + '#, fuzzy\n#| msgid "old"\n#| "er"\nmsgid "a"\nmsgstr "b"\n',
    "obsolete": HEADER + '#~ msgid "a"\n#~ msgstr "b"\n\nmsgid "c"\nmsgstr "d"\n',
    "obsolete previous": HEADER + '#~| msgid "o"\n#~ msgid "a"\n#~ msgstr "b"\n',
    "obsolete and active with one msgid": (HEADER + '#~ msgid "a"\n#~ msgstr "old"\n\n'
                                           'msgid "a"\nmsgstr "new"\n'),
    "context": HEADER + 'msgctxt "menu"\nmsgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n',
    "empty context": HEADER + 'msgctxt ""\nmsgid "a"\nmsgstr "b"\n',
    "escapes": HEADER + ('msgid "q\\"b\\\\t\\tn\\n"\nmsgstr "\\101\\x42\\a\\b\\f\\v\\r\\?\\\'"\n'),
    "many literals on a line": HEADER + 'msgid "a" "b"\t"c"\nmsgstr "" "x"  "y"\n',
    "continuations": HEADER + 'msgid ""\n"a"\n"b"\nmsgstr ""\n"x"\n""\n"y"\n',
    "trailing blanks after strings": HEADER + 'msgid ""\n"a" \n"b"\t\nmsgstr "x" \n"y"\n',
    "strings ending in backslashes": HEADER + 'msgid "a\\\\"\n"\\"b"\nmsgstr ""\n"c\\\\"\n"d"\n',
    "quote and newline escapes across lines": HEADER + 'msgid "a\\"\\n"\n"\\n\\""\nmsgstr "x"\n',
    "no header": 'msgid "a"\nmsgstr "b"\n',
    "empty file": "",
    "only comments": "# nothing\n#. here\n",
    "no blank lines": HEADER.rstrip("\n") + '\nmsgid "a"\nmsgstr "b"\nmsgid "c"\nmsgstr "d"\n',
    "many blank lines and trailer": HEADER + '\n\n\nmsgid "a"\nmsgstr "b"\n\n\n# end\n',
    "spaces and tabs": HEADER + 'msgid \t "a"  \nmsgstr\t"b"\t\n   \n',
    "no final newline": HEADER + 'msgid "a"\nmsgstr "b"',
    "empty msgid later": HEADER + 'msgid "a"\nmsgstr "b"\n\nmsgid ""\nmsgstr "late"\n',
    "fuzzy header": '#, fuzzy\n' + HEADER + 'msgid "a"\nmsgstr "b"\n',
    "header not first": 'msgid "a"\nmsgstr "b"\n\n' + HEADER,
    "crlf": (HEADER + '#, fuzzy\nmsgid "a"\nmsgstr "b"\n\nmsgid "c"\nmsgstr "d"\n'
             ).replace("\n", "\r\n"),
    "mixed line ends": HEADER + 'msgid "a"\r\nmsgstr "b"\n\nmsgid "c"\nmsgstr "d"\r\n',
    "untranslated": HEADER + 'msgid "a"\nmsgstr ""\n',
    # Broken ones: the same error on the same line.
    "bom": "\ufeff" + HEADER,
    "duplicate": HEADER + 'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n',
    "duplicate after a syntax error": (HEADER + 'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n'
                                       '\nmsgid "x\nmsgstr ""\n'),
    "duplicate with context": (HEADER + 'msgctxt "m"\nmsgid "a"\nmsgstr "b"\n\n'
                               'msgctxt "m"\nmsgid "a"\nmsgstr "c"\n'),
    "duplicate plain and general": (HEADER + 'msgid "a"\nmsgstr "b"\n\n# note\n'
                                    'msgid "a"\r\nmsgstr "c"\n'),
    "bad escape": HEADER + 'msgid "a"\nmsgstr "b\\q"\n',
    "bad escape in a msgid": HEADER + '#. x\n#: f:1\nmsgid ""\n"a\\z"\nmsgstr "b"\n',
    "unclosed string": HEADER + 'msgid "a\nmsgstr "b"\n',
    "stray quote": HEADER + 'msgid "a"b"\nmsgstr "b"\n',
    "unknown keyword": HEADER + 'msgid "a"\nmsgstring "b"\n',
    "msgid without msgstr": HEADER + 'msgid "a"\n\nmsgid "b"\nmsgstr "c"\n',
    "msgstr without msgid": HEADER + 'msgstr "b"\n',
    "entry without msgid": HEADER + 'msgctxt "c"\n\nmsgid "a"\nmsgstr "b"\n',
    "msgstr twice": HEADER + 'msgid "a"\nmsgstr "b"\nmsgstr "c"\n',
    "string without keyword": HEADER + '"a"\n',
    "bad previous keyword": HEADER + '#| msgstr "a"\nmsgid "a"\nmsgstr "b"\n',
    "unknown charset": HEADER.replace("UTF-8", "NOPE-9") + 'msgid "a"\nmsgstr "b"\n',
    "charset placeholder": HEADER.replace("UTF-8", "CHARSET") + 'msgid "a"\nmsgstr "é"\n',
}


@pytest.mark.parametrize("name", sorted(ODD))
def test_odd_and_broken_files(tmp_path: Path, name: str) -> None:
    path = tmp_path / "odd.po"
    path.write_bytes(ODD[name].encode("utf-8"))
    assert_same(path)


@pytest.mark.parametrize("charset", ["ISO-8859-1", "ISO-8859-15", "KOI8-R", "CP1252"])
def test_non_utf8_charsets(tmp_path: Path, charset: str) -> None:
    text = HEADER.replace("UTF-8", charset) + 'msgid "caf\\u00e9"\nmsgstr "r\u00e9sum\u00e9"\n'
    text = text.replace("\\u00e9", "\u00e9")
    if charset == "KOI8-R":
        text = text.replace("\u00e9", "\u0436")
    path = tmp_path / "charset.po"
    path.write_bytes(text.encode(charset))
    assert_same(path)
    assert read_translations(path) != {}


def test_bytes_not_in_the_charset(tmp_path: Path) -> None:
    path = tmp_path / "bad.po"
    path.write_bytes(HEADER.encode() + b'msgid "a"\nmsgstr "\xff"\n')
    assert_same(path)
    assert outcome(lambda: read_translations(path, "shown.po"))[1][:3] == (
        "CatalogSyntaxError", "shown.po", 6)


MIXED = HEADER + """#, fuzzy
msgid "draft"
msgstr "brouillon"

msgid "plain"
msgstr "simple"

msgid "plural"
msgid_plural "plurals"
msgstr[0] "une pomme"
msgstr[1] "des pommes"

msgctxt "menu"
msgid "context"
msgstr "contexte"

msgid "empty"
msgstr ""

#~ msgid "gone"
#~ msgstr "parti"

msgid "tab\\tquote\\""
msgstr "tab\\tquote\\" fr"
"""


def test_what_it_reads(tmp_path: Path) -> None:
    """The semantics themselves, on one file (not only agreement)."""
    path = tmp_path / "mixed.po"
    path.write_text(MIXED, encoding="utf-8")
    table = read_translations(path)
    assert table == {"plain": ("simple", False), "plural": ("une pomme", False),
                     "tab\tquote\"": ("tab\tquote\" fr", False)}
    assert read_translations(path, include_fuzzy=True)["draft"] == ("brouillon", True)


# ---------------------------------------------------------------------------
# Every catalog of the repository, and build's use of it


CATALOGS = sorted(p for folder in ("tests/data", "locales") for pattern in ("*.po", "*.pot")
                  for p in (ROOT / folder).rglob(pattern))


@pytest.mark.parametrize("path", CATALOGS, ids=[str(p.relative_to(ROOT)) for p in CATALOGS])
def test_every_catalog_of_the_repository(path: Path) -> None:
    assert_same(path)


def _project(root: Path) -> Project:
    (root / "pyproject.toml").write_text(
        '[tool.translate]\nsource_language = "en"\nlanguages = ["fr"]\n', encoding="utf-8")
    return Project(load_settings(root))


def test_catalog_translations_without_a_catalog(tmp_path: Path) -> None:
    project = _project(tmp_path)
    assert catalog_translations(project, project.catalog_path("fr", "a.txt"), True) == {}


def test_catalog_translations_names_a_broken_catalog_as_read_po_does(tmp_path: Path) -> None:
    """build's error shows the catalog relative to the project, on its line."""
    project = _project(tmp_path)
    path = project.catalog_path("fr", "a.txt")
    path.parent.mkdir(parents=True)
    path.write_text(ODD["bad escape"], encoding="utf-8")
    with pytest.raises(TranslateError) as ours:
        catalog_translations(project, path, False)
    with pytest.raises(TranslateError) as theirs:
        read_po(path, project.relative(path))
    assert str(ours.value) == str(theirs.value)
    assert type(ours.value) is type(theirs.value)
    assert str(ours.value).startswith("locales/fr/a.txt.po:6: ")


def test_build_reads_each_catalog_once_without_building_entries(tmp_path: Path,
                                                                 monkeypatch) -> None:
    """translate build gets its translations from read_translations, and
    writes what the translations of read_po give."""
    project = _project(tmp_path)
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "a.txt").write_text("Hello world.\n\nSecond one here.\n",
                                               encoding="utf-8")
    path = project.catalog_path("fr", "a.txt")
    path.parent.mkdir(parents=True)
    path.write_text(HEADER + 'msgid "Hello world."\nmsgstr "Bonjour le monde."\n\n'
                    '#, fuzzy\nmsgid "Second one here."\nmsgstr "Second ici."\n',
                    encoding="utf-8")
    import translate.po as po
    calls = []
    real = po.read_translations

    def counted(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    def refused(*args, **kwargs):
        raise AssertionError("build must not build the catalog's entries")

    monkeypatch.setattr(build_module, "read_translations", counted)
    monkeypatch.setattr(po, "parse_po", refused)
    results = build_documents(project, min_complete=0)
    assert [result.translated for result in results] == [1]
    assert calls == [path]
    assert (tmp_path / "build" / "fr" / "a.txt").read_text(encoding="utf-8") == (
        "Bonjour le monde.\n\nSecond one here.\n")
