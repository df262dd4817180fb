"""Format strings as GNU ``msgfmt --check`` sees them.

An entry flagged ``#, c-format``, ``#, python-format`` or ``#, python-brace-format``
is a format string: a program passes it arguments, so a translation that
wants other arguments crashes the program or prints garbage.  This module
parses the three syntaxes into their arguments and compares a msgstr with its
msgid the way GNU gettext's ``format-c.c``, ``format-python.c`` and
``format-python-brace.c`` (version 0.21) do, so that ``translate check`` gives
msgfmt's verdict without running it.

Everything here is a pure function of strings: :func:`format_kinds` reads the
flags of an entry, :func:`parse_format` turns one string into a
:class:`FormatSpec` (or raises :class:`InvalidFormat`), :func:`compare_formats`
says why a msgstr's arguments do not fit its msgid's, and
:func:`check_format_strings` does all of it for one entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["FORMAT_KINDS", "Argument", "FormatSpec", "InvalidFormat", "FormatProblem",
           "format_kinds", "argument_range", "parse_format", "compare_formats",
           "check_format_strings"]

#: The format kinds checked (gettext's names, as in ``#, c-format``) and how
#: messages name them.
FORMAT_KINDS: dict[str, str] = {"c": "C", "python": "Python", "python-brace": "Python brace"}

# gettext splits a "#," comment into tokens at blanks and commas.
_FLAG_TOKEN_RE = re.compile(r"[^\s,]+")
_RANGE_RE = re.compile(r"(\d+)\.\.(\d+)")
_INT_MAX = 2 ** 31 - 1


class InvalidFormat(ValueError):
    """A string is not a valid format string of its kind.

    Attributes:
        reason: Why, in one sentence.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Argument:
    """One argument a format string consumes.

    Attributes:
        key: Its position (1, 2, ...) or, for a mapping, its name.
        type: What it must be (``int``, ``unsigned long int``, ``string``...);
            two arguments fit when their types are equal.
        directive: The directive that consumes it, as written (``%ld``).
    """

    key: int | str
    type: str
    directive: str


@dataclass(frozen=True)
class FormatSpec:
    """The arguments of a valid format string.

    Attributes:
        kind: ``c``, ``python`` or ``python-brace``.
        positional: Arguments taken by position (a C argument list or a Python
            tuple), in order.
        named: Arguments taken by name (a Python mapping, or brace fields),
            sorted by name.
    """

    kind: str
    positional: tuple[Argument, ...] = ()
    named: tuple[Argument, ...] = ()


@dataclass(frozen=True)
class FormatProblem:
    """Why one msgstr of an entry does not fit the format of its msgid.

    Attributes:
        kind: The format kind (``c``, ``python``, ``python-brace``).
        field: ``msgstr`` or ``msgstr[N]``.
        reason: What is wrong.
        hint: What to do.
    """

    kind: str
    field: str
    reason: str
    hint: str

    def __str__(self) -> str:
        return f"{FORMAT_KINDS[self.kind]} format: {self.reason} -- {self.hint}"


def format_kinds(flags: Iterable[str]) -> list[str]:
    """The format kinds an entry's flags ask to check, in the order of
    :data:`FORMAT_KINDS`.

    ``c-format`` and ``possible-c-format`` ask for a check, ``no-c-format``
    and ``impossible-c-format`` forbid it; as for gettext, the last of these
    flags wins.
    """
    state: dict[str, bool] = {}
    for token in _FLAG_TOKEN_RE.findall(",".join(flags)):
        if not token.endswith("-format"):
            continue
        name = token[:-len("-format")]
        check = True
        for prefix, value in (("no-", False), ("possible-", True), ("impossible-", False)):
            if name.startswith(prefix):
                name, check = name[len(prefix):], value
                break
        if name in FORMAT_KINDS:
            state[name] = check
    return [kind for kind in FORMAT_KINDS if state.get(kind)]


def argument_range(flags: Iterable[str]) -> tuple[int, int] | None:
    """The ``#, range: MIN..MAX`` of an entry (the values its plural number
    takes), or None."""
    tokens = _FLAG_TOKEN_RE.findall(",".join(flags))
    found = None
    for index, token in enumerate(tokens[:-1]):
        if token == "range:":
            match = _RANGE_RE.match(tokens[index + 1])
            if match:
                low, high = (min(int(value), _INT_MAX) for value in match.groups())
                if low <= high:
                    found = (low, high)
    return found


