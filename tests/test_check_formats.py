"""`translate check` on format strings and Plural-Forms, cross-checked against
GNU `msgfmt --check`: same verdict, and for format strings the same line.

Golden files live in tests/data/check/formats/ (one per behaviour); the
parametrized and hypothesis tests write their own catalogs.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from translate.checks import CODES, check_po_syntax
from translate.cli import app
from translate.formats import (FormatSpec, InvalidFormat, argument_range, check_format_strings,
                               format_kinds, parse_format)
from translate.po import format_po, read_po

from .conftest import DATA, gettext_tool, tree_bytes

FORMATS = sorted((DATA / "check" / "formats").glob("*.po"))
FR = "nplurals=2; plural=(n > 1);"
RU = ("nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
      "(n%100<10 || n%100>=20) ? 1 : 2);")
FR_CLDR = "nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;"
runner = CliRunner()


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def header(language: str = "fr", plural_forms: str | None = FR) -> str:
    fields = ["Project-Id-Version: sample 1.0", "PO-Revision-Date: 2026-01-02 03:04+0000",
              "Last-Translator: A Translator <a@example.org>", "Language-Team: none",
              f"Language: {language}", "MIME-Version: 1.0",
              "Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: 8bit"]
    if plural_forms is not None:
        fields.append(f"Plural-Forms: {plural_forms}")
    return 'msgid ""\nmsgstr ""\n' + "".join(quote(field + "\n") + "\n" for field in fields)


def entry(flags: str, msgid: str, msgstr: str | list[str], msgid_plural: str | None = None,
          msgctxt: str | None = None) -> str:
    text = f"\n#, {flags}\n" if flags else "\n"
    if msgctxt is not None:
        text += f"msgctxt {quote(msgctxt)}\n"
    text += f"msgid {quote(msgid)}\n"
    if msgid_plural is None:
        assert isinstance(msgstr, str)
        return text + f"msgstr {quote(msgstr)}\n"
    text += f"msgid_plural {quote(msgid_plural)}\n"
    return text + "".join(f"msgstr[{index}] {quote(form)}\n" for index, form in enumerate(msgstr))


def msgfmt_check(path: Path) -> subprocess.CompletedProcess:
    """`msgfmt --check`, like tests.conftest.msgfmt_check, except that its
    messages may quote a lone byte of a UTF-8 character (it reads bytes)."""
    return subprocess.run([gettext_tool("msgfmt"), "--check", "-o", "/dev/null", str(path)],
                          capture_output=True, text=True, errors="replace")


def gnu_lines(path: Path, stderr: str) -> dict[int, list[str]]:
    """msgfmt's error messages by line (warnings and continuation lines left out)."""
    found: dict[int, list[str]] = {}
    for line, message in re.findall(rf"^{re.escape(str(path))}:(\d+):(?:\d+:)? (.*)$", stderr,
                                    re.M):
        if not message.startswith("warning"):
            found.setdefault(int(line), []).append(message)
    return found


def assert_agrees_with_msgfmt(path: Path) -> list:
    """Our verdict is msgfmt's, and our format-string findings are on the lines
    where msgfmt reports format strings; returns our findings."""
    gnu = msgfmt_check(path)
    _, found = check_po_syntax(path.read_bytes(), str(path))
    errors = [finding for finding in found if finding.severity == "error"]
    assert bool(errors) == (gnu.returncode != 0), (gnu.stderr, found)
    by_line = gnu_lines(path, gnu.stderr)
    gnu_format = {line for line, messages in by_line.items()
                  if any("format" in message for message in messages)}
    ours = {finding.line for finding in errors if finding.code == "format-string"}
    assert ours == gnu_format, (gnu.stderr, found)
    return found


# --- golden files -------------------------------------------------------------

@pytest.mark.parametrize("path", FORMATS, ids=[path.stem for path in FORMATS])
def test_golden_file_agrees_with_msgfmt(path: Path) -> None:
    assert_agrees_with_msgfmt(path)


