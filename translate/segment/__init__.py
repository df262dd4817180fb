"""Cut documents into segments, and put translated segments back.

A :class:`Document` is the source text plus the list of its :class:`Segment`
objects, in document order and never overlapping.  Everything outside the
segments (indentation, list markers, blank lines, code blocks, link targets,
line endings) is the document's *skeleton*: a build copies it unchanged and
replaces each segment with its translation, laid out like the source segment
(same continuation prefix, wrapped to the same width when the source was
wrapped).

A segment whose translation equals its msgid is copied from the source byte for
byte, so a build with identity translations reproduces every document exactly.

This package is the only place that knows document formats.  Each format is
one module implementing :class:`~translate.segment.base.DocumentFormat`
(segmenting, laying out a translation, the inline markup to protect and
check, a last touch on the output) and one line of :data:`FORMATS`; its
golden files go in ``tests/data/segment/``.  :mod:`translate.segment.inline`
holds the inline vocabulary every format, engine and check shares.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

from ..errors import SourceError
from .base import (MIN_WRAP_WIDTH, DocumentFormat, HtmlDocument, HtmlStyle, InlineCheck, Layout,
                   Segment, split_lines, wrap_width)

__all__ = ["Segment", "Layout", "Document", "DocumentFormat", "InlineCheck", "HtmlStyle",
           "HtmlDocument", "FORMATS",
           "get_format", "format_for", "describe_formats", "read_document", "parse_document", "document_format",
           "lay_out", "SUPPORTED_SUFFIXES", "split_lines", "wrap_width", "MIN_WRAP_WIDTH"]


@dataclass(frozen=True)
class FormatEntry:
    """A line of the registry: where a format lives and which file names it
    reads, so that listing documents imports no format module.

    Attributes:
        module: ``"package.module:OBJECT"``, imported on first use.
        suffixes: File name suffixes, lower case (``.md``); the first is the
            one messages show.
        label: How messages name it (``plain text``, ``Markdown``).
    """

    module: str
    suffixes: tuple[str, ...]
    label: str


#: The document formats, by name.  A new format: one module, one line here.
FORMATS: dict[str, FormatEntry] = {
    "text": FormatEntry("translate.segment.text:FORMAT", (".txt", ".text"), "plain text"),
    "markdown": FormatEntry("translate.segment.markdown:FORMAT", (".md", ".markdown"), "Markdown"),
}

#: Suffix -> format name, for every format of the registry.
SUPPORTED_SUFFIXES = {suffix: name for name, entry in FORMATS.items()
                      for suffix in entry.suffixes}

_LOADED: dict[str, DocumentFormat] = {}


def describe_formats(suffixes: bool = True) -> str:
    """The formats in words, for messages: ``plain text .txt and Markdown .md``
    (or ``plain text and Markdown``)."""
    names = [f"{entry.label} {entry.suffixes[0]}" if suffixes else entry.label
             for entry in FORMATS.values()]
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]


def get_format(name: str) -> DocumentFormat:
    """The format called ``name`` (imported on first use).

    Raises:
        KeyError: No such format in :data:`FORMATS`.
    """
    found = _LOADED.get(name)
    if found is None:
        module, _, attribute = FORMATS[name].module.partition(":")
        found = _LOADED[name] = getattr(import_module(module), attribute)
    return found


def document_format(name: str) -> str | None:
    """The name of a document's format, from its file name (None if no
    format reads it)."""
    return SUPPORTED_SUFFIXES.get(Path(name).suffix.lower())


def format_for(name: str) -> DocumentFormat:
    """The format of a document, from its file name (plain text for a name
    no format claims, as :func:`parse_document` reads it)."""
    return get_format(document_format(name) or "text")


def lay_out(translation: str, layout: Layout) -> str:
    """Turn a translation into the text that replaces a segment in a document.

    Args:
        translation: The msgstr (may contain ``"\\n"`` line breaks and the
            ``[text][label]`` link placeholders of the msgid).
        layout: The segment's layout; its flavour says which format lays it
            out.
    """
    return _lay_out_of(layout.flavour)(translation, layout)


def _lay_out_of(flavour: str) -> Callable[[str, Layout], str]:
    """The ``lay_out`` of the first format of :data:`FORMATS` that lays out
    segments of a flavour.

    Raises:
        ValueError: None does.
    """
    for name in FORMATS:
        fmt = get_format(name)
        if flavour in fmt.flavours:
            return fmt.lay_out
    raise ValueError(f"no format lays out {flavour!r} segments")


@dataclass(slots=True)
class Document:
    """A source document: its text and its segments.

    Attributes:
        name: Path relative to the source folder (``news/2019.md``).
        text: The decoded text, exactly as read.
        format: The name of its format in :data:`FORMATS` (``"text"``,
            ``"markdown"``).
        segments: In document order, never overlapping.
    """

    name: str
    text: str
    format: str
    segments: list[Segment]

    def render(self, translation_of: Callable[[Segment], str | None]) -> str:
        """Return the document with every segment replaced by its translation.

        Args:
            translation_of: Gives the translation of a segment, or None to keep
                the source text.
        """
        out: list[str] = []
        position = 0
        text = self.text
        # lay_out() of each flavour, looked up once a document.
        lay_outs: dict[str, Callable[[str, Layout], str]] = {}
        for segment in self.segments:
            out.append(text[position:segment.start])
            translated = translation_of(segment)
            if translated is None or translated == segment.msgid:
                out.append(text[segment.start:segment.end])
            else:
                layout = segment.layout
                lay_out_one = lay_outs.get(layout.flavour)
                if lay_out_one is None:
                    lay_out_one = lay_outs[layout.flavour] = _lay_out_of(layout.flavour)
                out.append(lay_out_one(translated, layout))
            position = segment.end
        out.append(text[position:])
        return get_format(self.format).finish("".join(out), self)


# ---------------------------------------------------------------------------
# Reading documents


def decode_source(data: bytes, display: str) -> str:
    """Decode the bytes of a source document, refusing what is not UTF-8 text.

    Raises:
        SourceError: Binary data, invalid UTF-8, or an empty file.
    """
    if not data.strip():
        raise SourceError(display, 1, "the document is empty",
                          "add its text, or delete the file")
    nul = data.find(b"\x00", 0, 8192)
    if nul >= 0:
        raise SourceError(display, data.count(b"\n", 0, nul) + 1,
                          "the file is binary (it contains NUL bytes)",
                          f"only {describe_formats(False)} documents can be translated")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise SourceError(display, line,
                          f"byte {data[error.start]:#04x} is not valid UTF-8",
                          "save the document as UTF-8") from None


def parse_document(name: str, text: str, format: str | None = None,
                   front_matter_keys: tuple[str, ...] = ("title", "description"),
                   display: str | None = None) -> Document:
    """Segment a document's text.

    Args:
        name: Its path relative to the source folder.
        text: Its decoded text.
        format: The name of its format (default: from the name's suffix;
            plain text for an unknown one).
        front_matter_keys: The YAML front matter keys whose values are
            translated (Markdown only).
        display: The path used in error messages.
    """
    fmt = format or document_format(name) or "text"
    segments = get_format(fmt).segment(text, front_matter_keys)
    return Document(name=name, text=text, format=fmt, segments=segments)


def read_document(path: Path, name: str, display: str,
                  front_matter_keys: tuple[str, ...] = ("title", "description")) -> Document:
    """Read and segment one source document.

    Raises:
        SourceError: The file is not UTF-8 text, is binary or is empty.
    """
    text = decode_source(path.read_bytes(), display)
    return parse_document(name, text, None, front_matter_keys, display)
