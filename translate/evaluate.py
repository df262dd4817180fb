"""Which engine translates each language best: ``translate eval``.

:func:`evaluate` translates the reviewed entries of the catalogs with each
engine, exactly as ``translate mt`` would (the glossary applied, each
document format's markup protected, through
:func:`translate.mt.translate_texts`), and scores the output against the
reviewed translations, per language and engine:

* **chrF++** and **BLEU**, corpus-level, computed by sacrebleu, with
  sacrebleu's signature of each (what was measured, with which version and
  settings, so that figures can be compared between teams).  BLEU counts
  words, so a language written without spaces between words is tokenized by
  characters (Chinese with sacrebleu's ``zh`` tokenizer); chrF++ needs no
  tokenizer;
* **glossary accuracy**: the share of term occurrences of the sources (one
  per concept and segment, as :meth:`Glossary.verify` counts them) that the
  output renders in an accepted form (``ok`` or ``ok-inflected``);
* **speed**: segments per second, the glossary's work included.

Nothing is written: catalogs are only read.  The reviewed translations are
the reference; where they were post-edited from one engine's drafts, that
engine has an advantage, which the figures cannot tell.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .engines import ENGINES, Engine, check_options, get_engine
from .errors import EngineError, ModelNotInstalled, TranslateError
from .glossary import Glossary, project_glossary
from .languages import get_language
from .po import read_po
from .project import Project
from .segment import DocumentFormat, format_for

__all__ = ["EngineScore", "Evaluation", "evaluate", "default_engines", "ACCEPTED"]

log = logging.getLogger(__name__)

#: Verification statuses that count as a term rendered right.
ACCEPTED = frozenset({"ok", "ok-inflected"})
#: Engines that do not translate, left out unless asked for.
NOT_TRANSLATING = frozenset({"pseudo"})
#: sacrebleu's BLEU tokenizer for scripts written without spaces between words.
_BLEU_TOKENIZERS = {"han": "zh", "japanese": "char", "thai": "char", "khmer": "char",
                    "myanmar": "char", "lao": "char", "tibetan": "char"}


@dataclass
class EngineScore:
    """How one engine did on one language's reviewed entries.

    Attributes:
        language: The target language.
        engine: The engine's name.
        model: The engine and model, as ``translate mt`` writes them ("" if
            it could not run).
        segments: Reviewed entries translated.
        chrf: chrF++ (0-100), or None if the engine could not run.
        bleu: BLEU (0-100), or None.
        terms: Term occurrences in the sources (0 without a glossary).
        terms_ok: Of those, rendered in an accepted form.
        seconds: Time the engine took, the glossary's work included.
        chrf_signature: sacrebleu's signature of the chrF++ figure.
        bleu_signature: sacrebleu's signature of the BLEU figure.
        error: Why the engine could not run ("" when it ran).
    """

    language: str
    engine: str
    model: str = ""
    segments: int = 0
    chrf: float | None = None
    bleu: float | None = None
    terms: int = 0
    terms_ok: int = 0
    seconds: float = 0.0
    chrf_signature: str = ""
    bleu_signature: str = ""
    error: str = ""

    @property
    def glossary_accuracy(self) -> float | None:
        """Percent of term occurrences rendered right (None: no terms)."""
        return 100 * self.terms_ok / self.terms if self.terms else None

    @property
    def segments_per_second(self) -> float | None:
        return self.segments / self.seconds if self.seconds > 0 else None

    def to_dict(self) -> dict:
        """The score as a JSON object, rounded as the table shows it."""
        data = asdict(self)
        for key in ("chrf", "bleu"):
            if data[key] is not None:
                data[key] = round(data[key], 2)
        data["seconds"] = round(self.seconds, 3)
        accuracy, speed = self.glossary_accuracy, self.segments_per_second
        data["glossary_accuracy"] = None if accuracy is None else round(accuracy, 2)
        data["segments_per_second"] = None if speed is None else round(speed, 1)
        return data


@dataclass
class Evaluation:
    """Every score of one ``translate eval``.

    Attributes:
        scores: One per language and engine, languages in the project's
            order, engines in the order asked.
        requested: Whether the engines were named (an engine that cannot
            run is then an error) or the default set (it is only reported).
    """

    scores: list[EngineScore] = field(default_factory=list)
    requested: bool = False

    @property
    def failed(self) -> list[EngineScore]:
        """The scores of engines that could not run."""
        return [score for score in self.scores if score.error]

    @property
    def signatures(self) -> dict[str, list[str]]:
        """sacrebleu's signatures of the figures, each once."""
        return {"chrF++": list(dict.fromkeys(s.chrf_signature for s in self.scores
                                             if s.chrf_signature)),
                "BLEU": list(dict.fromkeys(s.bleu_signature for s in self.scores
                                           if s.bleu_signature))}

    def to_dict(self) -> dict:
        return {"scores": [score.to_dict() for score in self.scores],
                "signatures": self.signatures}


def default_engines() -> list[str]:
    """The engines evaluated when none are named: every registered one that
    translates (not ``pseudo``)."""
    return [name for name in ENGINES if name not in NOT_TRANSLATING]


def _sacrebleu() -> Any:
    try:
        import sacrebleu
    except ImportError:
        raise EngineError(None, None, "sacrebleu is not installed; translate eval scores with it",
                          "pip install 'translate-workflow[eval]' (or pip install "
                          "sacrebleu)") from None
    return sacrebleu