def test_golden_files_cover_every_kind_both_ways() -> None:
    verdicts: dict[str, set[bool]] = {}
    for path in FORMATS:
        kind = path.stem.rsplit("-", 1)[0]
        _, found = check_po_syntax(path.read_bytes(), path.name)
        verdicts.setdefault(kind, set()).add(any(f.severity == "error" for f in found))
    for kind in ("c-format", "python-format", "python-brace-format"):
        assert verdicts[kind] == {True, False}, kind


def test_every_wrong_entry_of_a_golden_file_is_one_finding() -> None:
    path = DATA / "check" / "formats" / "c-format-errors.po"
    _, found = check_po_syntax(path.read_bytes(), path.name)
    flagged = [entry for entry in read_po(path) if "c-format" in entry.flags
               or "possible-c-format" in entry.flags]
    assert [f.code for f in found] == ["format-string"] * len(flagged)
    assert len(found) == 13


# --- generated catalogs, one entry each -----------------------------------------

SINGULAR = [
    # C: flags, width, precision, length modifiers, positions, macros
    ("c-format", "%d files", "%d fichiers"),
    ("c-format", "%d files", "%s fichiers"),
    ("c-format", "%d files", "%i fichiers"),
    ("c-format", "%u files", "%d fichiers"),
    ("c-format", "%x", "%X"),
    ("c-format", "%ld", "%d"),
    ("c-format", "%lld", "%qd"),
    ("c-format", "%lld", "%Ld"),
    ("c-format", "%hd", "%hhd"),
    ("c-format", "%hhhd", "%hhd"),
    ("c-format", "%zu", "%Zu"),
    ("c-format", "%jd", "%<PRIdMAX>"),
    ("c-format", "%td", "%ld"),
    ("c-format", "%hs", "%s"),
    ("c-format", "%ls", "%s"),
    ("c-format", "%lc", "%C"),
    ("c-format", "%lf", "%f"),
    ("c-format", "%Lf", "%llf"),
    ("c-format", "%e", "%G"),
    ("c-format", "%a", "%A"),
    ("c-format", "%p", "%s"),
    ("c-format", "%n", "%hn"),
    ("c-format", "%-10s|%+5d|% d|%#x|%05d|%'d", "%-10s|%+5d|% d|%#x|%05d|%'d"),
    ("c-format", "%5.2f%%", "%5.2f %%"),
    ("c-format", "%*d", "%d"),
    ("c-format", "%*d", "%*d"),
    ("c-format", "%.*s", "%.*s"),
    ("c-format", "%1$s %2$s", "%2$s %1$s"),
    ("c-format", "%s %s", "%2$s %1$s"),
    ("c-format", "%1$s %2$d", "%2$s %1$d"),
    ("c-format", "%1$d %1$d %2$s", "%2$s"),
    ("c-format", "%1$*2$d", "%1$*2$d"),
    ("c-format", "%1$d", "%0$d"),
    ("c-format", "%s", "%1$s %s"),
    ("c-format", "%s %d", "%1$s %1$d"),
    ("c-format", "%<PRId64>", "%<PRId64>"),
    ("c-format", "%<PRId64>", "%<PRIi64>"),
    ("c-format", "%<PRIu32>", "%<PRIx32>"),
    ("c-format", "%<PRId64>", "%lld"),
    ("c-format", "%<PRIuLEAST16>", "%<PRIuFAST16>"),
    ("c-format", "%<PRId64>", "%<PRId65>"),
    ("c-format", "%<PRId64>", "%<PRId64"),
    ("c-format", "%d", "%Id"),
    ("c-format", "%Id", "%d"),
    ("c-format", "%m: %s", "%s"),
    ("c-format", "%d", "%y"),
    ("c-format", "%d", "%"),
    ("c-format", "%d", "%5"),
    ("c-format", "%b", "%d"),
    ("c-format", "%s", ""),
    ("c-format", "no directive", "pas de directive %%"),
    ("c-format", "no directive", "50 % de remise"),
    ("possible-c-format", "%s", "%d"),
    ("impossible-c-format", "%s", "%d"),
    ("c-format, no-c-format", "%s", "%d"),
    # Python: tuples, mappings, types
    ("python-format", "%s", "%s"),
    ("python-format", "%s", "%r"),
    ("python-format", "%d", "%i"),
    ("python-format", "%d", "%s"),
    ("python-format", "%d", "%f"),
    ("python-format", "%5.2f%%", "%5.2f %%"),
    ("python-format", "%(name)s", "%(name)s"),
    ("python-format", "%(name)s", "%(name)r"),
    ("python-format", "%(name)s", "%(name).0s"),
    ("python-format", "%(name)s", "%(other)s"),
    ("python-format", "%(a)s %(b)s", "%(b)s %(a)s"),
    ("python-format", "%(a)s %(b)s", "%(b)s"),
    ("python-format", "%(a)s", "%(a)s %(a)s"),
    ("python-format", "%(a)s", "%(a)s %(a)d"),
    ("python-format", "%(a)s", "%s"),
    ("python-format", "%s", "%(a)s"),
    ("python-format", "%(a)s %s", "%(a)s"),
    ("python-format", "%(a(b))s", "%(a(b))s"),
    ("python-format", "%(a)s", "%(a"),
    ("python-format", "%*d", "%*d"),
    ("python-format", "%(a)d", "%(a)*d"),
    ("python-format", "%ld", "%d"),
    ("python-format", "%s", "%lls"),
    ("python-format", "%s", "%F"),
    ("python-format", "%(a)%", "%%"),
    ("python-format", "%s", "%"),
    # Python brace: names, numbers, attributes, items, escapes, specs
    ("python-brace-format", "{name}", "{name}"),
    ("python-brace-format", "{name}", "{other}"),
    ("python-brace-format", "{0} {1}", "{1} {0}"),
    ("python-brace-format", "{0} {1}", "{0}"),
    ("python-brace-format", "{}", "{0}"),
    ("python-brace-format", "{0}", "{}"),
    ("python-brace-format", "{name.attr}", "{name.attr}"),
    ("python-brace-format", "{name.attr}", "{name}"),
    ("python-brace-format", "{0[1]}", "{0[1]}"),
    ("python-brace-format", "{a[key]}", "{a[key]}"),
    ("python-brace-format", "{a[-1]}", "{a}"),
    ("python-brace-format", "{a}", "{a[-1]}"),
    ("python-brace-format", "{a}", "{{a}} {a}"),
    ("python-brace-format", "{a}", "}} {a} }"),
    ("python-brace-format", "{a:>10}", "{a:>10}"),
    ("python-brace-format", "{a:>10}", "{a}"),
    ("python-brace-format", "{a:*^+#010.3f}", "{a:*^+#010.3f}"),
    ("python-brace-format", "{a:{w}}", "{a:{w}}"),
    ("python-brace-format", "{a}", "{a:{w:x}}"),
    ("python-brace-format", "{a}", "{a:s}"),
    ("python-brace-format", "{a}", "{a!r}"),
    ("python-brace-format", "{a}", "{a"),
    ("python-brace-format", "{a}", "{é}"),
    ("python-brace-format", "{a}", "{a:é<5}"),
    ("python-brace-format", "{a}", "{a.}"),
    ("python-brace-format", "{a}", "{1a}"),
    ("python-brace-format", "{a:.}{a}", "{a:.}"),
]


