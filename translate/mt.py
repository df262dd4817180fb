"""Fill catalogs with drafts: translation memory first, then an engine, with
the glossary applied.

:func:`machine_translate` works language by language.  An untranslated entry
whose exact source text already has a reviewed translation in a catalog of the
same language takes it (``#. translation memory: <catalog>``), as ``msgmerge
--compendium`` would; the others go to the language's engine in batches, and
come back marked ``fuzzy`` with ``#. machine translation: <engine and
model> [<checksum of the msgstr written>]``, so that translators review them
and ``build`` leaves them out until they do.  Catalogs are written after each
batch: an interrupted run keeps what it finished, and the next run goes on
from there.  An entry that has a translation, reviewed or not, is never
touched, except that ``retranslate_machine`` redoes the drafts whose text is
still exactly what this tool wrote (:func:`translate.catalog.machine_draft`).
A reviewed entry's line becomes ``machine translation, reviewed: <engine and
model>``.

:func:`translate_texts` is the glossary-aware translation of a list of
segments, on which the catalog work stands:

* ``keep`` terms, fixed-form names, placeholders (``%(name)s``, ``{name}``),
  URLs and, in Markdown, inline code and markup become tokens ``{0}``,
  ``{1}`` ... that the engine copies; they are put back afterwards.  A
  segment whose tokens come back lost or garbled is translated again with
  more hypotheses, then piece by piece between the tokens, so a name is never
  mangled.
* For translatable terms the engine gives several hypotheses; the first that
  uses every term's glossary form (inflected forms accepted) wins.  Failing
  that, in a language whose nouns do not inflect for case, the term itself is
  protected and comes back in its glossary form.
* Known wrong renderings are suppressed in the engine where it can.
* Whatever is still wrong is flagged on the entry (``#. glossary: missing
  <term>``), which ``translate check`` reports: never a silent mistake.
"""

from __future__ import annotations

import inspect
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import polib

from .catalog import (MACHINE_PREFIX, MEMORY_PREFIX, catalog_notes, machine_draft, machine_note,
                      mark_reviewed, reviewed_note)
from .engines import ENGINES, Engine, check_options, get_engine
from .errors import EngineError, ModelNotInstalled, SourceError
from .fsutil import write_atomic
from .glossary import Glossary, Term, project_glossary
from .languages import get_language
from .memory import build_memory, catalog_pairs, load_memories, memory_note
from .po import Catalog, format_po, is_reviewed, parse_po_bytes
from .project import Project
from .segment import DocumentFormat, format_for, get_format
from .segment.inline import PLACEHOLDER, RETURNED_TOKEN_RE, URL, token
from .state import RunState, digest_bytes

__all__ = ["Draft", "LanguageResult", "translate_texts", "machine_translate", "protect"]

log = logging.getLogger(__name__)

#: Hypotheses asked for when a segment holds terms or its tokens came back wrong.
HYPOTHESES = 4
#: Segments translated between two writes of the catalogs.
BATCH = 256
_LETTER = re.compile(r"[^\W\d_]")
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+)[\"'«“(\[]*$")


_PATTERNS: dict[str, re.Pattern[str]] = {}


def _protected_pattern(fmt: DocumentFormat | None) -> re.Pattern[str]:
    """What machine translation turns into tokens in a segment of a format:
    the format's inline markup, then the shared placeholders and addresses
    (the first alternative that matches at a place wins)."""
    key = fmt.name if fmt is not None else ""
    pattern = _PATTERNS.get(key)
    if pattern is None:
        sources = [*(fmt.inline_patterns if fmt is not None else ()), PLACEHOLDER, URL]
        pattern = _PATTERNS[key] = re.compile("|".join(f"(?:{p})" for p in sources))
    return pattern


@dataclass
class Draft:
    """A machine translation of one segment.

    Attributes:
        text: The translation ("" when the engine gave nothing).
        problems: Comment lines for what could not be enforced, e.g.
            ``glossary: missing Thunderstorm``.
    """

    text: str
    problems: list[str] = field(default_factory=list)


@dataclass
class _Span:
    start: int
    end: int
    restored: str
    term: Term | None = None