def _bleu_tokenizer(language: str) -> str:
    return _BLEU_TOKENIZERS.get(get_language(language).script, "13a")


def _reviewed(project: Project, language: str, documents: Sequence[str]
              ) -> list[tuple[str, str, DocumentFormat]]:
    """(msgid, reviewed msgstr, format) of every reviewed singular entry of a
    language's catalogs, each msgid once (the first catalog in path order)."""
    seen: set[str] = set()
    found = []
    for name in sorted(documents):
        path = project.catalog_path(language, name)
        if not path.exists():
            continue
        fmt = format_for(name)
        for entry in read_po(path, project.relative(path)).reviewed_entries():
            if entry.msgid and not entry.msgid_plural and entry.msgid not in seen:
                seen.add(entry.msgid)
                found.append((entry.msgid, entry.msgstr, fmt))
    return found


def _translate(engine: Engine, items: list[tuple[str, str, DocumentFormat]], source: str,
               target: str, glossary: Glossary | None) -> list[str]:
    """The engine's output for each item, as ``translate mt`` makes it: the
    glossary applied, the segments of each format together."""
    from .mt import translate_texts

    out: list[str] = [""] * len(items)
    groups: dict[str, list[int]] = {}
    for index, (_, _, fmt) in enumerate(items):
        groups.setdefault(fmt.name, []).append(index)
    for indexes in groups.values():
        drafts = translate_texts(engine, [items[i][0] for i in indexes], source, target,
                                 glossary, items[indexes[0]][2])
        for index, draft in zip(indexes, drafts):
            out[index] = draft.text
    return out


def _score(score: EngineScore, sources: list[str], hypotheses: list[str],
           references: list[str], glossary: Glossary | None) -> None:
    sacrebleu = _sacrebleu()
    chrf = sacrebleu.metrics.CHRF(word_order=2)
    bleu = sacrebleu.metrics.BLEU(tokenize=_bleu_tokenizer(score.language))
    score.chrf = chrf.corpus_score(hypotheses, [references]).score
    score.bleu = bleu.corpus_score(hypotheses, [references]).score
    score.chrf_signature = str(chrf.get_signature())
    score.bleu_signature = str(bleu.get_signature())
    if glossary is not None:
        for source, hypothesis in zip(sources, hypotheses):
            for check in glossary.verify(source, hypothesis, score.language):
                score.terms += 1
                score.terms_ok += check.status in ACCEPTED


def evaluate(project: Project, languages: Iterable[str] | None = None,
             engines: Sequence[str] | None = None, documents: Iterable[str | Path] = (),
             engine_options: dict[str, dict] | None = None,
             progress: Callable[[int, int], None] | None = None) -> Evaluation:
    """Score engines on the reviewed entries of the catalogs (see the module's
    docstring).  Nothing is written.

    Args:
        project: The project.
        languages: Restrict to these languages (default: the project's).
        engines: The engines to compare (default: :func:`default_engines`).
        documents: Restrict to these documents (default: all).
        engine_options: Per engine, its constructor's options (default: the
            settings' ``engine_options``).
        progress: Called with (segments done, segments in all).

    Returns:
        One score per language and engine.  An engine that cannot run for a
        language (no model, no server) has its ``error`` set; the others are
        still scored.

    Raises:
        EngineError: An unknown engine name, or sacrebleu is not installed.
        ConfigError: An engine option the engine does not take.
        CatalogSyntaxError: A catalog does not parse.
        GlossaryError: The glossary is malformed.
    """
    requested = engines is not None and len(engines) > 0
    names = list(dict.fromkeys(engines)) if requested else default_engines()
    for name in names:
        if name not in ENGINES:
            raise EngineError(None, None, f"unknown engine {name!r}",
                              "use one of " + ", ".join(sorted(ENGINES)))
    _sacrebleu()
    options = project.settings.engine_options if engine_options is None else engine_options
    for name in names:
        if name in options:
            check_options(name, options[name])
    glossary = project_glossary(project)
    langs = project.target_languages(languages)
    selected = project.translated_documents(documents)
    source = project.settings.source_language
    work = {lang: _reviewed(project, lang, selected) for lang in langs}
    total = sum(len(items) for items in work.values()) * len(names)
    done = 0
    if progress is not None:
        progress(0, total)
    machines: dict[str, Engine | TranslateError] = {}
    result = Evaluation(requested=requested)
    for lang in langs:
        items = work[lang]
        for name in names:
            score = EngineScore(lang, name, segments=len(items))
            result.scores.append(score)
            try:
                machine = machines.get(name)
                if machine is None:
                    # Built once, shared by the languages; one that cannot
                    # be built (argostranslate missing) fails each of them.
                    try:
                        machine = get_engine(name, **options.get(name, {}))
                    except EngineError as error:
                        machine = error
                    machines[name] = machine
                if isinstance(machine, TranslateError):
                    raise machine
                machine.check(source, lang)
                score.model = machine.describe(source, lang)
                if items:
                    started = time.perf_counter()
                    hypotheses = _translate(machine, items, source, lang, glossary)
                    score.seconds = time.perf_counter() - started
                    _score(score, [i[0] for i in items], hypotheses, [i[1] for i in items],
                           glossary)
            except (ModelNotInstalled, EngineError) as error:
                score.error = str(error)
                score.segments = 0
            done += len(items)
            if progress is not None:
                progress(done, total)
    return result