@pytest.mark.parametrize(("flags", "msgid", "msgstr"), SINGULAR,
                         ids=[f"{flags}:{msgid}->{msgstr}" for flags, msgid, msgstr in SINGULAR])
def test_singular_entry_agrees_with_msgfmt(tmp_path: Path, flags: str, msgid: str,
                                           msgstr: str) -> None:
    path = tmp_path / "case.po"
    path.write_text(header() + entry(flags, msgid, msgstr), encoding="utf-8")
    assert_agrees_with_msgfmt(path)


PLURAL = [
    # French: msgstr[0] serves n = 0 and 1 only, so it may leave the number out
    (FR, "c-format", "%d file", "%d files", ["un fichier", "%d fichiers"]),
    (FR, "c-format", "%d file", "%d files", ["%d fichier", "fichiers"]),
    (FR, "c-format", "%d file in %s", "%d files in %s", ["un fichier", "%d fichiers dans %s"]),
    (FR, "c-format", "%d file in %s", "%d files in %s", ["%d fichier", "%d fichiers dans %s"]),
    (FR, "c-format", "%d file in %s", "%d files in %s", ["un fichier dans %2$s",
                                                         "%d fichiers dans %s"]),
    (FR, "c-format", "%d file in %s", "%d files in %s", ["%s", "%d fichiers dans %s"]),
    (FR, "c-format", "one file", "%d files", ["un fichier", "%d fichiers"]),
    (FR, "c-format", "%d file", "many files", ["%d fichier", "fichiers"]),
    (FR, "python-format", "%d file", "%d files", ["un fichier", "%d fichiers"]),
    (FR, "python-format", "%(n)d file", "%(n)d files", ["un fichier", "%(n)d fichiers"]),
    (FR, "python-format", "%(n)d file", "%(n)d files", ["un fichier %(x)s", "%(n)d fichiers"]),
    (FR, "python-format", "%(n)d file", "%(n)d files", ["%(n).0s fichier", "%(n)d fichiers"]),
    (FR, "python-brace-format", "{n} file", "{n} files", ["un fichier", "{n} fichiers"]),
    (FR, "python-brace-format", "{n} file", "{n} files", ["un {x}", "{n} fichiers"]),
    (FR, "python-brace-format", "{n} file", "{n} files", ["{n} fichier", "fichiers"]),
    # Russian: every form serves infinitely many numbers, so all are strict
    (RU, "c-format", "%d file", "%d files", ["один файл", "%d файла", "%d файлов"]),
    (RU, "c-format", "%d file", "%d files", ["%d файл", "%d файла", "%d файлов"]),
    (RU, "range: 1..1, c-format", "%d file", "%d files", ["один файл", "%d файла", "%d файлов"]),
    (RU, "c-format, range: 1..20", "%d file", "%d files", ["один файл", "%d файла",
                                                            "%d файлов"]),
    # CLDR French: msgstr[1] serves n = 1000000, 2000000... (never below 1001)
    (FR_CLDR, "c-format", "%d file", "%d files", ["un fichier", "des millions", "%d fichiers"]),
    (FR_CLDR, "c-format", "%d file", "%d files", ["un fichier", "%d millions", "fichiers"]),
    # one form only: the msgid_plural's arguments, strictly
    ("nplurals=1; plural=0;", "c-format", "%d file", "%d files", ["fichiers"]),
    ("nplurals=1; plural=0;", "c-format", "%d file", "%d files", ["%d fichiers"]),
    # a broken Plural-Forms: msgfmt checks every form leniently
    ("nplurals=2; plural=(n > 1);", "c-format", "%d file", "%d files",
     ["un", "fichiers", "trois"]),
    (None, "c-format", "%d file", "%d files", ["un", "fichiers"]),
]