@dataclass
class Protected:
    """A segment with its protected spans replaced by ``{N}`` tokens."""

    source: str
    masked: str
    spans: list[_Span]

    def tokens_ok(self, text: str) -> bool:
        """Whether a translation has every token exactly once."""
        found = Counter(int(number) for number in RETURNED_TOKEN_RE.findall(text))
        return found == Counter(range(len(self.spans)))

    def restore(self, text: str) -> str:
        """Put the protected text back in place of the tokens."""

        def replace(match: re.Match[str]) -> str:
            index = int(match.group(1))
            if index >= len(self.spans):
                return ""
            span = self.spans[index]
            restored = span.restored
            if span.term is not None and restored[:1].islower() \
                    and _SENTENCE_START.search(text, 0, match.start()):
                restored = restored[:1].upper() + restored[1:]
            return restored

        return RETURNED_TOKEN_RE.sub(replace, text)


def protect(text: str, glossary: Glossary | None, language: str,
            fmt: DocumentFormat | None = None, substitute: Iterable[Term] = (), *,
            markdown: bool = False) -> Protected:
    """Replace what the engine must not translate by ``{N}`` tokens.

    Args:
        text: The source segment.
        glossary: Its ``keep`` terms are protected (and come back in their
            fixed form for ``language``, if the glossary gives one).
        language: The target language.
        fmt: The format of the segment's document: its inline markup is
            protected too (None: placeholders and addresses only).
        substitute: Translatable terms to protect too; they come back in
            their glossary form.
        markdown: The same as ``fmt`` = the Markdown format (kept for
            callers of earlier versions).
    """
    if markdown and fmt is None:
        fmt = get_format("markdown")
    candidates: list[_Span] = []
    chosen = {id(term) for term in substitute}
    if glossary is not None:
        for match in glossary.find(text):
            term = match.term
            if term.kind == "keep":
                candidates.append(_Span(match.start, match.end,
                                        term.target(language) or text[match.start:match.end]))
            elif id(term) in chosen and term.target(language):
                candidates.append(_Span(match.start, match.end, term.target(language) or "",
                                        term))
    for match in _protected_pattern(fmt).finditer(text):
        candidates.append(_Span(match.start(), match.end(), match.group()))
    candidates.sort(key=lambda span: (span.start, -(span.end - span.start)))
    spans: list[_Span] = []
    end = 0
    for span in candidates:
        if span.start >= end and span.end > span.start:
            spans.append(span)
            end = span.end
    pieces = []
    position = 0
    for number, span in enumerate(spans):
        pieces.append(text[position:span.start])
        pieces.append(token(number))
        position = span.end
    pieces.append(text[position:])
    return Protected(text, "".join(pieces), spans)


class _Job:
    """One segment on its way through the engine."""

    def __init__(self, text: str, glossary: Glossary | None, language: str,
                 fmt: DocumentFormat | None, enforce: bool) -> None:
        self.text = text
        self.protected = protect(text, glossary, language, fmt)
        self.terms: list[Term] = []
        self.suppress: tuple[str, ...] = ()
        if glossary is not None and enforce:
            matched = list({id(m.term): m.term for m in glossary.find(text)}.values())
            self.terms = [t for t in matched if t.kind == "term" and t.target(language)]
            accepted = {form.casefold() for t in matched for form in t.targets.get(language, ())}
            wrong = [form for t in matched if t.kind != "keep"
                     for form in t.forbidden.get(language, ())
                     if form.casefold() not in accepted]
            self.suppress = tuple(dict.fromkeys(wrong))
        self.result: str | None = None
        self.score = -1

    def consider(self, candidates: Sequence[str], protected: Protected,
                 glossary: Glossary | None, language: str) -> None:
        """Keep the best of the candidates whose tokens are intact."""
        for candidate in candidates:
            if not protected.tokens_ok(candidate):
                continue
            restored = protected.restore(candidate)
            score = self._score(restored, glossary, language)
            if score > self.score:
                self.result, self.score = restored, score
            if self.score == len(self.terms):
                return

    def _score(self, restored: str, glossary: Glossary | None, language: str) -> int:
        if not self.terms or glossary is None:
            return 0
        names = {term.term for term in self.terms}
        return sum(1 for check in glossary.verify(self.text, restored, language)
                   if check.term in names and not check.is_problem)

    def missing_terms(self, glossary: Glossary, language: str) -> list[Term]:
        if self.result is None:
            return list(self.terms)
        wrong = {check.term for check in glossary.verify(self.text, self.result, language)
                 if check.is_problem}
        return [term for term in self.terms if term.term in wrong]