def parse_format(kind: str, text: str, translated: bool = False) -> FormatSpec:
    """Parse a format string into the arguments it consumes.

    Args:
        kind: ``c``, ``python`` or ``python-brace``.
        text: The string.
        translated: It is a msgstr (C allows the ``I`` flag only there).

    Raises:
        InvalidFormat: The string is not a valid format string of its kind.
        KeyError: An unknown kind.
    """
    return _PARSERS[kind](text, translated)


def compare_formats(msgid: FormatSpec, msgstr: FormatSpec, strict: bool = True,
                    msgid_field: str = "msgid", msgstr_field: str = "msgstr") -> str | None:
    """Why the arguments of a msgstr do not fit those of its msgid, or None.

    Args:
        msgid: The msgid's (or msgid_plural's) arguments.
        msgstr: The msgstr's.
        strict: Require the same arguments; otherwise (a plural form used for
            a few numbers only) the msgstr may leave out arguments at the end
            (C), named arguments (Python), or use other names (brace).
        msgid_field: How to name the msgid in the reason.
        msgstr_field: How to name the msgstr.
    """
    if msgid.kind == "c":
        return _compare_c(msgid, msgstr, strict, msgid_field, msgstr_field)
    if msgid.kind == "python":
        return _compare_python(msgid, msgstr, strict, msgid_field, msgstr_field)
    return _compare_brace(msgid, msgstr, strict, msgid_field, msgstr_field)


def check_format_strings(kind: str, msgid: str, msgstrs: Sequence[str],
                         msgid_plural: str | None = None,
                         strict: Sequence[bool] | None = None) -> list[FormatProblem]:
    """Check the translations of one entry against its format, as msgfmt does.

    A msgid that is not a valid format string of the kind is not checked at
    all (the flag is then a mistake of the program, not of the translator).
    For a plural entry the msgstr[N] are compared with the msgid_plural.

    Args:
        kind: ``c``, ``python`` or ``python-brace``.
        msgid: The msgid.
        msgstrs: The msgstr, or the msgstr[N] in order.
        msgid_plural: The msgid_plural of a plural entry.
        strict: Per msgstr, whether it must use exactly the msgid's arguments
            (default: all strict); see :func:`compare_formats`.

    Returns:
        One problem per msgstr that does not fit, in order.
    """
    source, source_field = ((msgid_plural, "msgid_plural") if msgid_plural is not None
                            else (msgid, "msgid"))
    try:
        expected = parse_format(kind, source)
    except InvalidFormat:
        return []
    name = FORMAT_KINDS[kind]
    problems: list[FormatProblem] = []
    for index, text in enumerate(msgstrs):
        field = f"msgstr[{index}]" if msgid_plural is not None else "msgstr"
        try:
            found = parse_format(kind, text, translated=True)
        except InvalidFormat as error:
            problems.append(FormatProblem(
                kind, field, f"{field} is not a valid {name} format string, unlike the "
                f"{source_field}: {error.reason}", _INVALID_HINT[kind]))
            continue
        reason = compare_formats(expected, found, True if strict is None else strict[index],
                                 source_field, field)
        if reason is not None:
            problems.append(FormatProblem(
                kind, field, reason,
                f"use the format directives of the {source_field} in the translation"))
    return problems


_INVALID_HINT = {
    "c": "fix the directive, and write %% for a literal percent sign",
    "python": "fix the directive, and write %% for a literal percent sign",
    "python-brace": "fix the field, and write {{ and }} for literal braces",
}


def _count(number: int, what: str) -> str:
    return f"{number} {what}" + ("" if number == 1 else "s")


# ---------------------------------------------------------------------------
# C (format-c.c): printf directives, positional %m$ arguments, <inttypes.h> macros

_DIGITS = "0123456789"
_C_FLAGS = " +-#0'"
_SHORT, _CHAR, _LONG, _LONGLONG = "short", "char", "long", "long long"
_C_SIZE_LETTERS = {"L": _LONGLONG, "q": _LONGLONG, "j": "intmax_t", "z": "size_t",
                   "Z": "size_t", "t": "ptrdiff_t"}
