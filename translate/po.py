"""Read and write PO and POT files, byte for byte as GNU gettext does.

The data model is polib's: a :class:`Catalog` is a :class:`polib.POFile` (so
``translated_entries()``, ``percent_translated()`` and friends work) holding
:class:`polib.POEntry` objects.  What polib does not do, this module does:

* Parse fast, and report syntax errors and duplicate messages with their line.
* Remember the exact text of every field read from a file.  When a catalog is
  written back, a field whose value did not change is written as it was read,
  so a file written by Poedit, Lokalize or an older gettext keeps its bytes, and
  a change to one comment changes one line of the diff.
* Write new or changed fields exactly as ``msgcat``/``msgmerge`` would: the same
  order of comments, the same escapes, and the same line breaks at 79 columns
  (see :mod:`translate.linebreak`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

import polib

from .errors import CatalogSyntaxError, DuplicateMessage

__all__ = ["Catalog", "parse_po", "read_po", "read_translations", "format_po", "new_entry",
           "entry_fields", "EntryFields",
           "SourceText", "source_text", "field_keywords", "field_line", "carry_text",
           "forget_text", "is_translated", "msgstr_of", "is_fuzzy", "is_reviewed", "is_machine_draft",
           "machine_note", "machine_model", "mark_reviewed", "reviewed_note", "text_checksum",
           "MACHINE_PREFIX", "REVIEWED_PREFIX", "MEMORY_PREFIX", "FLAG_PREFIXES"]

PAGE_WIDTH = 79


def break_points(*args, **kwargs):
    """:func:`translate.linebreak.break_points`, imported on first use:
    reading a catalog (``translate build``) breaks no line, and the tables
    of the line breaker take a while to load."""
    global break_points
    from .linebreak import break_points
    return break_points(*args, **kwargs)


_ESCAPES = str.maketrans({
    "\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r",
    "\a": "\\a", "\b": "\\b", "\f": "\\f", "\v": "\\v",
})
_SIMPLE_ESCAPES = {"\\": "\\", '"': '"', "a": "\a", "b": "\b", "f": "\f", "n": "\n",
                   "r": "\r", "t": "\t", "v": "\v", "?": "?", "'": "'"}
_ESCAPE_PAIR_RE = re.compile(r"\\.")
#: The characters _ESCAPES changes.
_TO_ESCAPE_RE = re.compile('[\\\\"\n\t\r\a\b\f\v]')


class Catalog(polib.POFile):
    """A PO catalog or POT template: polib's POFile, read and written exactly.

    Attributes:
        newline: The line ending of the file ("\\n" unless it was read with CRLF).
        encoding: The charset declared in the header, which the file is read
            and written with (polib's attribute).
        trailer: What follows the last entry (blank lines, stray comments).
    """

    def __init__(self, path: str | Path | None = None) -> None:
        super().__init__(fpath=str(path) if path is not None else None)
        self.newline = "\n"
        self.trailer = ""
        self._header_raw: tuple[tuple, str] | None = None
        self._last_read: object = None

    def header_fields(self) -> tuple:
        """The values the header entry's text depends on."""
        return (self.header, tuple(self.metadata.items()), bool(self.metadata_is_fuzzy))

    def forget_header_text(self) -> None:
        """Make the header entry be written anew, as gettext would write it."""
        self._header_raw = None

    def follow(self, other: Catalog) -> None:
        """Take the layout of ``other``, which this catalog replaces (as a
        merge does): its line ending, the text of its header entry and what
        follows its last entry, so that what did not change keeps its bytes."""
        self.newline = other.newline
        self._header_raw = other._header_raw
        self.trailer = other.trailer
        self._last_read = other._last_read

    # -- entry states: one definition each, used everywhere ----------------

    def active_entries(self) -> Iterator[polib.POEntry]:
        """The entries that are not obsolete."""
        return (entry for entry in self if not entry.obsolete)

    def reviewed_entries(self) -> Iterator[polib.POEntry]:
        """Active entries with a translation that is not fuzzy."""
        return (entry for entry in self if is_reviewed(entry))

    def machine_drafts(self) -> Iterator[polib.POEntry]:
        """Fuzzy machine drafts whose text is still what this tool wrote."""
        return (entry for entry in self if is_machine_draft(entry))

    def counts(self) -> tuple[int, int, int, int]:
        """(translated, fuzzy, untranslated, obsolete) entries."""
        translated = fuzzy = untranslated = obsolete = 0
        for entry in self:
            if entry.obsolete:
                obsolete += 1
            elif not is_translated(entry):
                untranslated += 1
            elif is_fuzzy(entry):
                fuzzy += 1
            else:
                translated += 1
        return translated, fuzzy, untranslated, obsolete


# ---------------------------------------------------------------------------
# Reading

_STRAY_QUOTE_RE = re.compile(r'(?<!\\)(?:\\\\)*"')
_TRAILING_BACKSLASH_RE = re.compile(r'(?<!\\)(?:\\\\)*\\$')
_ANY_ESCAPE_RE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9a-fA-F]{1,8})|(.))", re.S)


def _unescape(text: str, path: str, lineno: int) -> str:
    if "\\" not in text:
        if '"' in text:
            raise CatalogSyntaxError(path, lineno, f"unescaped double quote in string {text!r}",
                                     'write it as \\"')
        return text
    if _STRAY_QUOTE_RE.search(text) or _TRAILING_BACKSLASH_RE.search(text):
        raise CatalogSyntaxError(path, lineno, f"unescaped quote or backslash in string {text!r}",
                                 'write them as \\" and \\\\')

    def replace(match: re.Match[str]) -> str:
        octal, hexa, simple = match.groups()
        if octal is not None:
            return chr(int(octal, 8))
        if hexa is not None:
            return chr(int(hexa, 16))
        if simple in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[simple]
        raise CatalogSyntaxError(path, lineno, f"invalid escape sequence {match.group(0)!r}",
                                 "use \\n, \\t, \\\" or \\\\")

    return _ANY_ESCAPE_RE.sub(replace, text)


