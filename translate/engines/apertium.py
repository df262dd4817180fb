"""The apertium engine: rule-based translation with the ``apertium`` command.

Apertium is a pipeline of small programs started by a shell script, so the
cost of a call is mostly start-up: every segment of a run goes through one
``apertium`` process (one per :data:`CHUNK_CHARS` characters of text), not one
process per segment.

How segments travel through one call:

- Each line of a segment is a unit of its own (Apertium moves words across a
  line break), and a line without letters is not sent at all.
- The units are written as HTML (``apertium -f html``) separated by
  :data:`SEPARATOR`, a block element: Apertium's HTML format handling copies
  it as it is and ends a sentence before it, so no rule ever joins two units.
  Text is escaped; markup in a segment stays markup, which Apertium keeps
  with the words it surrounds (it writes the tags back normalized, ``<br/>``
  as ``<br>``).
- ``apertium -u`` prints unknown words without their ``*`` mark; a mark that
  still shows is removed unless the source line has one too.
- Tokens ``{0}``, ``{1}`` ... go as they are: Apertium reads the number as a
  numeral, which keeps the words around it in place.  Its rules can still
  split a token from its braces (``the {0}-year plan``, ``the {3}'s office``),
  so each unit is checked, and the units that lost a token are sent again in
  one more call with each token written as a word Apertium does not know
  (``zqxaq`` for ``{0}``), which it copies whole.

Apertium capitalizes the first word it translates in a unit; a unit whose
source starts in lower case (a line continuing a sentence) gets its first
letter back in lower case.
"""

from __future__ import annotations

import functools
import html
import logging
import os
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import EngineError, ModelNotInstalled
from . import ModelRow, Progress
from ..segment.inline import TOKEN_RE

__all__ = ["ApertiumEngine", "Pair", "DEBIAN_PAIRS", "debian_package", "installed_pairs",
           "mode_languages"]

log = logging.getLogger(__name__)

COMMAND = "apertium"
#: Where Debian's packages put the modes (``modes/eng-spa.mode``), unless
#: ``APERTIUM_DATADIR`` says otherwise, as for the ``apertium`` script.
DATADIR = "/usr/share/apertium"
#: Between units: a block element Apertium copies and ends a sentence at.
SEPARATOR = "<hr>"
#: Characters of text per ``apertium`` process: large enough that start-up
#: does not count, small enough that progress moves on a large run.
CHUNK_CHARS = 200_000

#: ISO 639-3 codes of Apertium's pair names -> our ISO 639-1 codes.
ISO_639_1 = {
    "afr": "af", "amh": "am", "ara": "ar", "arg": "an", "ast": "ast", "aze": "az",
    "bak": "ba", "bel": "be", "bre": "br", "bul": "bg", "cat": "ca", "ces": "cs",
    "chv": "cv", "cym": "cy", "dan": "da", "deu": "de", "ell": "el", "eng": "en",
    "epo": "eo", "est": "et", "eus": "eu", "fao": "fo", "fas": "fa", "fin": "fi",
    "fra": "fr", "gla": "gd", "gle": "ga", "glg": "gl", "heb": "he", "hin": "hi",
    "hbs": "sh", "hrv": "hr", "hun": "hu", "hye": "hy", "ind": "id", "isl": "is",
    "ita": "it", "kaz": "kk", "kir": "ky", "kur": "ku", "lat": "la", "lav": "lv",
    "lit": "lt", "mkd": "mk", "mlt": "mt", "msa": "ms", "nld": "nl", "nno": "nn",
    "nob": "nb", "oci": "oc", "pol": "pl", "por": "pt", "ron": "ro", "rus": "ru",
    "sme": "se", "slk": "sk", "slv": "sl", "spa": "es", "sqi": "sq", "srd": "sc",
    "srp": "sr", "swe": "sv", "tat": "tt", "tur": "tr", "ukr": "uk", "urd": "ur",
    "uzb": "uz", "zho": "zh", "zlm": "ms",
}