_C_SIGNED = "di"
_C_UNSIGNED = "ouxX"
_C_FLOAT = "eEfFgGaA"
_C99_SIZES = [("MAX", "intmax_t"), ("PTR", "intptr_t")] + [
    (f"{prefix}{bits}", f"int{'_' + prefix.lower() if prefix else ''}{bits}_t")
    for prefix in ("LEAST", "FAST", "") for bits in ("8", "16", "32", "64")]


def _c_number(text: str, position: int) -> tuple[int, int]:
    """The decimal number at position, as C's unsigned int, and its end."""
    value = 0
    while position < len(text) and text[position] in _DIGITS:
        value = (10 * value + ord(text[position]) - 48) & 0xFFFFFFFF
        position += 1
    return value, position


def _c_integer_type(unsigned: bool, size: str) -> str:
    if not size:
        return "unsigned int" if unsigned else "int"
    if size in (_SHORT, _CHAR, _LONG, _LONGLONG):
        if size == _CHAR:
            return "unsigned char" if unsigned else "signed char"
        return f"unsigned {size} int" if unsigned else f"{size} int"
    # A typedef (size_t, int64_t...): the signedness still tells two apart.
    return f"{size} (unsigned)" if unsigned else size


def _parse_c(text: str, translated: bool) -> FormatSpec:
    unnumbered: list[tuple[str, str]] = []
    numbered: list[tuple[int, str, str]] = []
    directives = 0
    length = len(text)
    position = text.find("%")

    def take(number: int, kind: str, directive: str) -> None:
        # A string refers to its arguments either all by number or all in
        # order: printf cannot do both.
        if number:
            if unnumbered:
                raise InvalidFormat(_C_MIXED)
            numbered.append((number, kind, directive))
        else:
            if numbered:
                raise InvalidFormat(_C_MIXED)
            unnumbered.append((kind, directive))

    def star(at: int, what: str) -> int:
        """A '*' width or precision at position at (after the '*')."""
        number = 0
        value, end = _c_number(text, at)
        if end > at and end < length and text[end] == "$":
            if value == 0:
                raise InvalidFormat(f"in directive {directives}, the {what} argument number "
                                    "is 0, not a positive integer")
            number, at = value, end + 1
        take(number, "int", text[start:at])
        return at

    while position >= 0:
        start = position
        position += 1
        directives += 1
        number = 0
        value, end = _c_number(text, position)
        if end > position and end < length and text[end] == "$":
            if value == 0:
                raise InvalidFormat(f"in directive {directives}, the argument number is 0, "
                                    "not a positive integer")
            number, position = value, end + 1
        while position < length and (text[position] in _C_FLAGS
                                     or (translated and text[position] == "I")):
            position += 1
        if position < length and text[position] == "*":
            position = star(position + 1, "width")
        else:
            while position < length and text[position] in _DIGITS:
                position += 1
        if position < length and text[position] == ".":
            position += 1
            if position < length and text[position] == "*":
                position = star(position + 1, "precision")
            else:
                while position < length and text[position] in _DIGITS:
                    position += 1
        if position < length and text[position] == "<":
            kind, position = _c99_macro(text, position + 1, directives)
        else:
            size = ""
            while position < length:
                letter = text[position]
                if letter == "h":
                    size = _CHAR if size in (_SHORT, _CHAR) else _SHORT
                elif letter == "l":
                    size = _LONGLONG if size in (_LONG, _LONGLONG) else _LONG
                elif letter in _C_SIZE_LETTERS:
                    size = _C_SIZE_LETTERS[letter]
                else:
                    break
                position += 1
            letter = text[position] if position < length else ""
            wide = size in (_LONG, _LONGLONG)
            if letter in ("%", "m"):
                kind = ""
            elif letter == "c":
                kind = "wide character" if wide else "character"
            elif letter == "C":
                kind = "wide character"
            elif letter == "s":
                kind = "wide string" if wide else "string"
            elif letter == "S":
                kind = "wide string"
            elif letter and letter in _C_SIGNED:
                kind = _c_integer_type(False, size)
            elif letter and letter in _C_UNSIGNED:
                kind = _c_integer_type(True, size)
            elif letter and letter in _C_FLOAT:
                kind = "long double" if size == _LONGLONG else "double"
            elif letter == "p":
                kind = "pointer"
            elif letter == "n":
                kind = f"pointer to {_c_integer_type(False, size)}"
            elif not letter:
                raise InvalidFormat("the string ends in the middle of a directive")
            else:
                raise InvalidFormat(f"in directive {directives}, {letter!r} is not a valid "
                                    "conversion specifier")
            position += 1
        if kind:
            take(number, kind, text[start:position])
        position = text.find("%", position)
    if numbered:
        by_number: dict[int, tuple[str, str]] = {}
        for number, kind, directive in sorted(numbered, key=lambda item: item[0]):
            if number in by_number and by_number[number][0] != kind:
                raise InvalidFormat(f"the string uses argument {number} in incompatible ways "
                                    f"({by_number[number][1]} and {directive})")
            by_number.setdefault(number, (kind, directive))
        for expected, number in enumerate(sorted(by_number), 1):
            if number != expected:
                raise InvalidFormat(f"the string uses argument {number} but not argument "
                                    f"{expected}")
        arguments = tuple(Argument(number, *by_number[number]) for number in sorted(by_number))
    else:
        arguments = tuple(Argument(index, kind, directive)
                          for index, (kind, directive) in enumerate(unnumbered, 1))
    return FormatSpec("c", positional=arguments)