@pytest.mark.parametrize(("plural_forms", "flags", "msgid", "msgid_plural", "forms"), PLURAL)
def test_plural_entry_agrees_with_msgfmt(tmp_path: Path, plural_forms: str | None, flags: str,
                                         msgid: str, msgid_plural: str,
                                         forms: list[str]) -> None:
    path = tmp_path / "case.po"
    language = "ru" if plural_forms == RU else "fr"
    path.write_text(header(language, plural_forms) + entry(flags, msgid, forms, msgid_plural),
                    encoding="utf-8")
    assert_agrees_with_msgfmt(path)


def test_the_line_is_the_msgstr_line_as_msgfmt_reports_it(tmp_path: Path) -> None:
    path = tmp_path / "case.po"
    text = (header() + entry("c-format", "%d\nfiles\n", "%s\nfichiers\n", msgctxt="ctx")
            + entry("c-format", "%d file", ["un", "%s"], "%d files"))
    path.write_text(text, encoding="utf-8")
    found = assert_agrees_with_msgfmt(path)
    lines = text.split("\n")
    assert [f.line for f in found] == [lines.index('msgstr "%s\\nfichiers\\n"') + 1,
                                       lines.index('msgstr[0] "un"') + 1]
    assert [f.code for f in found] == ["format-string", "format-string"]