#: The Apertium pairs Debian packages, by package name: the output of
#: ``apt-cache search --names-only '^apertium-'`` on Debian 12 (bookworm),
#: without single-language data, tools and the transitional packages (the
#: hint names ``apertium-eng-spa``, not its old name ``apertium-en-es``).
#: tests/test_apertium_hints.py checks it against apt-cache where it runs.
#: A package may translate one way only (``apertium-eo-en``: English to
#: Esperanto); the modes it installs tell which.
DEBIAN_PAIRS = (
    "apertium-afr-nld", "apertium-arg-cat", "apertium-bel-rus", "apertium-br-fr",
    "apertium-cat-ita", "apertium-cat-srd", "apertium-dan-nor", "apertium-en-gl",
    "apertium-eng-cat", "apertium-eng-spa", "apertium-eo-ca", "apertium-eo-en",
    "apertium-eo-es", "apertium-eo-fr", "apertium-es-gl", "apertium-es-pt",
    "apertium-es-ro", "apertium-eu-en", "apertium-eu-es", "apertium-fr-es",
    "apertium-fra-cat", "apertium-fra-frp", "apertium-hbs-eng", "apertium-hbs-mkd",
    "apertium-hbs-slv", "apertium-ind-zlm", "apertium-isl-eng", "apertium-isl-swe",
    "apertium-mkd-bul", "apertium-mkd-eng", "apertium-nno-nob", "apertium-oc-ca",
    "apertium-oc-es", "apertium-oci-fra", "apertium-pol-szl", "apertium-por-cat",
    "apertium-pt-gl", "apertium-rus-ukr", "apertium-spa-arg", "apertium-spa-ast",
    "apertium-spa-cat", "apertium-spa-ita", "apertium-srd-ita", "apertium-swe-dan",
    "apertium-swe-nor", "apertium-urd-hin",
)
#: Codes in Debian's package names that stand for more than one of ours:
#: Norwegian pairs install Bokmål and Nynorsk modes (``dan-nob``, ``dan-nno``).
_PACKAGE_CODES = {"nor": ("nb", "nn")}

# Markup passed to Apertium as markup.  An <hr> in a segment is text: it
# would be taken for the separator.
_TAG = re.compile(r"<!--.*?-->|</?(?!hr\b)[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>",
                  re.IGNORECASE | re.DOTALL)
_OUTPUT_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][^<>]*>", re.DOTALL)
_MARK = re.compile(r"(?<![\w*#@])[*#@](?=\w)")
_SPACES = re.compile(r"[ \t]{2,}")
_DIGIT_LETTERS = "abcdefghij"
_WORD_TOKEN = re.compile(r"zqx([a-j]+)q", re.IGNORECASE)


class Pair(NamedTuple):
    """An installed Apertium pair, in our language codes.

    Attributes:
        source: Source language code (``en``).
        target: Target language code (``es``).
        version: The version of the package that installed it (``0.8.1``).
    """

    source: str
    target: str
    version: str


def mode_languages(mode: str) -> tuple[str, str] | None:
    """The (source, target) codes of an Apertium mode name: ``eng-spa`` ->
    ``("en", "es")``.  None for a mode that is not a plain pair: a variant
    (``spa-eng_US``, ``cat-spa_valencia``) or a debugging mode
    (``eng-spa-tagger``)."""
    parts = mode.split("-")
    if len(parts) != 2 or not all(re.fullmatch(r"[a-z]{2,3}", part) for part in parts):
        return None
    source, target = (ISO_639_1.get(part, part) for part in parts)
    return source, target


def _datadir(datadir: str | Path | None) -> Path:
    return Path(datadir or os.environ.get("APERTIUM_DATADIR") or DATADIR)