_C_MIXED = ("the string refers to some arguments by number (%1$s) and to others in order "
            "(%s)")


def _c99_macro(text: str, position: int, directives: int) -> tuple[str, int]:
    """A <PRId64>-style directive (ISO C99 7.8.1) from after its '<': the
    argument type and the position after the '>'."""
    invalid = InvalidFormat(f"in directive {directives}, the name after '<' is not an "
                            "ISO C99 format macro such as PRId64 or PRIuMAX")
    if text[position:position + 3] != "PRI" or position + 3 >= len(text):
        raise invalid
    letter = text[position + 3]
    if letter not in _C_SIGNED + _C_UNSIGNED:
        raise invalid
    position += 4
    for name, size in _C99_SIZES:
        if text.startswith(name, position):
            position += len(name)
            break
    else:
        raise invalid
    if position >= len(text) or text[position] != ">":
        raise InvalidFormat(f"in directive {directives}, the macro name after '<' is not "
                            "closed by '>'")
    return _c_integer_type(letter in _C_UNSIGNED, size), position + 1


def _compare_c(msgid: FormatSpec, msgstr: FormatSpec, strict: bool, msgid_field: str,
               msgstr_field: str) -> str | None:
    expected, found = msgid.positional, msgstr.positional
    if (len(found) != len(expected)) if strict else (len(found) > len(expected)):
        return (f"{msgstr_field} takes {_count(len(found), 'argument')} where the "
                f"{msgid_field} takes {len(expected)}")
    for want, have in zip(expected, found):
        if want.type != have.type:
            return (f"argument {want.key} is {want.type} ({want.directive}) in the "
                    f"{msgid_field} but {have.type} ({have.directive}) in {msgstr_field}")
    return None


# ---------------------------------------------------------------------------
# Python (format-python.c): the % operator, with a tuple or a mapping

_PY_FLAGS = "-+ #0"
_PY_TYPES = {"c": "character", "s": "string", "r": "string", "i": "integer", "d": "integer",
             "u": "integer", "o": "integer", "x": "integer", "X": "integer", "e": "float",
             "E": "float", "f": "float", "g": "float", "G": "float"}
#: %.0s prints nothing: it accepts an argument of any type.
_ANY = "any"
_NONE = "no argument"
_PY_MIXED = ("the string refers to some arguments by name (%(name)s) and to others in order "
             "(%s)")