def _string_of(text: str, path: str, lineno: int) -> str:
    """The value of the C string literals on a line (``"a" "b"`` is ``ab``)."""
    rest = text.strip()
    if len(rest) >= 2 and rest[0] == '"' and rest[-1] == '"':
        inner = rest[1:-1]
        if '"' not in inner:
            return _unescape(inner, path, lineno) if "\\" in inner else inner
    parts: list[str] = []
    index = 0
    while True:
        if index >= len(rest) or rest[index] != '"':
            raise CatalogSyntaxError(
                path, lineno, f"expected a quoted string, found {text.strip()!r}",
                "put the text between double quotes",
            )
        end = index + 1
        while end < len(rest) and rest[end] != '"':
            end += 2 if rest[end] == "\\" else 1
        if end >= len(rest):
            raise CatalogSyntaxError(path, lineno, f"string not closed: {text.strip()!r}",
                                     "end it with a double quote on the same line")
        parts.append(_unescape(rest[index + 1:end], path, lineno))
        index = end + 1
        while index < len(rest) and rest[index] in " \t":
            index += 1
        if index >= len(rest):
            return "".join(parts)


_PREVIOUS_KEYWORDS = ("msgctxt", "msgid", "msgid_plural")


class _Builder:
    """The lines of one entry, collected while parsing."""

    __slots__ = ("start", "end", "first_line", "msgid_line", "obsolete", "tcomment", "comment",
                 "occurrences", "flags", "raw", "strings", "previous", "current",
                 "current_previous")

    def __init__(self, start: int, lineno: int) -> None:
        self.start = start
        self.end = start
        self.first_line = lineno
        self.msgid_line = lineno
        self.obsolete = False
        self.tcomment: list[str] = []
        self.comment: list[str] = []
        self.occurrences: list[tuple[str, str]] = []
        self.flags: list[str] = []
        self.raw: dict[str, list[str]] = {}
        self.strings: dict[str, str] = {}
        self.previous: dict[str, list[str]] = {}
        self.current: str | None = None
        self.current_previous: str | None = None


_STRING = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
_STRINGS_LINE = _STRING + r'(?:[ \t]*' + _STRING + r')*[ \t]*\r?(?:\n|\Z)'
_KEY = r'msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?'
_TOKEN_RE = re.compile(
    r'(?P<blank>[ \t\r]*\n|[ \t\r]+\Z)'
    r'|(?P<key>' + _KEY + r')[ \t]*(?P<strings>' + _STRINGS_LINE
    + r'(?:[ \t]*' + _STRINGS_LINE + r')*)'
    r'|#~[ \t]*(?P<okey>' + _KEY + r')[ \t]*(?P<ostrings>' + _STRINGS_LINE
    + r'(?:#~[ \t]*' + _STRINGS_LINE + r')*)'
    r'|(?P<comment>#[^\n]*(?:\n|\Z))'
)
_STRING_CONTENT_RE = re.compile(r'"([^"\\\n]*(?:\\.[^"\\\n]*)*)"')
_FIELD_STRINGS = _STRING + r'[ \t]*\n(?:' + _STRING + r'[ \t]*\n)*'
# The usual entry, read in one match: "#." comments, then "#:", then "#,"
# (the order gettext and this module write them in), msgid, msgstr, then a
# blank line (or the end).  Anything else takes the general path, and so
# do comments with a CR (_scan sees to it), which it reads as line ends.
_PLAIN_ENTRY_RE = re.compile(
    r'((?:#\.[^\n]*\n)*)((?:#:[^\n]*\n)*)((?:#,[^\n]*\n)*)msgid[ \t]*('
    + _FIELD_STRINGS + r')msgstr[ \t]*(' + _FIELD_STRINGS + r')(?=\n|\Z)'
)
# What "#." comments say (_add_comment's value: the text after "#." and one
# space).
_EXTRACTED_PREFIX_RE = re.compile(r"^#\. ?", re.MULTILINE)
_REFERENCES_PREFIX_RE = re.compile(r"^#:", re.MULTILINE)
_FLAGS_PREFIX_RE = re.compile(r"^#,", re.MULTILINE)


def _flags_of(lines: str) -> list[str]:
    """The flags of a run of "#," lines, as _add_comment splits them."""
    return [flag.strip() for flag in _FLAGS_PREFIX_RE.sub(",", lines).split(",")
            if flag.strip()]


def _strings_value(region: str, path: str, lineno: int) -> str:
    parts = _STRING_CONTENT_RE.findall(region)
    # Escapes never span two literals, so they can be undone after joining.
    value = parts[0] if len(parts) == 1 else "".join(parts)
    return _unescape(value, path, lineno) if "\\" in value else value


def _diagnose(text: str, position: int, path: str, lineno: int) -> CatalogSyntaxError:
    """Explain why the line at ``position`` does not parse."""
    end = text.find("\n", position)
    line = text[position:end if end >= 0 else len(text)].rstrip("\r")
    body = line[2:].lstrip(" \t") if line.startswith("#~") else line
    stripped = body.strip()
    if stripped.startswith('"'):
        try:
            _string_of(stripped, path, lineno)
        except CatalogSyntaxError as error:
            return error
        return CatalogSyntaxError(path, lineno, f"string without keyword {stripped!r}",
                                  "start the entry with msgid")
    quote = body.find('"')
    keyword = (body[:quote] if quote >= 0 else body).strip()
    if not re.fullmatch(_KEY, keyword):
        word = keyword.split()[0] if keyword else stripped
        return CatalogSyntaxError(path, lineno, f"unknown keyword {word!r}",
                                  "use msgctxt, msgid, msgid_plural or msgstr")
    if quote < 0:
        return CatalogSyntaxError(path, lineno, f"{keyword} without a quoted string",
                                  f'write {keyword} "..."')
    try:
        _string_of(body[quote:], path, lineno)
    except CatalogSyntaxError as error:
        return error
    return CatalogSyntaxError(path, lineno, f"cannot parse {line.strip()!r}",
                              "fix the line or restore the file from version control")


