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
        self.index: _BigramIndex | None = None

    def prepare(self) -> None:
        if not self.sorted:
            # Stable: pairs of one length keep the order they were read in.
            self.pairs.sort(key=lambda pair: len(pair[0]))
            self.sources = [source for source, _ in self.pairs]
            self.lengths = [len(source) for source in self.sources]
            self.sorted = True

    def bounds(self, length: int, ratio: float) -> tuple[int, int]:
        """The slice of the sources whose length allows the similarity:
        ``|a| - |b| <= d <= (1 - s) * max(|a|, |b|)``."""
        low = bisect.bisect_left(self.lengths, length * ratio - 1e-9)
        high = bisect.bisect_right(self.lengths, length / ratio + 1e-9) if ratio \
            else len(self.lengths)
        return low, high

    def scan(self, text: str, ratio: float, cutoff: float) -> int | None:
        """The first most similar source of the slice (its index), compared
        with every source of the slice; None below ``cutoff``."""
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        low, high = self.bounds(len(text), ratio)
        if low >= high:
            return None
        found = process.extractOne(text, self.sources[low:high],
                                   scorer=Levenshtein.normalized_similarity,
                                   score_cutoff=cutoff)
        return None if found is None else low + found[2]


# ---------------------------------------------------------------------------
# The index of many lookups at once
#
# The q-gram lemma (Ukkonen; Jokinen and Ukkonen): two texts at most k edits
# apart, the longer of length n, share at least n - 1 - 2k of their bigrams
# (counted with repetition: each edit breaks at most two of the n - 1 bigrams
# of the longer text, and the others are found in the other text).  A source
# sharing fewer bigrams with the text than that cannot be similar enough, so
# it is never compared: a filter that keeps every match, and so the matches
# are the same as comparing with every source.
#
# The shared bigrams of a batch of texts and all the sources are counted at
# once by a matrix product: each occurrence of a bigram is a token (the first
# "ab" of a text, the second "ab"...), a text is the 0/1 vector of its
# tokens, and the product of two vectors is the size of the intersection of
# the two multisets of bigrams.  The 1,023 most frequent tokens of the sources
# are columns; a token of the text that is not (a rare one) counts as shared
# in an extra column, which only lets more sources through.  Sums of 0/1
# products are exact in float32, and the product runs in BLAS on every core.
# What passes is compared exactly (RapidFuzz, on every core too).

_COLUMNS = 1024           # tokens as columns, the last one for the rare tokens
_TEXTS_PER_BLOCK = 256    # texts multiplied at once
_SOURCES_PER_BLOCK = 8192  # sources unpacked at once
_PAIRS_PER_CALL = 1 << 18   # pairs compared by one call of RapidFuzz
_OCCURRENCE_BITS = 20     # tokens number the occurrences of a bigram up to 2**20 - 1
#: Below this, comparing with every source of the slice costs less than
#: building the index (about 20 microseconds a source).
_MIN_TEXTS = 128
_MIN_SOURCES = 1024


def _bigram_tokens(texts: Sequence[str]):
    """Every bigram occurrence of every text: (text index, token), sorted by
    text index.  A token is ``bigram << 20 | occurrence`` (the bigram as two
    code points of 21 bits); one past the occurrences a token can number is
    ``_OVERFLOW``."""
    import numpy as np

    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    points = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"),
                           dtype=np.uint32).astype(np.uint64)
    owner = np.repeat(np.arange(len(texts), dtype=np.uint64), lengths)
    # A bigram starts at each character but the last of its text.
    starts = np.ones(points.size, dtype=bool)
    starts[np.cumsum(lengths)[lengths > 0] - 1] = False
    positions = np.flatnonzero(starts)
    owner = owner[positions]
    bigram = (points[positions] << np.uint64(21)) | points[positions + 1]
    if len(texts) < 1 << 22:
        key = np.sort((owner << np.uint64(42)) | bigram)
        owner, bigram = key >> np.uint64(42), key & np.uint64((1 << 42) - 1)
    else:
        order = np.lexsort((bigram, owner))
        owner, bigram = owner[order], bigram[order]
    # The occurrence of each: its place in the run of equal (text, bigram).
    fresh = np.ones(owner.size, dtype=bool)
    fresh[1:] = (owner[1:] != owner[:-1]) | (bigram[1:] != bigram[:-1])
    places = np.arange(owner.size, dtype=np.int64)
    occurrence = (places - np.maximum.accumulate(np.where(fresh, places, 0)) + 1).astype(np.uint64)
    tokens = (bigram << np.uint64(_OCCURRENCE_BITS)) | occurrence
    tokens[occurrence >= np.uint64(1 << _OCCURRENCE_BITS)] = _OVERFLOW
    return owner.astype(np.int64), tokens