def _parse_python(text: str, translated: bool) -> FormatSpec:
    unnamed: list[Argument] = []
    named: list[Argument] = []
    directives = 0
    length = len(text)
    position = text.find("%")
    while position >= 0:
        start = position
        position += 1
        directives += 1
        name = None
        if position < length and text[position] == "(":
            depth = 0
            close = position + 1
            while close < length:
                if text[close] == "(":
                    depth += 1
                elif text[close] == ")":
                    if depth == 0:
                        break
                    depth -= 1
                close += 1
            if close >= length:
                raise InvalidFormat("the string ends in the middle of a directive")
            name = text[position + 1:close]
            position = close + 1
        while position < length and text[position] in _PY_FLAGS:
            position += 1
        if position < length and text[position] == "*":
            position += 1
            if named:
                raise InvalidFormat(_PY_MIXED)
            unnamed.append(Argument(len(unnamed) + 1, "integer", text[start:position]))
        else:
            while position < length and text[position] in _DIGITS:
                position += 1
        zero_precision = False
        if position < length and text[position] == ".":
            position += 1
            if position < length and text[position] == "*":
                position += 1
                if named:
                    raise InvalidFormat(_PY_MIXED)
                unnamed.append(Argument(len(unnamed) + 1, "integer", text[start:position]))
            elif position < length and text[position] in _DIGITS:
                zero_precision = True
                while position < length and text[position] in _DIGITS:
                    zero_precision = zero_precision and text[position] == "0"
                    position += 1
        if position < length and text[position] in "hlL":
            position += 1
        letter = text[position] if position < length else ""
        if letter == "%":
            kind = _NONE
        elif letter and letter in _PY_TYPES:
            kind = _ANY if zero_precision and letter in "sr" else _PY_TYPES[letter]
        elif not letter:
            raise InvalidFormat("the string ends in the middle of a directive")
        else:
            raise InvalidFormat(f"in directive {directives}, {letter!r} is not a valid "
                                "conversion specifier")
        position += 1
        directive = text[start:position]
        if name is not None:
            if unnamed:
                raise InvalidFormat(_PY_MIXED)
            named.append(Argument(name, kind, directive))
        elif letter != "%":
            if named:
                raise InvalidFormat(_PY_MIXED)
            unnamed.append(Argument(len(unnamed) + 1, kind, directive))
        position = text.find("%", position)
    merged: dict[str, Argument] = {}
    for argument in named:
        known = merged.get(argument.key)  # type: ignore[arg-type]
        if known is None or known.type == _ANY:
            merged[argument.key] = argument  # type: ignore[index]
        elif argument.type != known.type and argument.type != _ANY:
            raise InvalidFormat(f"the string uses the argument named {argument.key!r} in "
                                f"incompatible ways ({known.directive} and "
                                f"{argument.directive})")
    return FormatSpec("python", positional=tuple(unnamed),
                      named=tuple(merged[key] for key in sorted(merged)))


def _fits(want: str, have: str, strict: bool) -> bool:
    return want == have or (not strict and _ANY in (want, have))


def _compare_python(msgid: FormatSpec, msgstr: FormatSpec, strict: bool, msgid_field: str,
                    msgstr_field: str) -> str | None:
    if msgid.named and msgstr.positional:
        return (f"the {msgid_field} takes a mapping (%(name)s) but {msgstr_field} takes a "
                "tuple (%s)")
    if msgid.positional and msgstr.named:
        return (f"the {msgid_field} takes a tuple (%s) but {msgstr_field} takes a mapping "
                "(%(name)s)")
    expected = {argument.key: argument for argument in msgid.named}
    found = {argument.key: argument for argument in msgstr.named}
    for name in sorted(set(expected) | set(found)):
        if name not in expected:
            return (f"{msgstr_field} uses the argument {name!r}, which the {msgid_field} does "
                    "not have")
        if name not in found:
            if strict:
                return f"{msgstr_field} does not use the argument {name!r} of the {msgid_field}"
            continue
        if not _fits(expected[name].type, found[name].type, strict):
            return (f"the argument {name!r} is {expected[name].type} "
                    f"({expected[name].directive}) in the {msgid_field} but "
                    f"{found[name].type} ({found[name].directive}) in {msgstr_field}")
    if len(msgid.positional) != len(msgstr.positional):
        return (f"{msgstr_field} takes {_count(len(msgstr.positional), 'argument')} where the "
                f"{msgid_field} takes {len(msgid.positional)}")
    for want, have in zip(msgid.positional, msgstr.positional):
        if not _fits(want.type, have.type, strict):
            return (f"argument {want.key} is {want.type} ({want.directive}) in the "
                    f"{msgid_field} but {have.type} ({have.directive}) in {msgstr_field}")
    return None


# ---------------------------------------------------------------------------
# Python brace (format-python-brace.c): str.format() fields