def _add_comment(builder: _Builder, body: str, full: str) -> bool:
    """Record a "#." (extracted), "#:" (reference) or "#," (flags) comment line;
    False for any other line."""
    kind = body[1:2]
    if kind == ".":
        value = body[2:]
        builder.comment.append(value[1:] if value.startswith(" ") else value)
        key = "comment"
    elif kind == ":":
        for ref in body[2:].split():
            name, _, number = ref.rpartition(":")
            builder.occurrences.append((name, number) if name and number.isdigit() else (ref, ""))
        key = "occurrences"
    elif kind == ",":
        builder.flags.extend(flag.strip() for flag in body[2:].split(",") if flag.strip())
        key = "flags"
    else:
        return False
    builder.raw.setdefault(key, []).append(full)
    return True


class _Plain(NamedTuple):
    """An entry of the usual form (_PLAIN_ENTRY_RE) as it was read: what a
    _Builder of it would hold, without one."""

    start: int
    end: int
    msgid_line: int
    comment: list[str]
    occurrences: list[tuple[str, str]]
    flags: list[str]
    raw: dict[str, list[str]]
    msgid: str
    msgstr: str
    # What a _Builder of such an entry would say (class attributes, not
    # fields).
    tcomment = ()
    obsolete = False


def _plain_entry(match: re.Match[str], path: str, lineno: int) -> tuple[_Plain, int]:
    """An entry matched by _PLAIN_ENTRY_RE, and the next line: what
    _add_comment makes of its comment lines, a run of lines at a time."""
    extracted, references, flags, msgid, msgstr = match.groups()
    raw: dict[str, list[str]] = {}
    # The lines of each kind of comment are kept in one piece.
    comment: list[str] = []
    if extracted:
        comment = _EXTRACTED_PREFIX_RE.sub("", extracted[:-1]).split("\n")
        raw["comment"] = [extracted]
    occurrences: list[tuple[str, str]] = []
    if references:
        for ref in _REFERENCES_PREFIX_RE.sub(" ", references).split():
            name, _, number = ref.rpartition(":")
            occurrences.append((name, number) if name and number.isdigit() else (ref, ""))
        raw["occurrences"] = [references]
    flag_list: list[str] = []
    if flags:
        flag_list = _flags_of(flags)
        raw["flags"] = [flags]
    text = match.string
    if extracted or references or flags:
        lineno += text.count("\n", match.start(), match.end(3))
    msgid_line = lineno
    msgid_value = _field_value(msgid, path, lineno)
    raw["msgid"] = [text[match.end(3):match.end(4)]]
    lineno += msgid.count("\n")
    msgstr_value = _field_value(msgstr, path, lineno)
    raw["msgstr"] = [text[match.end(4):match.end(5)]]
    lineno += msgstr.count("\n")
    return _Plain(match.start(), match.end(), msgid_line, comment, occurrences, flag_list, raw,
                  msgid_value, msgstr_value), lineno


def _plain_record(match: re.Match[str], path: str,
                  lineno: int) -> tuple[tuple[int, str, str, bool], int]:
    """What :func:`read_translations` keeps of an entry matched by
    _PLAIN_ENTRY_RE, and the next line: the values and lines _plain_entry
    gives, without the builder."""
    extracted, references, flags, msgid, msgstr = match.groups()
    fuzzy = "fuzzy" in flags and "fuzzy" in _flags_of(flags)
    lineno += match.string.count("\n", match.start(), match.end(3))
    msgid_line = lineno
    msgid_value = _field_value(msgid, path, lineno)
    lineno += msgid.count("\n")
    msgstr_value = _field_value(msgstr, path, lineno)
    lineno += msgstr.count("\n")
    return (msgid_line, msgid_value, msgstr_value, fuzzy), lineno


def _field_value(region: str, path: str, lineno: int) -> str:
    """_strings_value of a field matched by _FIELD_STRINGS (one string a
    line): without trailing blanks, the strings are the region less its
    outer quotes and the ``"\\n"`` between two lines (a string holds no
    newline, so each ``"\\n"`` there is one)."""
    if region[-2:] != '"\n' or " \n" in region or "\t\n" in region:
        return _strings_value(region, path, lineno)
    value = region[1:-2]
    if "\n" in value:
        value = value.replace('"\n"', "")
    return _unescape(value, path, lineno) if "\\" in value else value


def parse_po(text: str, path: str | Path = "<string>") -> Catalog:
    """Parse the text of a PO or POT file.

    Args:
        text: The decoded file content.
        path: The file name used in error messages.

    Returns:
        The catalog; it remembers the exact text of every field it read.

    Raises:
        CatalogSyntaxError: On the first line that does not parse.
        DuplicateMessage: When two active entries share msgctxt and msgid.
    """
    path = str(path)
    builders = _scan(text, path)
    catalog = Catalog(path)
    catalog.newline = "\r\n" if "\r\n" in text[:4000] else "\n"
    _build_catalog(catalog, builders, text, path)
    if builders:
        catalog.trailer = text[builders[-1].end:]
        catalog._last_read = catalog[-1] if len(catalog) else catalog
    return catalog