_OVERFLOW = (1 << 64) - 1


class _BigramIndex:
    """The sources of an origin (in length order) as bit rows of their most
    frequent bigram tokens, for :meth:`TranslationMemory.fuzzy_many`."""

    def __init__(self, sources: Sequence[str]) -> None:
        import numpy as np

        # Block by block, to keep the memory used a few times the index's.
        step = 4096
        blocks = []
        for first in range(0, len(sources), step):
            owner, tokens = _bigram_tokens(sources[first:first + step])
            kept = tokens != np.uint64(_OVERFLOW)
            found, inverse, counts = np.unique(tokens[kept], return_inverse=True,
                                               return_counts=True)
            blocks.append((owner[kept].astype(np.int32), inverse.reshape(-1).astype(np.int32),
                           found, counts))
        self.vocabulary = np.unique(np.concatenate([found for _, _, found, _ in blocks])
                                    if blocks else np.zeros(0, np.uint64))
        counts = np.zeros(len(self.vocabulary), dtype=np.int64)
        for _, _, found, found_counts in blocks:
            counts[np.searchsorted(self.vocabulary, found)] += found_counts
        self.columns = min(len(self.vocabulary), _COLUMNS - 1)
        self.rare = self.columns          # the column of the rare tokens
        self.width = (self.columns + 1 + 7) // 8 * 8
        # The most frequent first; equal counts in token order (deterministic).
        ranked = np.argsort(-counts, kind="stable")[:self.columns]
        self.column_of = np.full(len(self.vocabulary), -1, dtype=np.int64)
        self.column_of[ranked] = np.arange(self.columns)
        self.rows = np.zeros((len(sources), self.width // 8), dtype=np.uint8)
        for number, (owner, inverse, found, _) in enumerate(blocks):
            columns = self.column_of[np.searchsorted(self.vocabulary, found)][inverse]
            dense = np.zeros((min(step, len(sources) - number * step), self.width),
                             dtype=np.uint8)
            dense[owner[columns >= 0], columns[columns >= 0]] = 1
            dense[:, self.rare] = 1       # multiplied by the text's rare tokens
            self.rows[number * step:number * step + len(dense)] = np.packbits(dense, axis=1)
        blocks.clear()
        self.lengths = np.fromiter(map(len, sources), dtype=np.int64, count=len(sources))
        self.sources = np.array(sources, dtype=object)   # gathered by index, in C

    def vectors(self, texts: Sequence[str]):
        """The texts as float32 rows: 1 for each of their tokens that is a
        column, and in the rare column the number of the others that a
        source may have."""
        import numpy as np

        owner, tokens = _bigram_tokens(texts)
        overflow = tokens == np.uint64(_OVERFLOW)
        place = np.minimum(np.searchsorted(self.vocabulary, tokens), len(self.vocabulary) - 1)
        known = (self.vocabulary[place] == tokens) & ~overflow
        columns = np.where(known, self.column_of[place], -1)
        out = np.zeros((len(texts), self.width), dtype=np.float32)
        dense = columns >= 0
        out[owner[dense], columns[dense]] = 1
        # A token no source has cannot be shared; one beyond the columns may.
        rare = (known & ~dense) | overflow
        out[:, self.rare] = np.bincount(owner[rare], minlength=len(texts))
        return out

    def candidates(self, texts: Sequence[str], ratio: float,
                   bounds: Sequence[tuple[int, int]]):
        """The (text, source) pairs that pass the filter, sorted by text then
        source, within each text's length bounds.

        Args:
            texts: A block of texts.
            ratio: The similarity asked for, from 0 to 1.
            bounds: The slice of the sources each text may match.
        """
        import numpy as np

        vectors = self.vectors(texts)
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        low = np.array([item[0] for item in bounds], dtype=np.int64)
        high = np.array([item[1] for item in bounds], dtype=np.int64)
        first, last = int(low.min()), int(high.max())
        longest = int(max(lengths.max(), self.lengths[last - 1] if last else 0))
        # The bigrams two texts must share, by the longer one's length n:
        # n - 1 - 2k, k the most edits the similarity allows.  It is not monotonic
        # in n; its lower envelope is, so that the threshold of a pair is the
        # larger of its two texts' thresholds: two comparisons of vectors
        # instead of a table look-up for every pair.
        sizes = np.arange(longest + 1, dtype=np.int64)
        needed = (sizes - 1 - 2 * _edits_allowed(sizes, ratio)).astype(np.float64)
        envelope = np.minimum.accumulate(needed[::-1])[::-1].astype(np.float32)
        text_needs = envelope[lengths][:, None]
        pairs_text: list = []
        pairs_source: list = []
        for start in range(first, last, _SOURCES_PER_BLOCK):
            stop = min(start + _SOURCES_PER_BLOCK, last)
            # The texts (in length order, so their bounds too) that may
            # match a source of this block.
            top = int(np.searchsorted(high, start, side="right"))
            bottom = int(np.searchsorted(low, stop, side="left"))
            if top >= bottom:
                continue
            sources = np.unpackbits(self.rows[start:stop], axis=1).astype(np.float32)
            shared = vectors[top:bottom] @ sources.T
            passed = (shared >= text_needs[top:bottom]) & \
                (shared >= envelope[self.lengths[start:stop]][None, :])
            text_index, source_index = np.divmod(np.flatnonzero(passed), stop - start)
            text_index += top
            source_index += start
            inside = (source_index >= low[text_index]) & (source_index < high[text_index])
            pairs_text.append(text_index[inside])
            pairs_source.append(source_index[inside])
        text_index = np.concatenate(pairs_text) if pairs_text else np.zeros(0, np.int64)
        source_index = np.concatenate(pairs_source) if pairs_source else np.zeros(0, np.int64)
        # Blocks of sources come in order, so a stable sort by text keeps each
        # text's sources in order (what "the pair read first" needs).
        order = np.argsort(text_index, kind="stable")
        return text_index[order], source_index[order]


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
        if not text:
            return None
        ratio = min_similarity / 100
        cutoff = _cutoff(ratio)
        found = []
        for origin in self._origins:
            origin.prepare()
            found.append(origin.scan(text, ratio, cutoff) if origin.pairs else None)
        return self._choose(text, min_similarity, found)

    def _choose(self, text: str, min_similarity: float,
                found: Sequence[int | None]) -> Match | None:
        """The match among each origin's most similar source (its index, or
        None): the best similarity, checked exactly; the earlier origin on a
        tie."""
        from rapidfuzz.distance import Levenshtein

        best: Match | None = None
        best_fraction = (0, 1)
        for origin, index in zip(self._origins, found):
            if index is None:
                continue
            source, target = origin.pairs[index]
            longest = max(len(text), len(source))
            same = longest - Levenshtein.distance(text, source)
            if 100 * same < min_similarity * longest:
                continue
            # A later origin must do strictly better to win (compared exactly:
            # same / longest against the best's, as fractions).
            if best is not None and same * best_fraction[1] <= best_fraction[0] * longest:
                continue
            best = Match(source, target, origin.name, 100 * same // longest)
            best_fraction = (same, longest)
        return best

    def fuzzy_many(self, texts: Sequence[str], min_similarity: float,
                   index: bool | None = None) -> list[Match | None]:
        """:meth:`fuzzy` for many texts: the same matches, each distinct text
        looked up once.

        Args:
            texts: The texts.
            min_similarity: Percent.
            index: Filter the sources through the bigram index (see the
                module's notes) rather than compare each text with every
                source of its length; None: when there are enough texts and
                sources for the index to pay.
        """
        distinct = [text for text in dict.fromkeys(texts) if text]
        ratio = min_similarity / 100
        cutoff = _cutoff(ratio)
        found: dict[str, list[int | None]] = {text: [] for text in distinct}
        for origin in self._origins:
            origin.prepare()
            use_index = index if index is not None else (
                len(distinct) >= _MIN_TEXTS and len(origin.pairs) >= _MIN_SOURCES)
            # Below one half, the lemma lets every source through.
            if use_index and origin.pairs and ratio > 0.5 and _has_numpy():
                best = self._indexed(origin, distinct, ratio, cutoff)
            else:
                best = {text: origin.scan(text, ratio, cutoff) if origin.pairs else None
                        for text in distinct}
            for text in distinct:
                found[text].append(best.get(text))
        answers = {text: self._choose(text, min_similarity, found[text]) for text in distinct}
        return [answers.get(text) for text in texts]

    @staticmethod
    def _indexed(origin: _Origin, texts: Sequence[str], ratio: float,
                 cutoff: float) -> dict[str, int | None]:
        """Each text's first most similar source of an origin, as
        :meth:`_Origin.scan` finds it, through the index."""
        import numpy as np
        from rapidfuzz import process
        from rapidfuzz.distance import LCSseq, Levenshtein

        if origin.index is None:
            origin.index = _BigramIndex(origin.sources)
        best: dict[str, int | None] = {}
        ordered = sorted(texts, key=len)    # neighbours share their sources' slice
        for start in range(0, len(ordered), _TEXTS_PER_BLOCK):
            block = ordered[start:start + _TEXTS_PER_BLOCK]
            bounds = [origin.bounds(len(text), ratio) for text in block]
            for text, (low, high) in zip(block, bounds):
                best[text] = None
            usable = [number for number, (low, high) in enumerate(bounds) if low < high]
            if not usable:
                continue
            block = [block[number] for number in usable]
            bounds = [bounds[number] for number in usable]
            text_index, source_index = origin.index.candidates(block, ratio, bounds)
            if not text_index.size:
                continue
            block_texts = np.array(block, dtype=object)
            # max(|a|, |b|) - LCS <= d (the characters an alignment keeps are a
            # common subsequence): a second filter, exact too, at about half
            # the price of the distance on long texts.  By slices: RapidFuzz
            # holds about 100 bytes a pair while it works.
            longer = np.maximum(np.fromiter(map(len, block), np.int64, len(block))[text_index],
                                origin.index.lengths[source_index])
            least = longer - _edits_allowed(longer, ratio)
            passed = np.zeros(text_index.size, dtype=bool)
            for first in range(0, text_index.size, _PAIRS_PER_CALL):
                part = slice(first, first + _PAIRS_PER_CALL)
                common = process.cpdist(block_texts[text_index[part]],
                                        origin.index.sources[source_index[part]],
                                        scorer=LCSseq.similarity,
                                        score_cutoff=max(int(least[part].min()), 0),
                                        dtype=np.int64, workers=-1)
                passed[part] = common >= least[part]
            if not passed.any():
                continue
            text_index, source_index = text_index[passed], source_index[passed]
            scores = np.concatenate([
                process.cpdist(block_texts[text_index[first:first + _PAIRS_PER_CALL]],
                               origin.index.sources[source_index[first:first + _PAIRS_PER_CALL]],
                               scorer=Levenshtein.normalized_similarity,
                               score_cutoff=cutoff, dtype=np.float64, workers=-1)
                for first in range(0, text_index.size, _PAIRS_PER_CALL)])
            # Each text's first best, as extractOne takes it.
            starts = np.flatnonzero(np.r_[True, text_index[1:] != text_index[:-1]])
            ends = np.r_[starts[1:], text_index.size]
            for begin, end in zip(starts.tolist(), ends.tolist()):
                place = begin + int(np.argmax(scores[begin:end]))
                if scores[place] >= cutoff and scores[place] > 0:
                    best[block[int(text_index[begin])]] = int(source_index[place])
        return best


def _edits_allowed(longer, ratio: float):
    """The most edits two texts (the longer of length ``longer``, an array)
    may be apart to be ``ratio`` similar, as the cut-off of :func:`_cutoff`
    lets them: rounded up a little, so that a filter built on it is looser,
    never tighter, than the comparison."""
    import numpy as np

    return np.floor(longer * (1 - ratio + 1e-9) + 1e-6).astype(np.int64)


def _cutoff(ratio: float) -> float:
    # score_cutoff is inclusive; the epsilon keeps the boundary in, and the
    # exact test of _choose decides it with integers.
    return max(ratio - 1e-9, 0.0)


def _has_numpy() -> bool:
    try:
        import numpy  # noqa: F401
    except ImportError:  # pragma: no cover - a dependency; kept working without it
        return False
    return True


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


def build_memory(language: str, catalogs: Iterable[tuple[str, Iterable[tuple[str, str]]]],
                 external: Iterable[MemorySource] = ()) -> TranslationMemory:
    """The memory of one language: the project's catalogs (in the order
    given), then the external memories.

    Args:
        language: The target language.
        catalogs: (display path, :func:`catalog_pairs`) of the language's
            catalogs: their pairs, not their entries, so that a catalog the
            run state remembers is never made into entries again.
        external: What :func:`load_memories` read.
    """
    memory = TranslationMemory(language)
    for display, pairs in catalogs:
        memory.add(display, pairs)
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