def _modes(datadir: Path) -> dict[tuple[str, str], str]:
    """(source, target) -> mode name, for every pair mode in ``datadir``."""
    found: dict[tuple[str, str], str] = {}
    folder = datadir / "modes"
    if not folder.is_dir():
        return found
    for path in sorted(folder.glob("*.mode")):
        languages = mode_languages(path.stem)
        # Two names for one pair (eng-spa and en-es): the first in sort order.
        if languages is not None and languages not in found:
            found[languages] = path.stem
    return found


def _package(datadir: Path, mode: str) -> str:
    """The package that installed a mode: the data folder its pipeline reads
    (``/usr/share/apertium/apertium-eng-spa/...`` -> ``apertium-eng-spa``)."""
    try:
        text = (datadir / "modes" / f"{mode}.mode").read_text(encoding="utf-8")
    except OSError:
        return f"apertium-{mode}"
    match = re.search(r"/(apertium-[a-z]{2,3}-[a-z]{2,3})/", text)
    return match.group(1) if match else f"apertium-{mode}"


@functools.cache
def _version(datadir: Path, mode: str) -> str:
    """The upstream version of the package of a mode: Debian's, without epoch
    and revision (``0.8.1-2`` -> ``0.8.1``), or a pkg-config file's for a pair
    built from source; ``unknown`` otherwise."""
    package = _package(datadir, mode)
    dpkg = shutil.which("dpkg-query")
    if dpkg is not None:
        result = subprocess.run([dpkg, "-W", "-f", "${Version}", package],
                                capture_output=True, text=True, check=False)
        if result.returncode == 0 and result.stdout.strip():
            version = result.stdout.strip().split(":", 1)[-1]
            return version.rsplit("-", 1)[0] if "-" in version else version
    prefix = datadir.parent.parent
    for folder in ("share/pkgconfig", "lib/pkgconfig"):
        path = prefix / folder / f"{package}.pc"
        if path.is_file():
            match = re.search(r"^Version:\s*(\S+)", path.read_text(encoding="utf-8"),
                              re.MULTILINE)
            if match:
                return match.group(1)
    return "unknown"


def installed_pairs(datadir: str | Path | None = None) -> list[Pair]:
    """The installed Apertium pairs, sorted, read from Apertium's modes folder
    (``APERTIUM_DATADIR``, or ``/usr/share/apertium``)."""
    folder = _datadir(datadir)
    return sorted(Pair(source, target, _version(folder, mode))
                  for (source, target), mode in _modes(folder).items())


def _package_languages(code: str) -> tuple[str, ...]:
    """Our codes for one side of a Debian package name (``eng``, ``en``, ``nor``)."""
    return _PACKAGE_CODES.get(code, (ISO_639_1.get(code, code),))


def debian_package(source: str, target: str) -> str | None:
    """The Debian package that holds Apertium's pair of two languages, in
    either direction (``fr``, ``es`` -> ``apertium-fr-es``), or None when
    Debian packages none: see :data:`DEBIAN_PAIRS`."""
    for package in DEBIAN_PAIRS:
        first, second = (_package_languages(code)
                         for code in package.removeprefix("apertium-").split("-"))
        if (source in first and target in second) or (source in second and target in first):
            return package
    return None


def _no_pair_hint(source: str, target: str) -> str:
    """What to do when Debian packages no Apertium pair for two languages."""
    return (f"Debian packages no Apertium pair for {source}->{target}; use argos: "
            f"translate models install {source}-{target}, then --engine argos")


def _encode(line: str, tokens_as_words: bool) -> str:
    """One unit as Apertium's HTML input."""
    parts = []
    last = 0
    for match in _TAG.finditer(line):
        parts.append(html.escape(line[last:match.start()], quote=False))
        parts.append(match.group())
        last = match.end()
    parts.append(html.escape(line[last:], quote=False))
    text = "".join(parts)
    if tokens_as_words:
        text = TOKEN_RE.sub(lambda m: "zqx" + "".join(_DIGIT_LETTERS[int(d)]
                                                   for d in m.group()[1:-1]) + "q", text)
    return text