def _scan(text: str, path: str, light: bool = False) -> list:
    """The entries of a PO text, one record each, in file order.

    A record is a :class:`_Builder`, or a :class:`_Plain` for an entry of
    the usual form (see _PLAIN_ENTRY_RE); with ``light``, such an entry is
    only ``(msgid line, msgid, msgstr, fuzzy)``, all that
    :func:`read_translations` needs of it.  Both ways read the same
    lines and raise the same errors on the same line.
    """
    if text.startswith("\ufeff"):
        raise CatalogSyntaxError(path, 1, "the file starts with a byte order mark (BOM)",
                                 "save it as UTF-8 without BOM")
    builders: list = []
    builder: _Builder | None = None
    position = 0
    lineno = 1
    length = len(text)
    match_token = _TOKEN_RE.match
    match_plain = _PLAIN_ENTRY_RE.match
    while position < length:
        if builder is None:
            plain = match_plain(text, position)
            if plain is not None and text.find("\r", position, plain.end(3)) < 0:
                if light:
                    record, lineno = _plain_record(plain, path, lineno)
                    builders.append(record)
                else:
                    entry, lineno = _plain_entry(plain, path, lineno)
                    builders.append(entry)
                position = plain.end()
                while text.startswith("\n", position):
                    position += 1
                    lineno += 1
                continue
        match = match_token(text, position)
        if match is None:
            raise _diagnose(text, position, path, lineno)
        start, end = position, match.end()
        full = match.group()
        position = end
        token_line = lineno
        lineno += full.count("\n")
        if match.lastgroup == "blank":
            if builder is not None and builder.strings:
                builders.append(builder)
                builder = None
            continue
        key = match.group("key")
        obsolete = False
        if key is None:
            key = match.group("okey")
            obsolete = key is not None
        if key is not None:
            region = match.group("ostrings" if obsolete else "strings")
            if builder is not None and builder.strings and (
                key in ("msgid", "msgctxt")
                and any(k.startswith("msgstr") for k in builder.strings)
            ):
                builders.append(builder)
                builder = None
            if builder is None:
                builder = _Builder(start, token_line)
            if key in builder.strings:
                raise CatalogSyntaxError(path, token_line, f"{key} twice in one entry",
                                         "separate the two entries with a blank line")
            if key.startswith("msgstr") and "msgid" not in builder.strings:
                raise CatalogSyntaxError(path, token_line, f"{key} without a msgid before it",
                                         "add the msgid line")
            if key == "msgid":
                builder.msgid_line = token_line
            if obsolete:
                builder.obsolete = True
            builder.strings[key] = _strings_value(region, path, token_line)
            builder.raw[key] = [full]
            builder.current = key
            builder.end = end
            continue
        # A comment line: "#", "#.", "#:", "#,", "#|", "#~|", "#~ ..."
        line = full.rstrip("\r\n")
        obsolete_line = line.startswith("#~")
        body = line
        if obsolete_line:
            body = line[2:].lstrip(" \t")
            if body.startswith('"'):
                raise _diagnose(text, start, path, token_line)
            body = "#" + body if body.startswith("|") else ("#" if not body else "# " + body)
        is_previous = body.startswith("#|")
        if builder is not None and builder.strings and (
            not is_previous or builder.current is not None
        ):
            builders.append(builder)
            builder = None
        if builder is None:
            builder = _Builder(start, token_line)
        builder.end = end
        builder.current = None
        if obsolete_line and is_previous:
            builder.obsolete = True
        if _add_comment(builder, body, full):
            continue
        if body[1:2] == "|":
            rest = body[2:].strip()
            builder.raw.setdefault("previous", []).append(full)
            if rest.startswith('"'):
                if builder.current_previous is None:
                    raise CatalogSyntaxError(path, token_line, f"string without keyword {rest!r}",
                                             "start it with '#| msgid'")
                builder.previous[builder.current_previous].append(
                    _string_of(rest, path, token_line))
            else:
                keyword, _, value = rest.partition(" ")
                if keyword not in _PREVIOUS_KEYWORDS:
                    raise CatalogSyntaxError(path, token_line,
                                             f"unknown keyword {keyword!r} in a '#|' comment",
                                             "use msgctxt, msgid or msgid_plural")
                builder.previous[keyword] = [_string_of(value, path, token_line)]
                builder.current_previous = keyword
        else:
            if not (obsolete_line and body == "#"):
                value = body[1:]
                builder.tcomment.append(value[1:] if value.startswith(" ") else value)
            builder.raw.setdefault("tcomment", []).append(full)
    if builder is not None and builder.strings:
        builders.append(builder)
    return builders


def _checked_strings(builder: _Builder, path: str) -> tuple[str, str | None]:
    """An entry's msgid and msgctxt, once it is known to have a msgid and a
    msgstr (both readers check them here)."""
    strings = builder.strings
    if "msgid" not in strings:
        raise CatalogSyntaxError(path, builder.first_line, "entry without msgid",
                                 "add a msgid line or delete the entry")
    if "msgstr" not in strings and not any(key.startswith("msgstr") for key in strings):
        raise CatalogSyntaxError(path, builder.msgid_line, "msgid without msgstr",
                                 'add a msgstr "" line after it')
    return strings["msgid"], strings.get("msgctxt")


#: What ``polib.POEntry()`` sets that is not a fresh list or dict.
_ENTRY_DEFAULTS = {key: value for key, value in vars(polib.POEntry()).items()
                   if not isinstance(value, (list, dict))}


def new_entry(msgid: str, msgstr: str = "", **fields: object) -> polib.POEntry:
    """``polib.POEntry(msgid=msgid, msgstr=msgstr, **fields)``, made faster.

    The reader and ``extract`` make tens of thousands of entries a command:
    this sets the attributes polib's constructor sets, without its keyword
    look-ups.  Only attributes of a ``POEntry`` may be given.
    """
    entry = _NEW_ENTRY(polib.POEntry)
    attributes = entry.__dict__
    attributes.update(_ENTRY_DEFAULTS)
    attributes["msgstr_plural"] = {}
    attributes["occurrences"] = []
    attributes["flags"] = []
    attributes["msgid"] = msgid
    attributes["msgstr"] = msgstr
    if fields:
        attributes.update(fields)
    return entry


_NEW_ENTRY = polib.POEntry.__new__


def _build_catalog(catalog: Catalog, builders: list[_Builder | _Plain], text: str,
                   path: str) -> None:
    seen: dict[tuple[str | None, str], int] = {}
    previous_end = 0
    previous_entry: object = catalog
    for position, builder in enumerate(builders):
        sep = text[previous_end:builder.start]
        raw_text = text[builder.start:builder.end]
        previous_end = builder.end
        plain = builder.__class__ is _Plain
        if plain:
            msgid, msgctxt, msgstr = builder.msgid, None, builder.msgstr
        else:
            msgid, msgctxt = _checked_strings(builder, path)
            msgstr = builder.strings.get("msgstr", "")
        if position == 0 and msgid == "" and msgctxt is None and not builder.obsolete:
            catalog.header = "\n".join(builder.tcomment)
            catalog.metadata_is_fuzzy = "fuzzy" in builder.flags
            catalog.metadata = _parse_metadata(msgstr)
            catalog._header_raw = (catalog.header_fields(), sep + raw_text)
            previous_entry = catalog
            continue
        if plain:
            entry = new_entry(msgid, msgstr, occurrences=builder.occurrences,
                              comment="\n".join(builder.comment), flags=builder.flags,
                              linenum=builder.msgid_line)
        else:
            entry = _entry_of(builder, msgid, msgctxt, msgstr)
        key = (msgctxt, msgid)
        if not builder.obsolete:
            if key in seen:
                raise _duplicate(path, builder.msgid_line, msgid, seen[key])
            seen[key] = builder.msgid_line
        _remember(entry, builder, sep, raw_text, previous_entry)
        list.append(catalog, entry)
        previous_entry = entry