# --- random directive sequences (hypothesis) -----------------------------------------

C_PIECES = ["%d", "%s", "%i", "%u", "%x", "%ld", "%lu", "%lld", "%hd", "%hhd", "%zu", "%jd",
            "%f", "%lf", "%Lf", "%e", "%g", "%c", "%lc", "%ls", "%p", "%n", "%%", "%m",
            "%5d", "%-10s", "%.2f", "%+d", "% d", "%#x", "%05d", "%'d", "%*d", "%.*s",
            "%1$s", "%2$s", "%1$d", "%2$d", "%3$d", "%0$d", "%1$*2$d", "%*1$d",
            "%<PRId64>", "%<PRIu32>", "%<PRIxMAX>", "%<PRId65>", "%<PRI", "%Id", "%y", "%",
            "%5", "% of", "100%", " ", "files", "é", "%hhhd", "%lhd", "%1$%", "%*%", "%.*1$d",
            "%2$*1$d", "%<PRIXFAST64>", "%llld", "%qu", "%S", "%$d", "%4294967297$d"]
PY_PIECES = ["%s", "%d", "%r", "%i", "%f", "%.0s", "%5.2f", "%*d", "%%", "%(a)s", "%(a)d",
             "%(b)s", "%(b).0s", "%(a)r", "%(a(x))s", "%(a)%", "%(", "%ld", "%lls", "%F", "%",
             "% s", "50%", " ", "files", "%(a)5.0r", "%-*.*f", "%.00s", "%(a)hd", "%()s"]
BRACE_PIECES = ["{a}", "{b}", "{0}", "{1}", "{}", "{a.b}", "{a[0]}", "{a[k]}", "{a:>5}",
                "{a:{b}}", "{a:d}", "{a:s}", "{a!r}", "{{", "}}", "}", "{", "{a", "{0[1]}",
                "{é}", " ", "files", "{a:.}", "{a:}>}", "{a:{{}", "{a:=^10}", "{a:{b:c}}",
                "{a..b}", "{00}", "{a:é}"]
PIECES = {"c-format": C_PIECES, "python-format": PY_PIECES, "python-brace-format": BRACE_PIECES}


@st.composite
def format_entry(draw) -> str:
    flags = draw(st.sampled_from(sorted(PIECES)))
    pieces = st.sampled_from(PIECES[flags])
    msgid = "".join(draw(st.lists(pieces, max_size=4))) or "x"
    if draw(st.booleans()):
        # The translation is the msgid's directives moved around or altered.
        msgstr = "".join(draw(st.permutations(list(re.findall(r"%\S*|\{[^ ]*|\S+| ", msgid))))
                         ) or "y"
        if draw(st.booleans()):
            msgstr += draw(pieces)
    else:
        msgstr = "".join(draw(st.lists(pieces, min_size=1, max_size=4)))
    if draw(st.integers(0, 3)) == 0:
        plural = msgid + draw(pieces)
        forms = [draw(st.sampled_from([msgstr, "un", msgstr + draw(pieces)])) for _ in range(2)]
        return entry(flags, msgid, forms, plural)
    return entry(flags, msgid, msgstr)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entries=st.lists(format_entry(), min_size=1, max_size=8, unique=True))
