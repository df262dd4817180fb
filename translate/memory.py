"""Translation memory: what was translated before, found again.

A :class:`TranslationMemory` holds the pairs of one target language from
several *origins*, in priority order: the project's own catalogs first (their
reviewed entries, catalogs in path order), then the files the ``memories``
setting lists, in its order: TMX files (any tool's) and PO compendia
(reviewed entries).

* **Exact matches** (:meth:`TranslationMemory.exact`): the first pair whose
  source is the text, in priority order, as ``msgmerge --compendium`` takes
  them.  :func:`translate.mt.machine_translate` fills them as translations
  (not fuzzy) with ``#. translation memory: <origin>``.
* **Fuzzy matches** (:meth:`TranslationMemory.fuzzy`): the most similar
  source, if at least ``memory_min_similarity`` percent similar.  Similarity
  is translate-toolkit's (and most CAT tools'): ``100 * (1 - d / n)`` where
  ``d`` is the Levenshtein distance between the two texts and ``n`` the
  length of the longer one, so the matches are the ones its ``pot2po --tm``
  chooses.  The best similarity wins; on a tie, the earlier origin, then the
  shorter source, then the pair read first.  ``mt`` fills them into
  untranslated entries only, as fuzzy drafts with ``#. translation memory
  (82 %): <origin>`` and the matched source as ``#| msgid``, so the
  translator sees what differs.

The index: pairs are grouped by origin and sorted by the length of their
source, so a query only looks at the sources whose length allows the
similarity asked for (a text of 100 characters cannot be 75 % similar to one
of 140); those are compared by RapidFuzz's bit-parallel Levenshtein in C++,
with the cut-off raised as better matches are found.  The result is exact:
the same as comparing the text with every pair.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ConfigError, ExchangeError
from .po import MEMORY_FUZZY_PREFIX, is_reviewed

if TYPE_CHECKING:
    import polib

    from .project import Project

__all__ = ["Match", "TranslationMemory", "MemorySource", "load_memories", "catalog_pairs",
           "similarity", "memory_note"]

log = logging.getLogger(__name__)

#: The prefix of a fuzzy match's provenance line, before ``82 %): <origin>``.
FUZZY_PREFIX = MEMORY_FUZZY_PREFIX


@dataclass(frozen=True)
class Match:
    """A memory's answer for one text.

    Attributes:
        source: The source text of the pair found.
        target: Its translation.
        origin: Where the pair comes from (``locales/fr/a.md.po``,
            ``tm/agency.tmx``).
        similarity: Percent, rounded down (100 for an exact match).
    """

    source: str
    target: str
    origin: str
    similarity: int


def memory_note(match: Match) -> str:
    """The provenance line of a fuzzy match: ``translation memory (82 %):
    tm/agency.tmx``."""
    return f"{FUZZY_PREFIX}{match.similarity} %): {match.origin}"


def similarity(a: str, b: str) -> int:
    """The similarity of two texts in percent, rounded down: ``100 * (1 - d /
    n)``, ``d`` their Levenshtein distance, ``n`` the longer length."""
    from rapidfuzz.distance import Levenshtein

    longest = max(len(a), len(b))
    if not longest:
        return 100
    return 100 * (longest - Levenshtein.distance(a, b)) // longest


class _Origin:
    """The pairs of one origin, sorted by source length for the index."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.pairs: list[tuple[str, str]] = []
        self.sources: list[str] = []
        self.lengths: list[int] = []
        self.sorted = True

    def prepare(self) -> None:
        if not self.sorted:
            # Stable: pairs of one length keep the order they were read in.
            self.pairs.sort(key=lambda pair: len(pair[0]))
            self.sources = [source for source, _ in self.pairs]
            self.lengths = [len(source) for source in self.sources]
            self.sorted = True