def _entry_of(builder: _Builder, msgid: str, msgctxt: str | None,
              msgstr: str) -> polib.POEntry:
    """The entry a builder holds (any form of entry)."""
    strings = builder.strings
    entry = new_entry(
        msgid,
        msgstr,
        msgctxt=msgctxt,
        occurrences=builder.occurrences,
        comment="\n".join(builder.comment),
        tcomment="\n".join(builder.tcomment),
        flags=builder.flags,
        obsolete=builder.obsolete,
        linenum=builder.msgid_line,
    )
    if len(strings) > 2 + (msgctxt is not None):
        if "msgid_plural" in strings:
            entry.msgid_plural = strings["msgid_plural"]
        plural = {int(k[7:-1]): v for k, v in strings.items() if k.startswith("msgstr[")}
        if plural:
            entry.msgstr_plural = dict(sorted(plural.items()))
    if builder.previous:
        if "msgctxt" in builder.previous:
            entry.previous_msgctxt = "".join(builder.previous["msgctxt"])
        if "msgid" in builder.previous:
            entry.previous_msgid = "".join(builder.previous["msgid"])
        if "msgid_plural" in builder.previous:
            entry.previous_msgid_plural = "".join(builder.previous["msgid_plural"])
    return entry


def _parse_metadata(value: str) -> dict[str, str]:
    metadata: dict[str, str] = {}
    for line in value.split("\n"):
        key, colon, field = line.partition(":")
        if colon and key.strip():
            metadata[key.strip()] = field.strip()
    return metadata


class EntryFields(NamedTuple):
    """The values of an entry that its written form depends on."""

    tcomment: str
    comment: str
    occurrences: tuple
    flags: tuple
    previous_msgctxt: str | None
    previous_msgid: str | None
    previous_msgid_plural: str | None
    msgctxt: str | None
    msgid: str
    msgid_plural: str
    msgstr: str
    msgstr_plural: tuple
    obsolete: bool

    def value(self, key: str) -> object:
        """The value of a field named as in a file (``msgstr[1]``,
        ``previous`` for the three ``#|`` fields)."""
        if key == "previous":
            return (self.previous_msgctxt, self.previous_msgid, self.previous_msgid_plural)
        if key.startswith("msgstr["):
            return dict(self.msgstr_plural).get(int(key[7:-1]))
        return getattr(self, key)


class SourceText(NamedTuple):
    """The text an entry was read from (made for every entry read: a named
    tuple, cheaper to make than a frozen dataclass).

    Attributes:
        fields: The entry's values then.
        text: Its whole text.
        lines: The lines of each of its fields, by keyword (``comment``,
            ``occurrences``, ``flags``, ``previous``, ``tcomment``,
            ``msgctxt``, ``msgid``, ``msgstr``, ``msgstr[0]``...), in the
            order the file gives them: the field's text is their join
            (a piece may hold several lines).
    """

    fields: EntryFields
    text: str
    lines: dict[str, list[str]]


def entry_fields(entry: polib.POEntry) -> EntryFields:
    """The values of an entry that its written form depends on."""
    return EntryFields(
        entry.tcomment, entry.comment, tuple(entry.occurrences), tuple(entry.flags),
        entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural,
        entry.msgctxt, entry.msgid, entry.msgid_plural, entry.msgstr,
        tuple(sorted(entry.msgstr_plural.items())) if entry.msgstr_plural else (),
        entry.obsolete,
    )


def _remember(entry: polib.POEntry, builder: _Builder | _Plain, sep: str, raw_text: str,
              previous_entry: object) -> None:
    """Attach to the entry the text it was read from: the values of its fields
    then, its whole text, and the lines of each field."""
    entry._po_read = SourceText(entry_fields(entry), raw_text, builder.raw)
    entry._po_sep = (previous_entry, sep)


def source_text(entry: polib.POEntry) -> SourceText | None:
    """The text an entry was read from (None for an entry made in memory)."""
    return getattr(entry, "_po_read", None)


def field_keywords(entry: polib.POEntry) -> list[str]:
    """The keywords of an entry in the order its file gives them (polib's
    model sorts ``msgstr[N]`` and drops a ``msgstr[N]`` without
    ``msgid_plural``; empty for an entry made in memory)."""
    read = source_text(entry)
    return list(read.lines) if read is not None else []


def field_line(entry: polib.POEntry, keyword: str) -> int:
    """The line a field of an entry starts on in its file, as msgfmt reports
    it (the msgid's line for an entry made in memory)."""
    line = entry.linenum or 1
    read = source_text(entry)
    if read is None:
        return line
    counting = False
    for key, lines in read.lines.items():
        if key == "msgid":
            counting = True
        if key == keyword:
            return line
        if counting and not key.startswith("#") and key not in ("comment", "occurrences",
                                                                  "flags", "previous"):
            line += "".join(lines).count("\n")
    return entry.linenum or 1


def carry_text(entry: polib.POEntry, old: polib.POEntry) -> None:
    """Let a new entry reuse the text of the fields it shares with ``old``."""
    read = source_text(old)
    if read is not None:
        entry._po_read = read


def forget_text(entry: polib.POEntry) -> None:
    """Make an entry be written anew, as gettext would write it."""
    entry._po_read = None
    entry._po_sep = None


def read_po(path: str | Path, display: str | None = None) -> Catalog:
    """Read a PO or POT file.

    Args:
        path: The file to read.
        display: The name to use in error messages (defaults to ``path``).

    Raises:
        CatalogSyntaxError: The file does not parse, or is not in its charset.
    """
    name = display or str(path)
    data = Path(path).read_bytes()
    return parse_po_bytes(data, name)