def _decode(text: str, tokens_as_words: bool) -> str:
    """One unit of Apertium's HTML output as text (markup kept)."""
    if tokens_as_words:
        text = _WORD_TOKEN.sub(lambda m: "{" + "".join(str(_DIGIT_LETTERS.index(c))
                                                       for c in m.group(1).lower()) + "}", text)
    parts = []
    last = 0
    for match in _OUTPUT_TAG.finditer(text):
        parts.append(html.unescape(text[last:match.start()]))
        parts.append(match.group())
        last = match.end()
    parts.append(html.unescape(text[last:]))
    return "".join(parts)


def _tidy(output: str, source: str) -> str:
    """A translated unit laid out like its source line: no unknown-word
    marks, single spaces, the source's surrounding spaces and the case of its
    first letter."""
    if not _MARK.search(source):
        output = _MARK.sub("", output)
    output = _SPACES.sub(" ", output).strip()
    first = next((ch for ch in _TAG.sub("", source) if ch.isalpha()), "")
    if first.islower():
        outside = [ch if ch.isalpha() else " " for ch in _OUTPUT_TAG.sub(
            lambda m: " " * len(m.group()), output)]
        index = next((n for n, ch in enumerate(outside) if ch != " "), None)
        if index is not None:
            output = output[:index] + output[index].lower() + output[index + 1:]
    stripped = source.strip()
    start = source.index(stripped[0]) if stripped else 0
    return source[:start] + output + source[start + len(stripped):]


def _tokens_intact(source: str, output: str) -> bool:
    return Counter(TOKEN_RE.findall(source)) == Counter(TOKEN_RE.findall(output))