def test_random_directives_agree_with_msgfmt(tmp_path_factory, entries: list[str]) -> None:
    path = tmp_path_factory.mktemp("random") / "case.po"
    # msgctxt keeps two equal msgids from being duplicates.
    body = "".join(text.replace("\nmsgid ", f'\nmsgctxt "{index}"\nmsgid ', 1)
                   for index, text in enumerate(entries))
    path.write_text(header() + body, encoding="utf-8")
    assert_agrees_with_msgfmt(path)


PLURAL_ATOMS = ["n", "0", "1", "2", "3", "10", "100", "1000000", "4294967296"]
PLURAL_OPERATORS = ["||", "&&", "==", "!=", "<", ">", "<=", ">=", "+", "-", "*", "/", "%"]


def plural_expression():
    return st.recursive(
        st.sampled_from(PLURAL_ATOMS),
        lambda inner: st.one_of(
            st.tuples(inner, st.sampled_from(PLURAL_OPERATORS), inner).map(" ".join),
            st.tuples(inner, inner, inner).map(lambda t: f"{t[0]} ? {t[1]} : {t[2]}"),
            inner.map(lambda e: f"({e})"),
            inner.map(lambda e: f"!{e}")),
        max_leaves=7)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(nplurals=st.integers(0, 4), expression=plural_expression(),
       damage=st.sampled_from(["", "drop", "(", ")", "?", "-", "x", "\t"]),
       plural_entry=st.booleans())
def test_random_plural_forms_agree_with_msgfmt(tmp_path_factory, nplurals: int, expression: str,
                                               damage: str, plural_entry: bool) -> None:
    if damage == "drop":
        expression = expression[1:]
    elif damage:
        middle = len(expression) // 2
        expression = expression[:middle] + damage + expression[middle:]
    path = tmp_path_factory.mktemp("plural") / "case.po"
    body = entry("", "file", ["f"] * max(nplurals, 1), "files") if plural_entry else ""
    path.write_text(header("fr", f"nplurals={nplurals}; plural={expression};") + body,
                    encoding="utf-8")
    assert_agrees_with_msgfmt(path)


HEADERS = [
    "nplurals=2; plural=(n > 1);", "nplurals=2;plural=n>1", "plural=(n > 1); nplurals=2;",
    "nplurals = 2; plural=(n > 1);", "nplurals=2; plural = (n > 1);", "nplurals=2;",
    "plural=(n > 1);", "nplurals=; plural=(n > 1);", "nplurals=2x; plural=(n > 1);",
    "nplurals=INTEGER; plural=EXPRESSION;", "nplurals=2; plural=;", "nplurals=2; plural=n",
    "nplurals=1; plural=0;", "nplurals=3; plural=n%3 ; extra", "nplurals=2; plural=(n > 1)x;",
    None,
]


@pytest.mark.parametrize("plural_entry", [False, True], ids=["no-plural-entry", "plural-entry"])
@pytest.mark.parametrize("plural_forms", HEADERS)
def test_plural_forms_header_agrees_with_msgfmt(tmp_path: Path, plural_forms: str | None,
                                                plural_entry: bool) -> None:
    path = tmp_path / "case.po"
    body = entry("", "file", ["fichier", "fichiers"], "files") if plural_entry else ""
    path.write_text(header("fr", plural_forms) + body, encoding="utf-8")
    assert_agrees_with_msgfmt(path)


# --- Plural-Forms: valid ones are never an error ---------------------------------

def catalog_bytes(language: str, plural_forms: str, body: str = "") -> bytes:
    return (header(language, plural_forms) + body).encode("utf-8")