def parse_po_bytes(data: bytes, name: str) -> Catalog:
    """Decode and parse the bytes of a PO file, honouring its declared charset."""
    text, charset = _decode(data, name)
    catalog = parse_po(text, name)
    catalog.encoding = charset
    return catalog


def read_translations(path: str | Path, display: str | None = None,
                      include_fuzzy: bool = False) -> dict[str, tuple[str, bool]]:
    """The usable translations of a PO file, without building its entries.

    Exactly what reading the file with :func:`read_po` and keeping its active
    entries without msgctxt that have a translation (:func:`msgstr_of`),
    fuzzy ones only with ``include_fuzzy``, gives; the same errors too (the
    same lines are read by the same code).

    Args:
        path: The file to read.
        display: The name to use in error messages (defaults to ``path``).
        include_fuzzy: Keep fuzzy entries too.

    Returns:
        msgid -> (translation, whether the entry is fuzzy), in file order.

    Raises:
        CatalogSyntaxError: The file does not parse, or is not in its charset.
        DuplicateMessage: Two active entries share msgctxt and msgid.
    """
    name = display or str(path)
    text, _ = _decode(Path(path).read_bytes(), name)
    records = _scan(text, name, light=True)
    seen: dict[tuple[str | None, str], int] = {}
    table: dict[str, tuple[str, bool]] = {}
    for position, record in enumerate(records):
        if type(record) is tuple:
            line, msgid, msgstr, fuzzy = record
            if position == 0 and msgid == "":
                continue  # the header
            key: tuple[str | None, str] = (None, msgid)
            if key in seen:
                raise _duplicate(name, line, msgid, seen[key])
            seen[key] = line
            if msgstr and (include_fuzzy or not fuzzy):
                table[msgid] = (msgstr, fuzzy)
            continue
        # The checks and values of _build_catalog, and msgstr_of's choice.
        strings = record.strings
        msgid, msgctxt = _checked_strings(record, name)
        if position == 0 and msgid == "" and msgctxt is None and not record.obsolete:
            continue
        text = strings.get("msgstr", "")
        if len(strings) > 2 + (msgctxt is not None):
            plural = {int(k[7:-1]): v for k, v in strings.items() if k.startswith("msgstr[")}
            if plural:
                text = plural.get(0, "")
        if record.obsolete:
            continue
        key = (msgctxt, msgid)
        if key in seen:
            raise _duplicate(name, record.msgid_line, msgid, seen[key])
        seen[key] = record.msgid_line
        fuzzy = "fuzzy" in record.flags
        if msgctxt is None and text and (include_fuzzy or not fuzzy):
            table[msgid] = (text, fuzzy)
    return table


def _duplicate(path: str, line: int, msgid: str, other: int) -> DuplicateMessage:
    return DuplicateMessage(path, line, f"duplicate message {msgid[:60]!r} (also at line {other})",
                            "merge the two entries into one")


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """The text of a PO file's bytes in its declared charset, and the charset."""
    charset = "utf-8"
    head = data[:4000]
    marker = head.find(b"charset=")
    if marker >= 0:
        end = marker + 8
        while end < len(head) and head[end:end + 1] not in (b"\\", b" ", b'"', b"\n", b";"):
            end += 1
        declared = head[marker + 8:end].decode("ascii", "replace").strip()
        if declared and declared.upper() != "CHARSET":
            charset = declared
    try:
        text = data.decode(charset)
    except LookupError:
        raise CatalogSyntaxError(name, _line_of(data, marker), f"unknown charset {charset!r}",
                                 "declare charset=UTF-8 in the header") from None
    except UnicodeDecodeError as error:
        raise CatalogSyntaxError(
            name, _line_of(data, error.start),
            f"byte {data[error.start]:#04x} is not valid {charset}",
            f"convert the file to {charset} or fix its charset declaration",
        ) from None
    return text, charset


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, max(offset, 0)) + 1


# ---------------------------------------------------------------------------
# Entry states and provenance