def _run(engine: Engine, jobs: list[tuple[_Job, Protected]], source: str, target: str,
         hypotheses: int, glossary: Glossary | None) -> None:
    """Translate jobs grouped by what they ask of the engine, and let each
    keep its best candidate."""
    groups: dict[tuple[int, tuple[str, ...]], list[tuple[_Job, Protected]]] = {}
    for job, protected in jobs:
        count = HYPOTHESES if job.terms else hypotheses
        groups.setdefault((count, job.suppress), []).append((job, protected))
    for (count, suppress), members in groups.items():
        outputs = engine.translate([protected.masked for _, protected in members], source,
                                   target, hypotheses=count, suppress=suppress)
        for (job, protected), candidates in zip(members, outputs):
            job.consider(candidates, protected, glossary, target)


def _piecewise(engine: Engine, jobs: list[_Job], source: str, target: str) -> None:
    """Translate the text between tokens on its own: tokens cannot be lost."""
    pieces: list[str] = []
    plans: list[list[str | int]] = []
    for job in jobs:
        plan: list[str | int] = []
        position = 0
        masked = job.protected.masked
        for match in RETURNED_TOKEN_RE.finditer(masked):
            plan.extend(_piece(masked[position:match.start()], pieces))
            plan.append(match.group())
            position = match.end()
        plan.extend(_piece(masked[position:], pieces))
        plans.append(plan)
    outputs = engine.translate(pieces, source, target) if pieces else []
    for job, plan in zip(jobs, plans):
        text = "".join(item if isinstance(item, str)
                       else RETURNED_TOKEN_RE.sub("", outputs[item][0] if outputs[item] else "")
                       for item in plan)
        job.result = job.protected.restore(text)


def _piece(text: str, pieces: list[str]) -> list[str | int]:
    """A run of text between tokens: kept as is when it has no letters, else
    queued for translation with its surrounding spaces kept aside."""
    if not _LETTER.search(text):
        return [text]
    core = text.strip()
    lead, trail = text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]
    pieces.append(core)
    return [lead, len(pieces) - 1, trail]


def translate_texts(engine: Engine, texts: Sequence[str], source: str, target: str,
                    glossary: Glossary | None = None, fmt: DocumentFormat | None = None, *,
                    markdown: bool = False) -> list[Draft]:
    """Translate segments with the glossary applied (see the module's
    docstring for how).

    Args:
        engine: The engine.
        texts: Source segments.
        source: Source language code.
        target: Target language code.
        glossary: The glossary, or None.
        fmt: The format of the segments' document, whose inline markup is
            protected (None: placeholders and addresses only).
        markdown: The same as ``fmt`` = the Markdown format (kept for
            callers of earlier versions).

    Returns:
        One draft per text, in order.
    """
    if markdown and fmt is None:
        fmt = get_format("markdown")
    # Engine.enforce_terms; an engine written before the protocol had it (a
    # duck-typed one in a caller's code) enforces terms, as every engine did.
    enforce = glossary is not None and getattr(engine, "enforce_terms", True)
    unique = list(dict.fromkeys(texts))
    jobs = [_Job(text, glossary, target, fmt, enforce) for text in unique]
    _run(engine, [(job, job.protected) for job in jobs], source, target, 1, glossary)
    # Tokens lost or garbled: more hypotheses, then piece by piece.
    retry = [job for job in jobs if job.result is None]
    if retry:
        _run(engine, [(job, job.protected) for job in retry if not job.terms], source, target,
             HYPOTHESES, glossary)
        _piecewise(engine, [job for job in retry if job.result is None], source, target)
    # Terms the hypotheses missed: paste the glossary form where it cannot inflect.
    if enforce and glossary is not None and not get_language(target).inflecting:
        again = []
        for job in jobs:
            missing = job.missing_terms(glossary, target) if job.terms else []
            if missing:
                again.append((job, protect(job.text, glossary, target, fmt, missing)))
        if again:
            _run(engine, again, source, target, HYPOTHESES, glossary)
    drafts = {}
    for job in jobs:
        text = job.result or ""
        problems = []
        if glossary is not None and text:
            for check in glossary.verify(job.text, text, target):
                if check.is_problem and (enforce or check.kind == "keep"):
                    problems.append(f"glossary: {check.status} {check.term}")
        drafts[job.text] = Draft(text, list(dict.fromkeys(problems)))
    return [drafts[text] for text in texts]