class TranslationMemory:
    """The pairs of one target language, from origins in priority order.

    Args:
        language: The target language.
    """

    def __init__(self, language: str) -> None:
        self.language = language
        self._exact: dict[str, tuple[str, str]] = {}
        self._origins: list[_Origin] = []

    def __len__(self) -> int:
        return sum(len(origin.pairs) for origin in self._origins)

    def add(self, origin: str, pairs: Iterable[tuple[str, str]]) -> None:
        """Add the pairs of an origin, after those already added (which win
        ties and exact matches over it).  Pairs with an empty side are left
        out, and so are sources of one character, as translate-toolkit does."""
        found = _Origin(origin)
        exact = self._exact
        for source, target in pairs:
            if not source or not target:
                continue
            if source not in exact:
                exact[source] = (target, origin)
            if len(source) >= 2:
                found.pairs.append((source, target))
        found.sorted = False
        self._origins.append(found)

    def exact(self, text: str) -> Match | None:
        """The pair whose source is ``text``, from the first origin that has one."""
        found = self._exact.get(text)
        return Match(text, found[0], found[1], 100) if found is not None else None

    def fuzzy(self, text: str, min_similarity: float) -> Match | None:
        """The most similar pair, at least ``min_similarity`` percent similar
        (an exact match counts: 100 %).

        Ties go to the earlier origin, then the shorter source, then the pair
        read first.
        """
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        length = len(text)
        if length == 0:
            return None
        ratio = min_similarity / 100
        best: Match | None = None
        best_fraction = (0, 1)
        # score_cutoff is inclusive; the epsilon keeps the boundary in, and
        # the exact test below decides it with integers.
        cutoff = max(ratio - 1e-9, 0.0)
        for origin in self._origins:
            origin.prepare()
            if not origin.pairs:
                continue
            # |a| - |b| <= d <= (1 - s) * max(|a|, |b|) bounds the lengths.
            low = bisect.bisect_left(origin.lengths, length * ratio - 1e-9)
            high = bisect.bisect_right(origin.lengths, length / ratio + 1e-9) if ratio \
                else len(origin.lengths)
            if low >= high:
                continue
            found = process.extractOne(text, origin.sources[low:high],
                                       scorer=Levenshtein.normalized_similarity,
                                       score_cutoff=cutoff)
            if found is None:
                continue
            source = found[0]
            longest = max(length, len(source))
            same = longest - Levenshtein.distance(text, source)
            if 100 * same < min_similarity * longest:
                continue
            # A later origin must do strictly better to win (compared exactly:
            # same / longest against the best's, as fractions).
            if best is not None and same * best_fraction[1] <= best_fraction[0] * longest:
                continue
            best = Match(source, origin.pairs[low + found[2]][1], origin.name,
                         100 * same // longest)
            best_fraction = (same, longest)
            cutoff = max(found[1] - 1e-9, cutoff)
        return best

    def fuzzy_many(self, texts: Sequence[str], min_similarity: float) -> list[Match | None]:
        """:meth:`fuzzy` for many texts (each distinct text looked up once)."""
        answers: dict[str, Match | None] = {}
        for text in texts:
            if text not in answers:
                answers[text] = self.fuzzy(text, min_similarity)
        return [answers[text] for text in texts]


# ---------------------------------------------------------------------------
# Where the pairs come from


def catalog_pairs(catalog: Iterable[polib.POEntry]) -> list[tuple[str, str]]:
    """The reviewed, singular entries of a catalog as (msgid, msgstr)."""
    return [(entry.msgid, entry.msgstr) for entry in catalog
            if is_reviewed(entry) and entry.msgid and not entry.msgid_plural]


@dataclass
class MemorySource:
    """An external memory of the settings, read: its pairs per language.

    Attributes:
        origin: The file as the settings and the provenance comments name it.
        pairs: Per target language, (source, target) pairs in file order.
    """

    origin: str
    pairs: dict[str, list[tuple[str, str]]]


_LANG_PLACEHOLDER = re.compile(r"\{lang\}")


def load_memories(project: Project, languages: Iterable[str]) -> list[MemorySource]:
    """Read the external memories the ``memories`` setting lists.

    A path may hold ``{lang}`` (``tm/{lang}/compendium.po``): it is then read
    once per language, and a language without its file has none.  A TMX file
    serves every language it holds; a PO compendium the language its
    ``Language`` header names.

    Raises:
        ConfigError: A listed file does not exist (outside ``{lang}``
            paths), or is neither ``.tmx`` nor ``.po``.
        ExchangeError: A TMX file is malformed or unsafe.
        CatalogSyntaxError: A compendium does not parse.
    """
    from .config import inside
    from .exchange.tmx import language_matches, read_tmx
    from .po import read_po

    settings = project.settings
    wanted = list(languages)
    where = settings.where("memories")
    sources: list[MemorySource] = []
    for item in settings.memories:
        per_language = bool(_LANG_PLACEHOLDER.search(item))
        paths = [(code, item.replace("{lang}", code)) for code in wanted] if per_language \
            else [(None, item)]
        for only, name in paths:
            path = inside(settings.root, name, where[0], where[1])
            display = project.relative(path)
            if not path.is_file():
                if per_language:
                    continue
                raise ConfigError(where[0], where[1], f"the memory {name!r} does not exist",
                                  "fix the memories setting, or create the file")
            suffix = path.suffix.lower()
            if suffix == ".tmx":
                found = read_tmx(path.read_bytes(), display, settings.source_language,
                                 [only] if only else wanted)
                sources.append(MemorySource(display, {
                    code: [(pair.source, pair.target) for pair in pairs]
                    for code, pairs in found.items()}))
            elif suffix in (".po", ".pot"):
                catalog = read_po(path, display)
                language = only or catalog.metadata.get("Language", "").strip()
                if not language:
                    raise ExchangeError(display, None,
                                        "a PO compendium without a Language header",
                                        "add one (Language: fr), or name the file with {lang} "
                                        "in the memories setting")
                code = next((code for code in wanted if language_matches(language, code)), None)
                if code is not None:
                    sources.append(MemorySource(display, {code: catalog_pairs(catalog)}))
            else:
                raise ConfigError(where[0], where[1],
                                  f"the memory {name!r} is neither a .tmx nor a .po file",
                                  "list TMX files and PO compendia")
    return sources


def build_memory(language: str, catalogs: Iterable[tuple[str, Iterable[polib.POEntry]]],
                 external: Iterable[MemorySource] = ()) -> TranslationMemory:
    """The memory of one language: the project's catalogs (in the order
    given), then the external memories.

    Args:
        language: The target language.
        catalogs: (display path, entries) of the language's catalogs.
        external: What :func:`load_memories` read.
    """
    memory = TranslationMemory(language)
    for display, entries in catalogs:
        memory.add(display, catalog_pairs(entries))
    for source in external:
        pairs = source.pairs.get(language)
        if pairs:
            memory.add(source.origin, pairs)
    return memory


def read_memory_file(path: Path, display: str, source_language: str,
                     language: str) -> list[tuple[str, str]]:
    """The pairs of one TMX file for one language (a convenience for the
    library's users and the benchmark)."""
    from .exchange.tmx import read_tmx

    found = read_tmx(path.read_bytes(), display, source_language, [language])
    return [(pair.source, pair.target) for pair in found[language]]