def is_translated(entry: polib.POEntry) -> bool:
    """Whether an entry has a translation (of a plural entry: any form)."""
    if entry.msgstr_plural:
        return any(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def msgstr_of(entry: polib.POEntry) -> str:
    """The translation of an entry: its msgstr, or of a plural entry its
    first form (``msgstr[0]``)."""
    if entry.msgstr_plural:
        return entry.msgstr_plural.get(0, "")
    return entry.msgstr


def is_fuzzy(entry: polib.POEntry) -> bool:
    """Whether an entry carries the ``fuzzy`` flag (a draft, not done)."""
    return "fuzzy" in entry.flags


def is_reviewed(entry: polib.POEntry) -> bool:
    """Whether an entry is done: active, translated and not fuzzy."""
    return not entry.obsolete and "fuzzy" not in entry.flags and is_translated(entry)


#: Extracted comments the tool writes into catalogs (not templates), which an
#: update keeps although msgmerge takes extracted comments from the template:
#: where a draft came from, and what machine translation could not enforce.
#: A machine draft's line ends with the checksum of the msgstr as written
#: (``machine translation: argos en->fr 1.9 [1a2b3c4d]``): the proof that
#: nobody touched it since, which ``--retranslate-machine`` asks for.
MACHINE_PREFIX = "machine translation: "
#: What a machine-translation line becomes once a translator has reviewed the
#: entry: the history stays visible, the claim (and the checksum) go.
REVIEWED_PREFIX = "machine translation, reviewed: "
MEMORY_PREFIX = "translation memory: "
#: A fuzzy memory match's line: ``translation memory (82 %): <origin>``.
MEMORY_FUZZY_PREFIX = "translation memory ("
FLAG_PREFIXES = ("glossary: missing ", "glossary: forbidden ", "glossary: altered ")

_CHECKSUM = re.compile(r" \[([0-9a-f]{8})\]\Z")


def text_checksum(text: str) -> str:
    """The first 8 hex digits of the SHA-256 of a text in UTF-8."""
    import hashlib  # here: only writing provenance needs it

    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def machine_note(model: str, msgstr: str) -> str:
    """The provenance line of a machine draft: the engine and model as the
    engine describes them, then the checksum of the msgstr as written."""
    return f"{MACHINE_PREFIX}{model} [{text_checksum(msgstr)}]"


def _machine_lines(comment: str | None) -> list[tuple[str, str | None]]:
    """(engine and model, checksum or None) of each machine-translation line."""
    found = []
    for line in (comment or "").split("\n"):
        if line.startswith(MACHINE_PREFIX):
            rest = line[len(MACHINE_PREFIX):]
            match = _CHECKSUM.search(rest)
            found.append((rest[:match.start()], match.group(1)) if match else (rest, None))
    return found


def machine_model(entry: polib.POEntry) -> str | None:
    """The engine and model named by an entry's ``machine translation:``
    line (without its checksum), or None if it has none."""
    lines = _machine_lines(entry.comment)
    return lines[0][0] if lines else None


def is_machine_draft(entry: polib.POEntry) -> bool:
    """Whether an entry is a machine draft this tool may redo: fuzzy, with a
    ``machine translation:`` line whose checksum is that of its msgstr now.

    Anything else is a translator's work, or may be: an edited draft (the
    checksum differs), a reviewed entry (not fuzzy), a line without checksum
    (written by an older version: nothing proves the text untouched).
    """
    if entry.obsolete or "fuzzy" not in entry.flags or entry.msgid_plural or not entry.msgstr:
        return False
    current = text_checksum(entry.msgstr)
    return any(checksum == current for _, checksum in _machine_lines(entry.comment))


def reviewed_note(line: str) -> str:
    """A provenance line as it reads once its entry is reviewed: a
    ``machine translation:`` line loses its claim and checksum, so that the
    entry can never pass for a draft again; other lines stay."""
    if not line.startswith(MACHINE_PREFIX):
        return line
    [(model, _)] = _machine_lines(line)
    return REVIEWED_PREFIX + model


def mark_reviewed(entry: polib.POEntry) -> bool:
    """Turn the machine-translation claim of a reviewed entry (translated,
    not fuzzy) into its reviewed form (:func:`reviewed_note`).

    Returns:
        Whether the comment changed (an entry with nothing to change keeps
        its comment object and so its bytes).
    """
    if not is_reviewed(entry) or not entry.comment or MACHINE_PREFIX not in entry.comment:
        return False
    comment = "\n".join(reviewed_note(line) for line in entry.comment.split("\n"))
    if comment == entry.comment:
        return False
    entry.comment = comment
    return True


# ---------------------------------------------------------------------------
# Writing


def format_string(keyword: str, value: str, prefix: str = "") -> list[str]:
    """The lines gettext writes for ``keyword "value"`` (without line ends).

    Args:
        keyword: ``msgid``, ``msgstr``, ``msgstr[0]``...
        value: The unescaped string.
        prefix: ``"#~ "`` for obsolete entries, ``"#| "`` for previous strings.
    """
    if not value:
        return [f'{prefix}{keyword} ""']  # a template's every msgstr
    if "\n" not in value and value.isascii() and value.isprintable() \
            and _TO_ESCAPE_RE.search(value) is None:
        # The usual string: one column a character, nothing to escape.
        if len(value) + len(keyword) + len(prefix) + 3 <= PAGE_WIDTH:
            return [f'{prefix}{keyword} "{value}"']  # on the keyword's line
        width = PAGE_WIDTH - 2 - len(prefix)
        breaks = break_points(value, width, 0)
        if not breaks and not break_points(value, width, len(keyword) + 1, first_only=True):
            return [f'{prefix}{keyword} "{value}"']  # too long, but it cannot be broken
        return [f'{prefix}{keyword} ""', *_quoted_lines(value, breaks, prefix)]
    if "\n" in value:
        split = value.split("\n")
        portions = [part + "\n" for part in split[:-1]]
        if split[-1]:
            portions.append(split[-1])
    else:
        portions = [value]
    width = PAGE_WIDTH - 2 - len(prefix)
    out: list[str] = []
    first_line = True
    count = len(portions)
    for index, portion in enumerate(portions):
        # Most strings have nothing to escape: a search is cheaper than a
        # translation table.
        escaped = portion.translate(_ESCAPES) if _TO_ESCAPE_RE.search(portion) else portion
        forbidden: frozenset[int] = frozenset()
        if "\\" in escaped:
            forbidden = frozenset(m.start() + 1 for m in _ESCAPE_PAIR_RE.finditer(escaped))
            if portion.endswith("\n"):
                forbidden = forbidden | {len(escaped) - 2}
        breaks = break_points(escaped, width, 0, forbidden)
        if first_line:
            first_line = False
            # The string stays on the keyword's line when it fits there or
            # cannot be broken.  Breaks from column 0 prove that it does not
            # fit (a break is made only in text too long) and can be broken.
            if not escaped or (index == count - 1 and not breaks and not break_points(
                    escaped, width, len(keyword) + 1, forbidden, first_only=True)):
                out.append(f'{prefix}{keyword} "{escaped}"')
                continue
            out.append(f'{prefix}{keyword} ""')
        out += _quoted_lines(escaped, breaks, prefix)
    return out


def _quoted_lines(escaped: str, breaks: list[int], prefix: str) -> list[str]:
    """An escaped string cut before each break, a quoted string a line."""
    lines = []
    start = 0
    for point in breaks:
        lines.append(f'{prefix}"{escaped[start:point]}"')
        start = point
    lines.append(f'{prefix}"{escaped[start:]}"')
    return lines


def _format_references(occurrences: Iterable[tuple[str, str]]) -> list[str]:
    lines: list[str] = []
    current = "#:"
    column = 2
    for name, number in occurrences:
        item = f"{name}:{number}" if number else name
        width = len(item) + 1
        if column > 2 and column + width > PAGE_WIDTH:
            lines.append(current)
            current = "#:"
            column = 2
        current += " " + item
        column += width
    lines.append(current)
    return lines


def _comment_lines(marker: str, text: str) -> list[str]:
    return [f"{marker} {line}" if line else marker for line in text.split("\n")]




def format_entry(entry: polib.POEntry, newline: str = "\n") -> str:
    """The text of one entry as gettext writes it.

    An entry read from a file and not changed since is returned as it was read;
    in a changed entry, each field that kept its value keeps its text.
    """
    read = source_text(entry)
    if read is None:
        return _format_new_entry(entry, newline)
    fields = entry_fields(entry)
    if read.fields == fields:
        return read.text
    # The text read has, or lacks, the "#~ " of obsolete entries: reuse it only
    # if the entry kept its state.
    kept = read is not None and read.fields.obsolete == fields.obsolete
    lines = read.lines if kept else {}

    def field(key: str, value: object, build) -> None:
        if key in lines and read.fields.value(key) == value:
            text = "".join(lines[key])
            parts.append(text if text.endswith("\n") else text + newline)
        else:
            parts.extend(line + newline for line in build())

    prefix = "#~ " if entry.obsolete else ""
    parts: list[str] = []
    if entry.tcomment:
        field("tcomment", entry.tcomment, lambda: _comment_lines("#", entry.tcomment))
    if entry.comment:
        field("comment", entry.comment, lambda: _comment_lines("#.", entry.comment))
    if entry.occurrences:
        field("occurrences", tuple(entry.occurrences),
              lambda: _format_references(entry.occurrences))
    translated = is_translated(entry)
    flags = [flag for flag in entry.flags if flag != "fuzzy" or translated]
    if flags:
        field("flags", tuple(entry.flags), lambda: ["#, " + ", ".join(flags)])
    if entry.previous_msgid is not None or entry.previous_msgctxt is not None:
        field("previous", (entry.previous_msgctxt, entry.previous_msgid,
                           entry.previous_msgid_plural), lambda: _previous_lines(entry))
    if entry.msgctxt is not None:
        field("msgctxt", entry.msgctxt, lambda: format_string("msgctxt", entry.msgctxt, prefix))
    field("msgid", entry.msgid, lambda: format_string("msgid", entry.msgid, prefix))
    if entry.msgid_plural:
        field("msgid_plural", entry.msgid_plural,
              lambda: format_string("msgid_plural", entry.msgid_plural, prefix))
        for index, value in sorted(entry.msgstr_plural.items()):
            key = f"msgstr[{index}]"
            field(key, value, lambda key=key, value=value: format_string(key, value, prefix))
    else:
        field("msgstr", entry.msgstr, lambda: format_string("msgstr", entry.msgstr, prefix))
    return "".join(parts)


def _previous_lines(entry: polib.POEntry) -> list[str]:
    """The ``#|`` lines of an entry's previous strings (``#~|`` when obsolete)."""
    mark = "#~| " if entry.obsolete else "#| "
    lines: list[str] = []
    if entry.previous_msgctxt is not None:
        lines += format_string("msgctxt", entry.previous_msgctxt, mark)
    if entry.previous_msgid is not None:
        lines += format_string("msgid", entry.previous_msgid, mark)
    if entry.previous_msgid_plural is not None:
        lines += format_string("msgid_plural", entry.previous_msgid_plural, mark)
    return lines


def _format_new_entry(entry: polib.POEntry, newline: str) -> str:
    """:func:`format_entry` for an entry made in memory (every entry of a new
    template): each field written anew, in the same order, without looking
    for text to keep."""
    prefix = "#~ " if entry.obsolete else ""
    lines: list[str] = []
    if entry.tcomment:
        lines += _comment_lines("#", entry.tcomment)
    if entry.comment:
        lines += _comment_lines("#.", entry.comment)
    if entry.occurrences:
        lines += _format_references(entry.occurrences)
    flags = entry.flags
    if flags and "fuzzy" in flags and not is_translated(entry):
        flags = [flag for flag in flags if flag != "fuzzy"]
    if flags:
        lines.append("#, " + ", ".join(flags))
    if entry.previous_msgid is not None or entry.previous_msgctxt is not None:
        lines += _previous_lines(entry)
    if entry.msgctxt is not None:
        lines += format_string("msgctxt", entry.msgctxt, prefix)
    lines += format_string("msgid", entry.msgid, prefix)
    if entry.msgid_plural:
        lines += format_string("msgid_plural", entry.msgid_plural, prefix)
        for index, value in sorted(entry.msgstr_plural.items()):
            lines += format_string(f"msgstr[{index}]", value, prefix)
    else:
        lines += format_string("msgstr", entry.msgstr, prefix)
    lines.append("")
    return newline.join(lines)


def format_header(catalog: Catalog) -> str:
    """The header entry (msgid "") of a catalog, as gettext writes it."""
    raw = catalog._header_raw
    if raw is not None and raw[0] == catalog.header_fields():
        return raw[1]
    if raw is None and catalog.fpath and not catalog.metadata and not catalog.header:
        return ""  # read from a file that has no header entry: do not add one
    lines: list[str] = []
    if catalog.header:
        lines += _comment_lines("#", catalog.header)
    if catalog.metadata_is_fuzzy:
        lines.append("#, fuzzy")
    lines += format_string("msgid", "")
    lines += format_string("msgstr", "".join(f"{k}: {v}\n" for k, v in catalog.metadata.items()))
    return "".join(line + catalog.newline for line in lines)


def format_po(catalog: Catalog) -> str:
    """The text of a whole catalog, its entries in list order.

    Entries and blank lines that did not change since the file was read keep
    their bytes, so a catalog read and written back untouched is unchanged.
    """
    newline = catalog.newline
    out: list[str] = [format_header(catalog)]
    previous: object = catalog
    for entry in catalog:
        if out[-1] and not out[-1].endswith("\n"):
            out.append(newline)
        sep = getattr(entry, "_po_sep", None)
        out.append(sep[1] if sep is not None and sep[0] is previous else newline)
        out.append(format_entry(entry, newline))
        previous = entry
    if previous is catalog._last_read or catalog.trailer.strip():
        if not out[-1].endswith("\n") and catalog.trailer.strip():
            out.append(newline)
        out.append(catalog.trailer)
    return "".join(out)