# ---------------------------------------------------------------------------
# Catalogs


@dataclass
class LanguageResult:
    """What :func:`machine_translate` did for one language.

    Attributes:
        language: The target language.
        engine: The engine's name.
        model: The engine and model as written in the comments ("" if none).
        memory: Entries filled from translation memory (exact matches).
        machine: Entries filled by the engine (fuzzy).
        flagged: Of those, entries with a glossary flag.
        untranslated: Entries still without a translation.
        error: Why the engine could not run (no model, no engine), with how
            to fix it; "" when it ran.
        files: Catalogs written.
        memory_fuzzy: Entries filled with a fuzzy memory match (fuzzy).
    """

    language: str
    engine: str
    model: str = ""
    memory: int = 0
    machine: int = 0
    flagged: int = 0
    untranslated: int = 0
    error: str = ""
    files: list[str] = field(default_factory=list)
    memory_fuzzy: int = 0

    def to_dict(self) -> dict:
        return asdict(self)


class _Catalog:
    """A catalog read for this run, written back without losing an edit made
    meanwhile by someone else."""

    def __init__(self, path: Path, display: str, fmt: DocumentFormat) -> None:
        self.path = path
        self.display = display
        self.format = fmt
        self.data = path.read_bytes()
        self.catalog: Catalog = parse_po_bytes(self.data, display)
        self.filled: dict[int, tuple[str, list[str], bool, str | None]] = {}
        self.dirty = False

    def fill(self, entry: polib.POEntry, text: str, notes: list[str], fuzzy: bool,
             previous: str | None = None) -> None:
        _fill(entry, text, notes, fuzzy, previous)
        self.filled[id(entry)] = (text, notes, fuzzy, previous)
        self.dirty = True

    def write(self) -> bool:
        if not self.dirty:
            return False
        current = self.path.read_bytes() if self.path.exists() else b""
        if current != self.data:
            # Edited while we worked: apply our drafts to the new text, to
            # the entries that are still untranslated there.
            ours = {(e.msgctxt, e.msgid): self.filled[id(e)] for e in self.catalog
                    if id(e) in self.filled}
            fresh = parse_po_bytes(current, self.display)
            for entry in fresh:
                draft = ours.get((entry.msgctxt, entry.msgid))
                if draft is not None and not entry.obsolete and not entry.msgstr \
                        and not entry.msgid_plural:
                    _fill(entry, *draft)
            self.catalog = fresh
            self.filled = {id(e): ours[(e.msgctxt, e.msgid)] for e in fresh
                           if (e.msgctxt, e.msgid) in ours}
        data = format_po(self.catalog).encode(self.catalog.encoding or "utf-8")
        self.dirty = False
        if data == current:
            return False
        write_atomic(self.path, data)
        self.data = data
        return True


def _shape(msgid: str, text: str) -> str:
    """A translation as it is written into the msgstr of ``msgid``."""
    # msgfmt --check wants a msgstr to begin and end with \n as its msgid does.
    text = text.strip("\n")
    if msgid.startswith("\n"):
        text = "\n" + text
    if msgid.endswith("\n"):
        text += "\n"
    return text


def _fill(entry: polib.POEntry, text: str, notes: list[str], fuzzy: bool,
          previous: str | None = None) -> None:
    entry.msgstr = _shape(entry.msgid, text)
    old = catalog_notes(entry.comment, True)
    lines = [line for line in (entry.comment.split("\n") if entry.comment else [])
             if line and line not in old]
    entry.comment = "\n".join(lines + notes)
    flags = [flag for flag in entry.flags if flag != "fuzzy"]
    entry.flags = (["fuzzy"] if fuzzy else []) + flags
    entry.previous_msgid = entry.previous_msgctxt = entry.previous_msgid_plural = None
    # A fuzzy memory match shows the source it was made for, as msgmerge's
    # fuzzy matches do, so the translator sees what differs.
    entry.previous_msgid = previous