class ApertiumEngine:
    """Apertium as an engine: any installed pair, one hypothesis.

    Args:
        command: The ``apertium`` program.
        datadir: Apertium's data folder (default: ``APERTIUM_DATADIR``, or
            ``/usr/share/apertium``).
        options: Other settings, ignored.
    """

    name = "apertium"
    enforce_terms = True
    #: What ``[tool.translate.engine_options.apertium]`` may set.
    OPTIONS: dict[str, Any] = {"command": str, "datadir": str | Path}

    def __init__(self, command: str = COMMAND, datadir: str | Path | None = None,
                 **options: object) -> None:
        self.command = command
        self.datadir = _datadir(datadir)
        self.options = options

    def installed_pairs(self) -> list[Pair]:
        """The pairs this engine can translate."""
        return installed_pairs(self.datadir)

    def models(self, refresh: bool = False) -> list[ModelRow]:
        """The installed pairs (Apertium has no index to download from: a
        pair is a Debian package; ``refresh`` changes nothing)."""
        return [ModelRow(self.name, source, target, version, "installed")
                for source, target, version in self.installed_pairs()]

    def _mode(self, source: str, target: str) -> str:
        """The mode that translates ``source`` into ``target`` (``eng-spa``)."""
        modes = _modes(self.datadir)
        mode = modes.get((source, target))
        if mode is None:
            package = debian_package(source, target)
            if package is None:
                hint = _no_pair_hint(source, target)
            elif (target, source) in modes:
                # Installed, but its package translates the other way only.
                hint = (f"the installed pair {modes[(target, source)]} translates "
                        f"{target}->{source} only; use argos: translate models install "
                        f"{source}-{target}, then --engine argos")
            else:
                hint = (f"install one: sudo apt-get install {package}, or choose another "
                        "engine with --engine")
            raise ModelNotInstalled(None, None, f"no Apertium pair for {source}->{target}", hint)
        return mode

    def describe(self, source: str, target: str) -> str:
        """``apertium en->es 0.8.1``: the pair and its package's version.

        Raises:
            ModelNotInstalled: No pair for ``source`` -> ``target``.
        """
        mode = self._mode(source, target)
        return f"apertium {source}->{target} {_version(self.datadir, mode)}"

    def check(self, source: str, target: str) -> None:
        """Raise :class:`EngineError` without the ``apertium`` command, and
        :class:`ModelNotInstalled` without the pair, with what to install."""
        if shutil.which(self.command) is None:
            package = debian_package(source, target)
            if package is not None:
                hint = (f"install it: sudo apt-get install apertium {package}, or choose "
                        "another engine with --engine")
            else:
                hint = (f"and Debian packages no Apertium pair for {source}->{target} "
                        f"anyway; use argos: translate models install {source}-{target}, "
                        "then --engine argos")
            raise EngineError(None, None, f"the {self.command!r} command is not installed",
                              hint)
        self._mode(source, target)

    def translate(self, texts: Sequence[str], source: str, target: str, *,
                  hypotheses: int = 1, suppress: Sequence[str] = (),
                  progress: Progress | None = None) -> list[list[str]]:
        """Translate segments; see :class:`translate.engines.Engine`.  One
        hypothesis per segment; ``suppress`` is not supported by Apertium."""
        self.check(source, target)
        mode = self._mode(source, target)
        lines = [text.split("\n") for text in texts]
        # (segment, line) of every line that has something to translate.
        places = [(i, j) for i, segment in enumerate(lines) for j, line in enumerate(segment)
                  if any(ch.isalpha() for ch in TOKEN_RE.sub("", line))]
        units = [lines[i][j] for i, j in places]
        outputs = [""] * len(units)
        last_unit = {i: n for n, (i, _) in enumerate(places)}
        start = 0
        while start < len(units):
            end, size = start, 0
            while end < len(units) and (end == start or size + len(units[end]) <= CHUNK_CHARS):
                size += len(units[end])
                end += 1
            outputs[start:end] = self._translate_units(mode, units[start:end])
            start = end
            if progress is not None:
                done = sum(1 for i in range(len(texts)) if last_unit.get(i, -1) < end)
                progress(done, len(texts))
        for (i, j), output in zip(places, outputs):
            lines[i][j] = output
        if progress is not None and not units:
            progress(len(texts), len(texts))
        return [["\n".join(segment)] for segment in lines]

    def _translate_units(self, mode: str, units: list[str]) -> list[str]:
        """Translate lines through one process, and the lines whose tokens
        Apertium broke through one more."""
        outputs = [_tidy(output, unit)
                   for output, unit in zip(self._run(mode, units, False), units)]
        broken = [n for n, (unit, output) in enumerate(zip(units, outputs))
                  if not _tokens_intact(unit, output) and not _WORD_TOKEN.search(unit)]
        if broken:
            log.debug("apertium broke the tokens of %d lines; sending them again as words",
                      len(broken))
            again = self._run(mode, [units[n] for n in broken], True)
            for n, output in zip(broken, again):
                output = _tidy(output, units[n])
                if _tokens_intact(units[n], output):
                    outputs[n] = output
        return outputs

    def _run(self, mode: str, units: list[str], tokens_as_words: bool) -> list[str]:
        """One ``apertium`` process over ``units``: their raw translations."""
        body = SEPARATOR.join(_encode(unit, tokens_as_words) for unit in units)
        command = [self.command, "-u", "-f", "html", "-d", str(self.datadir), mode]
        try:
            result = subprocess.run(command, input=body.encode("utf-8"),
                                    capture_output=True, check=False)
        except OSError as error:
            raise EngineError(None, None, f"cannot run {self.command!r} ({error})",
                              "install it: sudo apt-get install apertium") from None
        if result.returncode != 0:
            message = result.stderr.decode("utf-8", "replace").strip().splitlines()
            raise EngineError(None, None, f"apertium {mode} failed with exit code "
                              f"{result.returncode}: {message[-1] if message else 'no message'}",
                              f"run: echo test | apertium {mode}")
        parts = result.stdout.decode("utf-8").split(SEPARATOR)
        if len(parts) != len(units):
            raise EngineError(None, None, f"apertium {mode} returned {len(parts)} segments "
                              f"for {len(units)}", "report this with the segments translated")
        return [_decode(part, tokens_as_words) for part in parts]