_NAME_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")
_NAME_PART = _NAME_START | frozenset(_DIGITS)
_ALIGN = "<>=^"
_BRACE_TYPES = "bcdoxXneEfFgG%"


def _field_end(text: str, position: int, numeric: bool) -> int:
    """The end of an identifier (or, if numeric, a number) at position;
    position itself when there is none."""
    length = len(text)
    if position < length and text[position] in _NAME_START:
        position += 1
        while position < length and text[position] in _NAME_PART:
            position += 1
    elif numeric and position < length and text[position] in _DIGITS:
        while position < length and text[position] in _DIGITS:
            position += 1
    return position


def _brace_directive(text: str, position: int, toplevel: bool, number: int,
                     names: list[str]) -> int:
    """Parse the field whose '{' is at position; returns the position after it."""
    length = len(text)
    position += 1
    if position < length and text[position] == "{":
        return position + 1  # "{{", a literal brace
    name_start = position
    end = _field_end(text, position, numeric=True)
    if end == position:
        shown = repr(text[position]) if position < length else "the end of the string"
        raise InvalidFormat(f"in field {number}, {shown} cannot start a field name (gettext "
                            "0.21 wants a name or a number: {0}, {name})")
    position = end
    while position < length and text[position] in ".[":
        if text[position] == ".":
            end = _field_end(text, position + 1, numeric=False)
            if end == position + 1:
                raise InvalidFormat(f"in field {number}, an attribute name must follow '.'")
            position = end
        else:
            end = _field_end(text, position + 1, numeric=True)
            if end == position + 1:
                raise InvalidFormat(f"in field {number}, an index or key must follow '['")
            if end >= length or text[end] != "]":
                raise InvalidFormat(f"in field {number}, '[' is not closed by ']'")
            position = end + 1
    if position < length and text[position] == ":":
        if not toplevel:
            raise InvalidFormat(f"in field {number}, a nested field cannot have a format "
                                "specification")
        position += 1
        if position < length and text[position] == "{":
            position = _brace_directive(text, position, False, number, names)
        else:
            if position >= length:
                raise InvalidFormat(f"field {number} is not closed by '}}'")
            # [[fill]align]: the fill is any one byte, so a character that UTF-8
            # writes in several bytes cannot be one.
            if (position + 1 < length and text[position + 1] in _ALIGN
                    and text[position] < "\x80"):
                position += 2
            elif text[position] in _ALIGN:
                position += 1
            for optional in ("+- ", "#", "0"):
                if position < length and text[position] in optional:
                    position += 1
            while position < length and text[position] in _DIGITS:
                position += 1
            if position < length and text[position] == ".":
                position += 1  # gettext 0.21 takes a '.' without digits too
                while position < length and text[position] in _DIGITS:
                    position += 1
            if position < length and text[position] in _BRACE_TYPES:
                position += 1
    if position >= length or text[position] != "}":
        raise InvalidFormat(f"field {number} is not closed by '}}' where it should be")
    if toplevel:
        # gettext 0.21 names a field by all of its text, format specification
        # included: {n:>5} and {n} are different arguments to it.
        names.append(text[name_start:position])
    return position + 1


def _parse_brace(text: str, translated: bool) -> FormatSpec:
    names: list[str] = []
    position = text.find("{")
    number = 0
    while position >= 0:
        number += 1
        position = _brace_directive(text, position, True, number, names)
        position = text.find("{", position)
    unique = sorted(set(names))
    return FormatSpec("python-brace",
                      named=tuple(Argument(name, "any", "{" + name + "}") for name in unique))


def _compare_brace(msgid: FormatSpec, msgstr: FormatSpec, strict: bool, msgid_field: str,
                   msgstr_field: str) -> str | None:
    if not strict:
        return None  # gettext 0.21 lets a plural form use any fields
    expected = {argument.key for argument in msgid.named}
    found = {argument.key for argument in msgstr.named}
    for name in sorted(expected | found):
        if name not in expected:
            return (f"{msgstr_field} uses the field {{{name}}}, which the {msgid_field} does "
                    "not have")
        if name not in found:
            return f"{msgstr_field} does not use the field {{{name}}} of the {msgid_field}"
    return None


_PARSERS = {"c": _parse_c, "python": _parse_python, "python-brace": _parse_brace}