def _claims_machine(entry: polib.POEntry) -> bool:
    """Whether :func:`mark_reviewed` would change an entry (without changing it)."""
    if not is_reviewed(entry) or not entry.comment or MACHINE_PREFIX not in entry.comment:
        return False
    return "\n".join(reviewed_note(line) for line in entry.comment.split("\n")) != entry.comment


def catalog_facts(catalog: Iterable[polib.POEntry]) -> dict[str, bool]:
    """What :func:`machine_translate` would do to a catalog, whatever the
    engine and the memory: whether an entry is untranslated (``pending``),
    would be redone under ``retranslate_machine`` (``redo``), or is a
    reviewed entry still claiming to be a machine draft (``review``).  A
    catalog with none of these is left as it is, so a run need not read it."""
    facts = {"pending": False, "redo": False, "review": False}
    for entry in catalog:
        if not facts["pending"] and _pending(entry, False):
            facts["pending"] = facts["redo"] = True
        elif not facts["redo"] and _pending(entry, True):
            facts["redo"] = True
        if not facts["review"] and _claims_machine(entry):
            facts["review"] = True
    return facts


def _idle(facts: object, retranslate_machine: bool) -> bool:
    """Whether recorded facts say that mt has nothing to do in a catalog."""
    if not isinstance(facts, dict) or set(facts) != {"pending", "redo", "review"}:
        return False
    return not (facts["review"] or facts["redo" if retranslate_machine else "pending"])


def _pending(entry: polib.POEntry, retranslate_machine: bool) -> bool:
    if entry.obsolete or not entry.msgid or entry.msgid_plural:
        return False
    # Only a draft whose text is still what this tool wrote is redone.
    return not entry.msgstr or (retranslate_machine and machine_draft(entry))