@pytest.mark.parametrize(("language", "plural_forms"), [
    ("fr", FR_CLDR),
    ("ru", "nplurals=1; plural=0;"),
    ("ar", "nplurals=1; plural=0;"),
    ("ru", "nplurals=2; plural=(n != 1);"),
    ("ja", "nplurals=2; plural=(n != 1);"),
])
def test_a_valid_plural_rule_other_than_the_usual_one_is_a_warning(language: str,
                                                                   plural_forms: str) -> None:
    from translate.languages import get_language

    usual = get_language(language)
    _, found = check_po_syntax(catalog_bytes(language, plural_forms), "x.po", language)
    assert [(f.code, f.severity, f.line) for f in found] == [("plural-rule", "warning", 1)]
    assert usual.plural_forms in found[0].message
    assert usual.name in found[0].message
    assert CODES["plural-rule"][:2] == ("syntax", "warning")


def test_the_cldr_french_rule_with_three_forms_passes(tmp_path: Path) -> None:
    body = entry("c-format", "%d file", ["un fichier", "des millions de fichiers",
                                         "%d fichiers"], "%d files")
    path = tmp_path / "fr.po"
    path.write_bytes(catalog_bytes("fr", FR_CLDR, body))
    assert msgfmt_check(path).returncode == 0
    _, found = check_po_syntax(path.read_bytes(), "fr.po", "fr")
    assert [(f.code, f.severity) for f in found] == [("plural-rule", "warning")]


@pytest.mark.parametrize("plural_forms", [
    "nplurals=2; plural=(n > 1);", "nplurals=2; plural=n>1;", "nplurals=2; plural=(n>=2);",
    "nplurals=2; plural=n > 1 ? 1 : 0;", "nplurals=2; plural=(n > 1)"])
def test_the_usual_rule_written_another_way_is_no_finding(plural_forms: str) -> None:
    _, found = check_po_syntax(catalog_bytes("fr", plural_forms), "x.po", "fr")
    assert found == []


def test_an_invalid_rule_is_an_error_that_names_the_usual_one() -> None:
    _, found = check_po_syntax(catalog_bytes("ru", "nplurals=3; plural=n+;"), "x.po", "ru")
    assert [(f.code, f.severity, f.line) for f in found] == [("plural-forms", "error", 1)]
    assert "invalid plural expression" in found[0].message
    assert RU in found[0].message


@pytest.mark.parametrize("plural_forms", [None, "nplurals = 3; plural = n % 3;"])
def test_a_rule_gettext_cannot_read_is_warned_where_its_default_is_wrong(
        plural_forms: str | None) -> None:
    # gettext then uses nplurals=2; plural=(n != 1): right for Spanish, not Russian.
    _, found = check_po_syntax(catalog_bytes("ru", plural_forms), "x.po", "ru")
    assert [(f.code, f.severity) for f in found] == [("plural-rule", "warning")]
    assert "nplurals=2; plural=(n != 1)" in found[0].message
    _, found = check_po_syntax(catalog_bytes("es", plural_forms), "x.po", "es")
    assert found == []


# --- through translate check ----------------------------------------------------

