"""PO and POT files as ``msgfmt --check`` sees them, checked with our own code.

:func:`check_po_syntax` reports what GNU msgfmt rejects or warns about: syntax
errors, duplicate messages, the header and its fields, Plural-Forms (parsed
and evaluated as gettext's ``plural.y`` does, see :func:`_parse_plural`) and
whether the entries fit it, leading and trailing newlines, and format strings
(:mod:`translate.checks.formats`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..po import field_keywords, field_line, is_fuzzy
from .findings import CODES, Finding, describe_error
from .formats import argument_range, check_format_strings, format_kinds

if TYPE_CHECKING:
    from ..po import Catalog

__all__ = ["check_po_syntax"]

_HEADER_DEFAULTS = {
    "Project-Id-Version": "PACKAGE VERSION",
    "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
    "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
    "Language-Team": "LANGUAGE <LL@li.org>",
    "MIME-Version": None,
    "Content-Transfer-Encoding": "ENCODING",
    "Language": None,
}
# gettext's lexer (plural.y) skips only spaces and tabs; ';', a newline or the
# end of the text ends the expression.
_PLURAL_TOKEN_RE = re.compile(r"[ \t]*(?:(\d+)|(n)|(\|\||&&|==|!=|<=|>=|[-+*/%<>!?:()]))")
_PLURAL_END_RE = re.compile(r"[;\n]")
_NPLURALS_VALUE_RE = re.compile(r"[ \t\n\r\f\v]*(\d*)")
#: The numbers msgfmt evaluates a plural expression for.
_PLURAL_RANGE = range(0, 1001)
#: Where two rules are compared besides: CLDR's rules part from gettext's at a
#: million (French, Spanish, Italian...).
_PLURAL_SAMPLES = (*_PLURAL_RANGE, 10_000, 100_000, 1_000_000, 1_000_001, 2_000_000,
                   10 ** 9)
#: gettext computes in C's unsigned long.
_ULONG = (1 << 64) - 1
_NEGATIVE = 1 << 63
#: msgfmt counts a plural form as used for infinitely many numbers when the
#: expression gives it at least this often for n up to 1000.
_OFTEN = 5
_GERMANIC = "nplurals=2; plural=(n != 1);"


class _PluralSyntax(Exception):
    pass


def _parse_plural(text: str):
    """A plural expression (C syntax, as gettext's plural.y) as a function of n,
    evaluated as gettext does: in unsigned 64-bit arithmetic, with ``&&``,
    ``||`` and ``?:`` short-circuiting; a division by zero raises
    ZeroDivisionError."""
    tokens: list[tuple[str, object]] = []
    position = 0
    text = text.rstrip(" \t")
    while position < len(text):
        match = _PLURAL_TOKEN_RE.match(text, position)
        if match is None or match.end() == position:
            raise _PluralSyntax(text[position:])
        number, variable, operator = match.groups()
        tokens.append(("num", int(number) & _ULONG) if number is not None
                      else ("n", None) if variable else ("op", operator))
        position = match.end()
    index = 0

    def peek() -> object:
        return tokens[index][1] if index < len(tokens) and tokens[index][0] == "op" else None

    def take() -> tuple[str, object]:
        nonlocal index
        if index >= len(tokens):
            raise _PluralSyntax("end")
        index += 1
        return tokens[index - 1]

    binary = [("||",), ("&&",), ("==", "!="), ("<", ">", "<=", ">="), ("+", "-"),
              ("*", "/", "%")]
    operations = {
        "==": lambda a, b: int(a == b), "!=": lambda a, b: int(a != b),
        "<": lambda a, b: int(a < b), ">": lambda a, b: int(a > b),
        "<=": lambda a, b: int(a <= b), ">=": lambda a, b: int(a >= b),
        "+": lambda a, b: (a + b) & _ULONG, "-": lambda a, b: (a - b) & _ULONG,
        "*": lambda a, b: (a * b) & _ULONG,
        # Both operands are unsigned: floor division is C's.
        "/": lambda a, b: a // b, "%": lambda a, b: a % b,
    }

    def conditional():
        condition = level(0)
        if peek() == "?":
            take()
            then = conditional()
            if take() != ("op", ":"):
                raise _PluralSyntax(":")
            otherwise = conditional()
            return lambda n: then(n) if condition(n) else otherwise(n)
        return condition

    def level(depth: int):
        if depth == len(binary):
            return unary()
        left = level(depth + 1)
        while peek() in binary[depth]:
            name = take()[1]
            right = level(depth + 1)
            if name == "||":
                left = (lambda a, b: lambda n: 1 if a(n) or b(n) else 0)(left, right)
            elif name == "&&":
                left = (lambda a, b: lambda n: 1 if a(n) and b(n) else 0)(left, right)
            else:
                left = (lambda f, a, b: lambda n: f(a(n), b(n)))(operations[name], left, right)
        return left

    def unary():
        kind, value = take()
        if kind == "num":
            return lambda n: value
        if kind == "n":
            return lambda n: n
        if value == "!":
            operand = unary()
            return lambda n: int(not operand(n))
        if value == "(":
            inner = conditional()
            if take() != ("op", ")"):
                raise _PluralSyntax(")")
            return inner
        raise _PluralSyntax(str(value))

    function = conditional()
    if index != len(tokens):
        raise _PluralSyntax(str(tokens[index][1]))
    return function


_PLURAL_CACHE: dict[str, tuple | None] = {}


def _evaluate_plural(expression: str) -> tuple | None:
    """A plural expression parsed and evaluated as msgfmt does, for n from 0
    to 1000: (its function, its values up to the first failure, the failure
    or None); None when it does not parse.  Cached: a project has few rules."""
    if expression not in _PLURAL_CACHE:
        try:
            function = _parse_plural(expression)
        except (_PluralSyntax, RecursionError):
            _PLURAL_CACHE[expression] = None
            return None
        values: list[int] = []
        failure = None
        for n in _PLURAL_RANGE:
            try:
                value = function(n)
            except ZeroDivisionError:
                failure = f"the plural expression divides by zero for n = {n}"
                break
            except RecursionError:
                failure = "the plural expression is nested too deeply"
                break
            if value >= _NEGATIVE:
                failure = f"the plural expression gives a negative value for n = {n}"
                break
            values.append(value)
        _PLURAL_CACHE[expression] = (function, tuple(values), failure)
    return _PLURAL_CACHE[expression]


@dataclass(frozen=True)
class _PluralRule:
    """A valid Plural-Forms, as gettext uses it."""

    nplurals: int
    expression: str
    function: Callable[[int], int]
    values: tuple[int, ...]

    def often(self) -> list[bool] | None:
        """Per plural form, whether it serves infinitely many numbers (as
        msgfmt estimates it); None when nplurals is nonsense."""
        if self.nplurals > 100:
            return None
        counts = Counter(self.values)
        return [counts[form] >= _OFTEN for form in range(self.nplurals)]

    def histogram(self, low: int, high: int, form: int) -> int:
        """How many n in low..high (at most 1001 of them) get this form."""
        count = 0
        for n in range(low, min(high, low + 1000) + 1):
            try:
                count += self.function(n) == form
            except (ZeroDivisionError, RecursionError):
                pass
        return count

    def same_as(self, other: _PluralRule) -> bool:
        """Whether both rules give every number the same form (compared on
        0..1000 and a few larger numbers, where CLDR's rules part)."""
        key = (self.nplurals, self.expression, other.nplurals, other.expression)
        if key not in _SAME_RULE:
            def value(rule: _PluralRule, n: int) -> int | None:
                try:
                    return rule.function(n)
                except (ZeroDivisionError, RecursionError):
                    return None

            _SAME_RULE[key] = (self.nplurals == other.nplurals and all(
                value(self, n) == value(other, n) for n in _PLURAL_SAMPLES))
        return _SAME_RULE[key]


_SAME_RULE: dict[tuple, bool] = {}


def _read_plural_forms(header_text: str) -> tuple[bool, bool, int | None, str | None]:
    """What gettext reads from a header's text: whether it has ``plural=``
    and ``nplurals=`` (exactly so: ``plural = `` is not read), the nplurals
    value (None if it is not a number) and the expression's text."""
    plural_at = header_text.find("plural=")
    nplurals_at = header_text.find("nplurals=")
    nplurals = expression = None
    if nplurals_at >= 0:
        digits = _NPLURALS_VALUE_RE.match(header_text, nplurals_at + 9).group(1)
        # strtoul: digits first, whatever follows; ULONG_MAX at most.
        nplurals = min(int(digits), _ULONG) if digits else None
    if plural_at >= 0:
        expression = _PLURAL_END_RE.split(header_text[plural_at + 7:], 1)[0]
    return plural_at >= 0, nplurals_at >= 0, nplurals, expression


def _usual_rule(plural_forms: str) -> _PluralRule | None:
    """The rule of a Plural-Forms value of the language table."""
    _, _, nplurals, expression = _read_plural_forms(plural_forms)
    evaluated = _evaluate_plural(expression) if expression is not None else None
    if nplurals is None or evaluated is None:
        return None
    return _PluralRule(nplurals, expression, evaluated[0], evaluated[1])


def _check_plural_header(header_text: str, plural_forms: str | None, plural_entries: list,
                         header_line: int, language: str | None, add):
    """The Plural-Forms checks of msgfmt --check, and a warning where a valid
    rule is not the language's usual one.

    Returns:
        (the rule, None if there is none or it is invalid; True when msgfmt
        finds no problem with it, so that it checks format strings with the
        plural forms' distribution).
    """
    from ..languages import get_language

    usual = get_language(language) if language is not None else None
    hint = (f" -- use 'Plural-Forms: {usual.plural_forms}', the usual rule for {usual.name}"
            if usual is not None else
            " -- write 'Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;' with the rule of "
            "the catalog's language")
    has_plural, has_nplurals, nplurals, expression = _read_plural_forms(header_text)
    ok = True
    if plural_entries and not (has_plural or has_nplurals):
        add(plural_entries[0].linenum or 1, "plural-forms",
            "the catalog has plural translations but no Plural-Forms header field" + hint)
        return None, False
    if plural_entries and not has_plural:
        add(header_line, "plural-forms", "the catalog has plural translations but the header "
            "has no 'plural=EXPRESSION' (written so, without spaces)" + hint)
        ok = False
    if plural_entries and not has_nplurals:
        add(header_line, "plural-forms", "the catalog has plural translations but the header "
            "has no 'nplurals=INTEGER' (written so, without spaces)" + hint)
        ok = False
    rule = None
    if has_plural and has_nplurals:
        if nplurals is None:
            value = _PLURAL_END_RE.split(header_text[header_text.find("nplurals=") + 9:], 1)[0]
            add(header_line, "plural-forms", f"invalid nplurals value {value.strip()!r}" + hint)
            ok = False
        evaluated = _evaluate_plural(expression)
        if evaluated is None:
            add(header_line, "plural-forms",
                f"invalid plural expression {expression.strip()!r}" + hint)
            ok = False
        elif ok:
            function, values, failure = evaluated
            problem = failure
            for n, value in enumerate(values):
                if value >= nplurals:
                    problem = (f"nplurals = {nplurals} but the plural expression gives {value} "
                               f"for n = {n}")
                    break
            if problem:
                add(header_line, "plural-forms", problem + hint)
                ok = False
            else:
                rule = _PluralRule(nplurals, expression, function, values)
    if ok and usual is not None:
        expected = _usual_rule(usual.plural_forms)
        effective = rule if rule is not None else _usual_rule(_GERMANIC)
        if expected is not None and effective is not None and not effective.same_as(expected):
            if rule is not None:
                shown = plural_forms or f"nplurals={nplurals}; plural={expression.strip()};"
                add(header_line, "plural-rule",
                    f"Plural-Forms {shown!r} is valid but not the usual rule for "
                    f"{usual.name} ({usual.plural_forms!r}) -- keep it if the translations "
                    "follow it, otherwise use the usual rule")
            else:
                add(header_line, "plural-rule",
                    "no Plural-Forms that gettext can read (nplurals=INTEGER; "
                    f"plural=EXPRESSION), so it uses {_GERMANIC!r}, not the usual rule for "
                    f"{usual.name} ({usual.plural_forms!r}) -- add 'Plural-Forms: "
                    f"{usual.plural_forms}' to the header")
    return rule, ok


def _header_line(data: bytes) -> int:
    where = data.find(b'msgid ""')
    return data.count(b"\n", 0, where) + 1 if where >= 0 else 1


def check_po_syntax(data: bytes, path: str, language: str | None = None,
                    template: bool = False) -> tuple[Catalog | None, list[Finding]]:
    """Check a PO or POT file as ``msgfmt --check`` does, with our own code.

    Reports what msgfmt rejects (a syntax error, a duplicate message, a missing
    header, an invalid or too small Plural-Forms, entries with the wrong
    number of plural forms, msgid and msgstr that disagree on a leading or
    trailing newline, c-format, python-format and python-brace-format
    translations that do not fit their msgid, see :mod:`translate.checks.formats`)
    as errors, and what it warns about (header fields missing or left at
    their default) as warnings.  Given the catalog's language, it also checks
    the Language header field against it, and warns (``plural-rule``, never
    an error) when a valid Plural-Forms is not the language's usual rule.

    Args:
        data: The bytes of the file.
        path: Its name in findings.
        language: The catalog's language, if known.
        template: The file is a template: only syntax and duplicates count.

    Returns:
        (the catalog, or None if it does not parse; the findings).
    """
    from ..errors import CatalogSyntaxError, DuplicateMessage
    from ..po import parse_po_bytes

    findings: list[Finding] = []

    def add(line: int, code: str, message: str, severity: str | None = None) -> None:
        findings.append(Finding(path, line, code, severity or CODES[code][1], message,
                                     language))

    try:
        catalog = parse_po_bytes(data, path)
    except DuplicateMessage as error:
        add(error.line or 1, "duplicate", describe_error(error))
        return None, findings
    except CatalogSyntaxError as error:
        add(error.line or 1, "parse-error", describe_error(error))
        return None, findings
    # Our reader only refuses duplicates among active entries; msgfmt also
    # counts obsolete ones.
    seen: dict[tuple[str | None, str], int] = {}
    for entry in (catalog if any(entry.obsolete for entry in catalog) else ()):
        key = (entry.msgctxt, entry.msgid)
        if key in seen and (entry.obsolete or seen[key] < 0):
            add(entry.linenum or 1, "duplicate",
                f"duplicate message {entry.msgid[:60]!r} (also at line {abs(seen[key])})")
        elif key not in seen:
            seen[key] = entry.linenum if not entry.obsolete else -(entry.linenum or 1)
    if template:
        return catalog, findings
    metadata = catalog.metadata
    header_line = _header_line(data) if metadata or catalog.header else 1
    if not metadata:
        add(1, "header", "no header entry (msgid \"\" with Content-Type and Plural-Forms)")
        return catalog, findings
    for name, default in _HEADER_DEFAULTS.items():
        value = metadata.get(name)
        if value is None:
            add(header_line, "header-field", f"header field {name!r} is missing")
        elif default is not None and value.startswith(default):
            add(header_line, "header-field",
                f"header field {name!r} still has its default value {value!r}")
    content_type = metadata.get("Content-Type", "")
    if "charset=" not in content_type:
        add(header_line, "header-field", "no charset in the Content-Type header field")
    elif "charset=CHARSET" in content_type:
        add(header_line, "header-field",
            "header field 'Content-Type' still has its default value charset=CHARSET")
    # msgfmt (and gettext at run time) read the rule from the header's text.
    header_text = "".join(f"{key}: {value}\n" for key, value in metadata.items())
    # The entries msgfmt counts: translated (msgstr[0] not empty), not fuzzy.
    plural_entries = [entry for entry in catalog if entry.msgid_plural and not entry.obsolete
                      and not is_fuzzy(entry) and _plural_forms_of(entry)[:1] != [""]
                      and entry.msgstr_plural]
    rule, plural_ok = _check_plural_header(header_text, metadata.get("Plural-Forms"),
                                           plural_entries, header_line, language, add)
    nplurals = rule.nplurals if rule is not None else None
    if rule is not None and any(len(_plural_forms_of(entry)) != rule.nplurals
                                for entry in plural_entries):
        plural_ok = False  # reported for each entry below
    # Which msgstr[N] must use all the msgid_plural's arguments depends on
    # the numbers each form serves; msgfmt knows it only from a rule it
    # found no fault with.
    often = rule.often() if rule is not None and plural_ok else None
    if language is not None:
        declared = metadata.get("Language")
        if declared and declared.replace("-", "_").split("_")[0].lower() \
                != language.replace("-", "_").split("_")[0].lower():
            add(header_line, "header",
                f"Language is {declared!r} in the {language} catalog -- fix the header")
    for entry in catalog:
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        msgid, msgstr = entry.msgid, entry.msgstr
        if entry.msgid_plural or entry.msgstr_plural or (
                not msgstr and "msgstr" not in field_keywords(entry)):
            _check_plural_entry(entry, nplurals, add)
        elif msgstr and ((msgid[:1] == "\n") != (msgstr[:1] == "\n")
                         or (msgid[-1:] == "\n") != (msgstr[-1:] == "\n")):
            _check_newlines(msgid, "msgid", msgstr, "msgstr", entry, add)
        if entry.flags:
            kinds = format_kinds(entry.flags)
            if kinds:
                _check_format_entry(entry, kinds, rule, often, add)
    return catalog, findings


def _plural_forms_of(entry) -> list[str]:
    """The msgstr[N] of an entry in the order of the file."""
    keys = [key for key in field_keywords(entry) if key.startswith("msgstr[")]
    if keys:
        return [entry.msgstr_plural.get(int(key[7:-1]), "") for key in keys]
    return [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]


def _check_format_entry(entry, kinds: list[str], rule: _PluralRule | None,
                        often: list[bool] | None, add) -> None:
    """Check a translated entry flagged c-format, python-format or
    python-brace-format as msgfmt does; reported at the line msgfmt names."""
    if entry.msgid_plural:
        keys = [key for key in field_keywords(entry) if key.startswith("msgstr[")]
        forms = _plural_forms_of(entry)
        if not forms or not forms[0] or (keys and [int(key[7:-1]) for key in keys]
                                         != list(range(len(keys)))):
            return  # untranslated, or a parse error already reported
        line = field_line(entry, keys[0] if keys else "msgstr[0]")
        bounds = argument_range(entry.flags)
        # A form must take every argument when it serves infinitely many
        # numbers (of the entry's range, if it has one); otherwise, like the
        # singular of most languages, it may leave the number out.
        strict = [len(forms) == 1 or (
            often is not None and index < len(often) and often[index]
            and not (bounds is not None and rule is not None
                     and rule.histogram(bounds[0], bounds[1], index) <= 1))
            for index in range(len(forms))]
        plural = entry.msgid_plural
    else:
        if entry.msgstr_plural or not entry.msgstr:
            return
        forms, strict, plural = [entry.msgstr], None, None
        line = field_line(entry, "msgstr")
    for kind in kinds:
        for problem in check_format_strings(kind, entry.msgid, forms, plural, strict):
            add(line, "format-string", str(problem))


def _check_plural_entry(entry, nplurals: int | None, add) -> None:
    line = entry.linenum or 1
    keywords = [key for key in field_keywords(entry) if key.startswith("msgstr")]
    if not entry.msgid_plural:
        if any(key.startswith("msgstr[") for key in keywords):
            add(line, "parse-error", "msgstr[N] without msgid_plural -- add msgid_plural or "
                "write msgstr")
        return
    if not entry.msgstr_plural:
        add(line, "parse-error", "msgid_plural with msgstr instead of msgstr[0], msgstr[1]...")
        return
    indexes = [int(key[7:-1]) for key in keywords] or sorted(entry.msgstr_plural)
    if indexes != list(range(len(indexes))):
        add(line, "parse-error", f"plural forms numbered {indexes}: number them msgstr[0] to "
            f"msgstr[{len(indexes) - 1}] in order")
    if not _plural_forms_of(entry)[0]:
        return  # msgfmt skips an entry whose msgstr[0] is empty: untranslated
    if nplurals is not None and len(indexes) != nplurals:
        add(line, "plural-forms",
            f"{len(indexes)} plural forms where nplurals = {nplurals}")
    # msgfmt names the line of the first msgstr[N] for all of them.
    plural_line = field_line(entry, keywords[0] if keywords else "msgstr[0]")
    _check_newlines(entry.msgid, "msgid", entry.msgid_plural, "msgid_plural", entry, add,
                    plural_line)
    for index in sorted(entry.msgstr_plural):
        _check_newlines(entry.msgid, "msgid", entry.msgstr_plural[index], f"msgstr[{index}]",
                        entry, add, plural_line)


def _check_newlines(first: str, first_name: str, second: str, second_name: str,
                    entry, add, line: int | None = None) -> None:
    begin = (first[:1] == "\n") != (second[:1] == "\n")
    end = (first[-1:] == "\n") != (second[-1:] == "\n")
    if (begin or end) and line is None:
        line = field_line(entry, second_name)
    if begin:
        add(line, "newline",
            f"{first_name} and {second_name} do not both begin with a newline (\\n)")
    if end:
        add(line, "newline",
            f"{first_name} and {second_name} do not both end with a newline (\\n)")