def machine_translate(project: Project, languages: Iterable[str] | None = None,
                      documents: Iterable[str | Path] = (), engine: str | None = None,
                      retranslate_machine: bool = False,
                      progress: Callable[[int, int], None] | None = None,
                      engine_options: dict[str, dict] | None = None,
                      state: RunState | None = None) -> list[LanguageResult]:
    """Fill the untranslated entries of the catalogs: from translation memory,
    then from each language's engine, with the glossary applied.

    Args:
        project: The project.
        languages: Restrict to these languages (default: the project's).
        documents: Restrict to these documents (default: all with a template).
        engine: Use this engine for every language, instead of the settings'
            ``engine`` and ``engines``.
        retranslate_machine: Also redo the fuzzy entries whose text is still
            exactly the machine translation this tool wrote (checked against
            the checksum in their ``machine translation:`` comment).  An
            entry a translator edited, reviewed or that has no checksum is
            never replaced.
        progress: Called with (segments done, segments to do).
        engine_options: Per engine name, the keyword arguments of its
            constructor (default: the settings' ``engine_options``).  Each
            engine is built once and shared by the languages it translates.
        state: What the last run found (``translate run``): a catalog whose
            bytes it recorded with nothing to do (:func:`catalog_facts`) is
            not read, its reviewed entries for the memory taken from the
            record; a catalog read is held only while it has work.

    Returns:
        One result per language.  A language whose engine has no model for
        the pair gets its memory matches and an ``error`` saying how to
        install one; the others go on.

    Raises:
        SourceError: A document has no catalog yet (run ``translate update``).
        CatalogSyntaxError: A catalog does not parse; nothing is written.
        GlossaryError: The glossary is malformed; nothing is written.
        EngineError: Unknown engine name.
        ConfigError: An engine option the engine does not take.
    """
    glossary = project_glossary(project)
    langs = project.target_languages(languages)
    selected = project.translated_documents(documents)
    everything = project.translated_documents()
    source = project.settings.source_language
    names = {lang: engine or project.settings.engine_for(lang) for lang in langs}
    for name in sorted(set(names.values())):
        if name not in ENGINES:
            raise EngineError(None, None, f"unknown engine {name!r}",
                              "use one of " + ", ".join(sorted(ENGINES)))
    options = project.settings.engine_options if engine_options is None else engine_options
    for name in sorted(set(names.values()) & set(options)):
        check_options(name, options[name])
    # Each engine is built when a language first needs it, then shared.
    machines: dict[str, Engine] = {}
    # Read every catalog first: a malformed one stops the run before any write.
    loaded: dict[str, dict[str, _Catalog]] = {}
    # Catalogs with nothing to do: (display, path, digest, reviewed pairs or
    # None when still to be read), not held in memory, so that it stays flat.
    idle: dict[str, dict[str, tuple[str, Path, str, list | None]]] = {}
    wanted = set(selected)
    written: dict[int, tuple[str, _Catalog]] = {}
    for lang in langs:
        loaded[lang] = {}
        idle[lang] = {}
        for name in everything:
            path = project.catalog_path(lang, name)
            display = project.relative(path)
            if not path.exists():
                if name in selected:
                    raise SourceError(display, None, "no catalog for this document yet",
                                      "run translate update first")
                continue
            record = f"mt:{lang}/{name}"
            if state is not None:
                digest = state.digest(path)
                facts = state.get(record, {"catalog": digest})
                if facts is not None and (name not in wanted
                                          or _idle(facts, retranslate_machine)):
                    state.keep(record)
                    idle[lang][name] = (display, path, digest or "", None)
                    continue
            item = _Catalog(path, display, format_for(name))
            digest = digest_bytes(item.data)
            facts = catalog_facts(item.catalog)
            pairs = catalog_pairs(item.catalog)
            if state is not None:
                state.put(record, {"catalog": digest}, facts)
                state.put_memory_pairs(lang, display, digest, pairs)
            if name not in wanted or _idle(facts, retranslate_machine):
                # Only its reviewed entries matter (to the memory): drop the rest.
                idle[lang][name] = (display, path, digest, pairs)
            else:
                loaded[lang][name] = item
    # The external memories too: a malformed one stops the run before any write.
    external = load_memories(project, langs)
    min_similarity = project.settings.memory_min_similarity
    # Every catalog read: clean up after a killed run before the first write.
    project.remove_stale_temporaries()
    work: list[tuple[str, list[tuple[_Catalog, polib.POEntry]]]] = []
    results: list[LanguageResult] = []
    for lang in langs:
        result = LanguageResult(lang, names[lang])
        results.append(result)
        catalogs = loaded[lang]
        if not catalogs:
            # Nothing to do in any catalog of the language: no memory, no engine.
            work.append((lang, []))
            continue
        sources = [(item.display, catalog_pairs(item.catalog)) for item in catalogs.values()]
        sources += [(display, _memory_pairs(state, lang, display, path, digest, pairs))
                    for display, path, digest, pairs in idle[lang].values()]
        memory = build_memory(lang, sorted(sources, key=lambda source: source[0]), external)
        fuzzy_wanted: list[tuple[_Catalog, polib.POEntry]] = []
        pending: list[tuple[_Catalog, polib.POEntry]] = []
        for name in selected:
            item = catalogs.get(name)
            if item is None:
                continue
            for entry in item.catalog:
                # A reviewed entry loses the claim, as update does, so that
                # the catalog never says a translator's text is a draft.
                if mark_reviewed(entry):
                    item.dirty = True
                if not _pending(entry, retranslate_machine):
                    continue
                found = memory.exact(entry.msgid)
                if found is not None:
                    item.fill(entry, found.target, [MEMORY_PREFIX + found.origin], fuzzy=False)
                    result.memory += 1
                elif not entry.msgstr and min_similarity < 100:
                    # Fuzzy matches fill only what is empty: a draft is redone
                    # by the engine, as before.
                    fuzzy_wanted.append((item, entry))
                else:
                    pending.append((item, entry))
        matches = memory.fuzzy_many([entry.msgid for _, entry in fuzzy_wanted], min_similarity)
        for (item, entry), match in zip(fuzzy_wanted, matches):
            if match is None:
                pending.append((item, entry))
                continue
            item.fill(entry, match.target, [memory_note(match)], fuzzy=True,
                      previous=match.source)
            result.memory_fuzzy += 1
        for item in catalogs.values():
            if item.write():
                result.files.append(item.display)
                if state is not None:
                    state.wrote(item.path, item.data)
                    written[id(item)] = (lang, item)
        work.append((lang, pending))
    total = sum(len(pending) for _, pending in work)
    done = 0
    if progress is not None:
        progress(0, total)
    for (lang, pending), result in zip(work, results):
        result.untranslated = len(pending)
        if not pending:
            continue
        try:
            machine = machines.get(names[lang])
            if machine is None:
                machine = get_engine(names[lang], **options.get(names[lang], {}))
                machines[names[lang]] = machine
            machine.check(source, lang)
            result.model = machine.describe(source, lang)
        except (ModelNotInstalled, EngineError) as error:
            result.error = str(error)
            done += len(pending)
            if progress is not None:
                progress(done, total)
            continue
        for start in range(0, len(pending), BATCH):
            batch = pending[start:start + BATCH]
            drafts = _translate_batch(machine, batch, source, lang, glossary)
            touched: dict[int, _Catalog] = {}
            for (item, entry), draft in zip(batch, drafts):
                if not draft.text.strip():
                    continue
                # The checksum is of the msgstr as written, newlines included.
                text = _shape(entry.msgid, draft.text)
                item.fill(entry, text, [machine_note(result.model, text)] + draft.problems,
                          fuzzy=True)
                touched[id(item)] = item
                result.machine += 1
                result.untranslated -= 1
                if draft.problems:
                    result.flagged += 1
            for item in touched.values():
                if not item.write():
                    continue
                if state is not None:
                    state.wrote(item.path, item.data)
                    written[id(item)] = (lang, item)
                if item.display not in result.files:
                    result.files.append(item.display)
            done += len(batch)
            _report(progress, done, total, machine)
        result.files.sort()
    if state is not None:
        for lang, item in written.values():
            # What the next run would find in the bytes written: read once
            # more now, so that it need not.
            name = next(name for name, other in loaded[lang].items() if other is item)
            catalog = parse_po_bytes(item.data, item.display)
            digest = digest_bytes(item.data)
            state.put(f"mt:{lang}/{name}", {"catalog": digest}, catalog_facts(catalog))
            state.put_memory_pairs(lang, item.display, digest, catalog_pairs(catalog))
    return results