def test_translate_check_reports_format_strings_and_plural_rules(project) -> None:
    root = project(languages='["fr"]', documents={"a.txt": "One paragraph here.\n"})
    assert runner.invoke(app, ["extract"]).exit_code == 0
    assert runner.invoke(app, ["update"]).exit_code == 0
    path = root / "locales" / "fr" / "a.txt.po"
    catalog = read_po(path)
    catalog[0].msgstr = "Un paragraphe ici."
    catalog.metadata["Plural-Forms"] = FR_CLDR
    path.write_text(format_po(catalog), encoding="utf-8")
    # A project catalog with the entries a program's strings would have.
    with path.open("a", encoding="utf-8") as stream:
        stream.write(entry("c-format", "%d of %s", "%s sur %d")
                     + entry("python-format", "%(n)d files", "%(n)d fichiers"))
    before = tree_bytes(root)
    result = runner.invoke(app, ["check", "--format", "json", "--select", "syntax"])
    assert result.exit_code == 1, result.output
    lines = path.read_text(encoding="utf-8").split("\n")
    findings = [(f["line"], f["code"], f["severity"]) for f in
                json.loads(result.output)["findings"]]
    header_line = lines.index('msgid ""') + 1
    assert findings == [(header_line, "plural-rule", "warning"),
                        (lines.index('msgstr "%s sur %d"') + 1, "format-string", "error")]
    message = json.loads(result.output)["findings"][1]["message"]
    assert message == ("C format: argument 1 is int (%d) in the msgid but string (%s) in "
                       "msgstr -- use the format directives of the msgid in the translation")
    assert tree_bytes(root) == before


# --- the library -------------------------------------------------------------------

def test_parse_format_gives_the_arguments_in_order() -> None:
    spec = parse_format("c", "%2$s has %1$lu items (%3$.1f%%)")
    assert [(a.key, a.type, a.directive) for a in spec.positional] == [
        (1, "unsigned long int", "%1$lu"), (2, "string", "%2$s"), (3, "double", "%3$.1f")]
    spec = parse_format("python", "%(b)s %(a)d %(b).0s")
    assert [(a.key, a.type) for a in spec.named] == [("a", "integer"), ("b", "string")]
    assert parse_format("python-brace", "{a.b} {{x}} {0[1]:>5}") == FormatSpec(
        "python-brace", named=parse_format("python-brace", "{0[1]:>5}{a.b}").named)


@pytest.mark.parametrize(("kind", "text", "reason"), [
    ("c", "%1$s %s", "by number"),
    ("c", "%1$s %3$s", "argument 3 but not argument 2"),
    ("c", "50 %", "ends in the middle of a directive"),
    ("c", "%<PRIs64>", "ISO C99 format macro"),
    ("python", "%(a)s %d", "by name"),
    ("python", "%(a)s %(a)d", "incompatible"),
    ("python-brace", "{}", "cannot start a field name"),
    ("python-brace", "{a!r}", "not closed"),
])
def test_invalid_format_strings_say_why(kind: str, text: str, reason: str) -> None:
    with pytest.raises(InvalidFormat, match=re.escape(reason)):
        parse_format(kind, text)


def test_msgid_that_is_not_a_valid_format_is_not_checked() -> None:
    assert check_format_strings("c", "50 %", ["%d %s"]) == []
    # "100% sure" is a valid C format string: "% s" is a string directive.
    assert [p.reason for p in check_format_strings("c", "100% sure", ["sûr à 100 %"])] == [
        "msgstr is not a valid C format string, unlike the msgid: the string ends in the "
        "middle of a directive"]
    problems = check_format_strings("c", "%d", ["%d", "un", "%s"], msgid_plural="%d files",
                                    strict=[False, False, True])
    assert [(p.field, p.kind) for p in problems] == [("msgstr[2]", "c")]
    assert str(problems[0]).startswith("C format: argument 1 is int (%d) in the msgid_plural "
                                       "but string (%s) in msgstr[2] -- ")


def test_flags_as_gettext_reads_them() -> None:
    assert format_kinds(["fuzzy", "c-format"]) == ["c"]
    assert format_kinds(["no-c-format", "c-format"]) == ["c"]
    assert format_kinds(["c-format", "no-c-format"]) == []
    assert format_kinds(["possible-python-format", "python-brace-format"]) == [
        "python", "python-brace"]
    assert format_kinds(["c-format python-format"]) == ["c", "python"]
    assert format_kinds(["qt-format", "impossible-c-format"]) == []
    assert argument_range(["c-format", "range: 1..5"]) == (1, 5)
    assert argument_range(["range: 5..1"]) is None
    assert argument_range(["range:1..5"]) is None
