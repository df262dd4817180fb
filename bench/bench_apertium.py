"""Apertium benchmark: glossary term accuracy on the sample, and speed.

Accuracy.  The 15 segments of the sample release (its template) go into
Spanish twice through the apertium engine: raw (the segments as they are, no
glossary), and through :func:`translate.mt.translate_texts` with the glossary
(terms protected, restored and enforced).  Each output is verified with
``Glossary.verify``; the figure is the share of term occurrences (one per
concept and segment, as the verification counts them) rendered in an accepted
form (``ok`` or ``ok-inflected``).  The raw engine runs ``apertium -u``,
without the ``*`` marks of unknown words, which ``apertium`` prints by default
and which would only lower the raw figure.

Speed.  500 paragraphs of the benchmark corpus of ``bench_workflow.py`` (same
generator, same seed), translated by the engine (one ``apertium`` process for
all of them) and by one ``apertium -u -f html eng-spa`` process per paragraph,
as a naive integration does.  One warm-up call first, not timed.

Usage:  python bench/bench_apertium.py [--paragraphs 500]
The figures are printed, never asserted: the test suite does not time anything.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import polib  # noqa: E402
from bench_workflow import paragraph  # noqa: E402

from translate.engines.apertium import ApertiumEngine  # noqa: E402
from translate.glossary import Glossary, load_glossary  # noqa: E402

TEMPLATE = ROOT / "locales" / "templates" / "interpol-african-regional-conference.txt.pot"
ACCEPTED = {"ok", "ok-inflected"}
SEED = 20191205


def accuracy(glossary: Glossary, sources: list[str], outputs: list[str]) -> tuple[int, int, Counter]:
    """(accepted, all, statuses of the others by term) over the outputs."""
    accepted = total = 0
    wrong: Counter = Counter()
    for source, output in zip(sources, outputs):
        for check in glossary.verify(source, output, "es"):
            total += 1
            if check.status in ACCEPTED:
                accepted += 1
            else:
                wrong[f"{check.term} ({check.status})"] += 1
    return accepted, total, wrong


def report(label: str, result: tuple[int, int, Counter]) -> None:
    accepted, total, wrong = result
    print(f"  {label:<28} {accepted:>3} / {total} = {100 * accepted / total:5.1f} %")
    for term, count in sorted(wrong.items()):
        print(f"      not accepted: {term}" + (f" x{count}" if count > 1 else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--paragraphs", type=int, default=500)
    options = parser.parse_args()

    engine = ApertiumEngine()
    engine.check("en", "es")
    print(f"engine: {engine.describe('en', 'es')}")

    glossary = load_glossary(ROOT / "glossary.csv")
    sources = [entry.msgid for entry in polib.pofile(str(TEMPLATE)) if entry.msgid]
    print(f"\nglossary term accuracy, {len(sources)} segments of the sample into Spanish:")
    raw = [hypotheses[0] for hypotheses in engine.translate(sources, "en", "es")]
    report("raw Apertium", accuracy(glossary, sources, raw))
    try:
        from translate.mt import translate_texts
    except ImportError:
        print("  glossary-enforced            (translate.mt.translate_texts not available)")
    else:
        drafts = translate_texts(engine, sources, "en", "es", glossary=glossary)
        report("glossary-enforced Apertium", accuracy(glossary, sources,
                                                      [draft.text for draft in drafts]))

    rng = random.Random(SEED)
    paragraphs = [paragraph(rng) for _ in range(options.paragraphs)]
    words = sum(len(text.split()) for text in paragraphs)
    print(f"\nspeed, {len(paragraphs)} paragraphs ({words:,} words) of the benchmark corpus:")
    engine.translate(paragraphs[:1], "en", "es")
    start = time.perf_counter()
    engine.translate(paragraphs, "en", "es")
    batched = time.perf_counter() - start
    start = time.perf_counter()
    for text in paragraphs:
        subprocess.run(["apertium", "-u", "-f", "html", "eng-spa"], input=text.encode(),
                       capture_output=True, check=True)
    separate = time.perf_counter() - start
    for label, seconds in [("engine (one process)", batched),
                           ("one process per segment", separate)]:
        print(f"  {label:<28} {seconds:7.2f} s  {len(paragraphs) / seconds:8.1f} segments/s")
    print(f"  speed-up                     {separate / batched:7.1f} x")


if __name__ == "__main__":
    main()