def _memory_pairs(state: RunState | None, language: str, display: str, path: Path, digest: str,
                  pairs: list | None) -> list[tuple[str, str]]:
    """The reviewed pairs (:func:`catalog_pairs`) of a catalog left unread,
    for the memory: from the state's record of its bytes, or read now."""
    if pairs is None and state is not None:
        pairs = state.memory_pairs(language, display, digest)
    if pairs is None:
        data = path.read_bytes()
        pairs = catalog_pairs(parse_po_bytes(data, display))
        if state is not None:
            state.put_memory_pairs(language, display, digest_bytes(data), pairs)
    return pairs


def _report(progress: Callable[..., None] | None, done: int, total: int,
            engine: Engine) -> None:
    """Progress after a batch, with what the engine says it is using (a
    pool's servers: ``2/2 servers``) for a callback that takes a ``note``."""
    if progress is None:
        return
    activity = getattr(engine, "activity", None)
    try:
        takes_note = activity is not None and "note" in inspect.signature(progress).parameters
    except (TypeError, ValueError):  # a callable without a signature
        takes_note = False
    if takes_note:
        progress(done, total, note=activity())
    else:
        progress(done, total)


def _translate_batch(engine: Engine, batch: list[tuple[_Catalog, polib.POEntry]], source: str,
                     target: str, glossary: Glossary | None) -> list[Draft]:
    """Translate a batch of entries, those of each document format together,
    so that each format's inline markup is protected."""
    drafts: list[Draft | None] = [None] * len(batch)
    groups: dict[str, list[int]] = {}
    for index, (item, _) in enumerate(batch):
        groups.setdefault(item.format.name, []).append(index)
    for indexes in groups.values():
        found = translate_texts(engine, [batch[i][1].msgid for i in indexes], source, target,
                                glossary, batch[indexes[0]][0].format)
        for i, draft in zip(indexes, found):
            drafts[i] = draft
    return [draft or Draft("") for draft in drafts]
