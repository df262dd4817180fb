"""Benchmark of the glossary: finding terms and verifying translations.

Builds a glossary of 2,000 concepts (one to four words each, with a variant
and a target form per language), 10,000 source segments of about 40 words that
use some of them, and a translation of each segment; then times

* building the matcher (once per run of a command);
* finding the terms in the 10,000 segments (target: at most 0.5 s);
* verifying the 10,000 translated entries, in French and in Russian, the
  latter with Snowball stemming (target: at most 1 s).

Usage:  python bench/bench_glossary.py [--terms 2000] [--segments 10000]
The figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translate.glossary import Glossary, Term  # noqa: E402

FILLER = ("the of and to in for with on by at from that this was were is are has have "
          "police crime cooperation conference delegates region agency officers border").split()
SYLLABLES = "ka lo mi ne ru sa to vi be do fe gi ha ju ko la".split()
RU_FILLER = "и в на с по для что это было были полиция преступность сотрудничество".split()
RU_ENDINGS = ["", "а", "у", "ом", "е", "ы"]


def word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def make_glossary(rng: random.Random, count: int) -> Glossary:
    terms = []
    seen = set()
    while len(terms) < count:
        words = [word(rng) for _ in range(rng.randint(1, 4))]
        english = " ".join(w.capitalize() for w in words)
        if english.casefold() in seen:
            continue
        seen.add(english.casefold())
        keep = len(terms) % 10 == 0
        targets = {} if keep else {
            "fr": ("le " + " ".join(w[::-1] for w in words),),
            "ru": (" ".join("ру" + w[::-1] for w in words),),
        }
        terms.append(Term(line=len(terms) + 2, term=english, variants=(english + "s",),
                          kind="keep" if keep else "term", targets=targets))
    return Glossary(terms)


def make_corpus(rng: random.Random, glossary: Glossary, count: int):
    sources, french, russian = [], [], []
    for _ in range(count):
        en, fr, ru = [], [], []
        for _ in range(rng.randint(30, 45)):
            if rng.random() < 0.08:
                term = rng.choice(glossary.terms)
                en.append(term.term)
                if term.kind == "keep":
                    fr.append(term.term)
                    ru.append(term.term)
                else:
                    fr.append(term.targets["fr"][0])
                    ending = rng.choice(RU_ENDINGS)
                    ru.append(" ".join(w + ending for w in term.targets["ru"][0].split()))
            else:
                en.append(rng.choice(FILLER))
                fr.append(rng.choice(FILLER)[::-1])
                ru.append(rng.choice(RU_FILLER))
        sources.append(" ".join(en) + ".")
        french.append(" ".join(fr) + ".")
        russian.append(" ".join(ru) + ".")
    return sources, french, russian


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--terms", type=int, default=2000)
    parser.add_argument("--segments", type=int, default=10000)
    options = parser.parse_args()
    rng = random.Random(7)
    prototype = make_glossary(rng, options.terms)
    sources, french, russian = make_corpus(rng, prototype, options.segments)

    start = time.perf_counter()
    glossary = Glossary(prototype.terms)
    build = time.perf_counter() - start

    start = time.perf_counter()
    found = sum(len(glossary.find(text)) for text in sources)
    finding = time.perf_counter() - start

    timings = {}
    problems = {}
    for language, translations in (("fr", french), ("ru", russian)):
        # A fresh glossary: verifying includes finding the terms of each source.
        fresh = Glossary(prototype.terms)
        start = time.perf_counter()
        checks = [fresh.verify(s, t, language) for s, t in zip(sources, translations)]
        timings[language] = time.perf_counter() - start
        problems[language] = sum(1 for entry in checks for check in entry if check.is_problem)

    print(f"glossary: {len(glossary)} concepts; corpus: {len(sources)} segments, "
          f"{found} term occurrences")
    print(f"  build the matcher                      {build:6.3f} s")
    print(f"  find terms in {len(sources)} segments          {finding:6.3f} s   (target 0.5 s)")
    for language in ("fr", "ru"):
        print(f"  verify {len(sources)} {language} entries (terms found anew)"
              f"{timings[language]:6.3f} s   (target 1 s; {problems[language]} problems)")


if __name__ == "__main__":
    main()
