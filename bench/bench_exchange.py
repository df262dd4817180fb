"""Benchmark of the exchange formats against translate-toolkit, whole processes.

1. XLIFF export and import of 200 documents x 50 paragraphs (10,000 units)
   for one language: `translate export --all` (XLIFF 1.2 and 2.0) against
   translate-toolkit's `po2xliff` on the same catalogs (one process for the
   whole folder), and `translate import` (into emptied catalogs) against
   `xliff2po`.
2. Memory lookup of 10,000 new segments against a 100,000-pair TMX: a
   process that reads the TMX and looks every segment up with
   `translate.memory`, against `pot2po --tm` (translate-toolkit's fast
   matcher: RapidFuzz), and whether both chose the same matches.

translate-toolkit runs from its own environment (.venv-tools/translate-toolkit,
made by .ci/run).  Usage:

    python bench/bench_exchange.py [--documents 200] [--paragraphs 50]
                                   [--pairs 100000] [--queries 10000]
                                   [--repeat 3] [--skip-xliff] [--skip-memory]

With --repeat N each XLIFF step runs N times, ours and translate-toolkit's in
turn, and the fastest of each is printed (the machine is shared: the load
average is printed too).  The figures are printed, never asserted.

What is compared: xliff2po only converts, writing new PO files; `translate
import` merges into the existing catalogs (it reads and parses them, matches
every unit by id, text or previous source, keeps every conflict rule and
reviewed entry, checks inline codes) and writes the changed catalogs
durably (flushed to the disk before the rename, as every catalog write).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import polib  # noqa: E402

from bench_workflow import PYPROJECT, WORDS, paragraph, sentence, write_corpus  # noqa: E402
from translate.exchange.tmx import Pair, write_tmx  # noqa: E402
from translate.po import format_po, read_po  # noqa: E402

TOOLKIT = ROOT / ".venv-tools" / "translate-toolkit" / "bin"


def timed(args: list[str], cwd: Path) -> float:
    env = dict(os.environ, TRANSLATE_NO_PROGRESS="1")
    start = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return elapsed


def ours(*args: str) -> list[str]:
    return [sys.executable, "-m", "translate", *args]


def fill(folder: Path, empty: bool = False) -> None:
    """Translate every entry (reviewed), or empty every translation."""
    for path in sorted((folder / "locales/fr").glob("*.po")):
        catalog = read_po(path)
        for entry in catalog:
            entry.msgstr = "" if empty else "FR " + entry.msgid[::-1]
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        path.write_text(format_po(catalog), encoding="utf-8")


def exchange(folder: Path, documents: int, paragraphs: int, repeat: int = 1) -> None:
    rng = random.Random(14)
    corpus = [[paragraph(rng) for _ in range(paragraphs)] for _ in range(documents)]
    folder.mkdir(parents=True)
    (folder / "pyproject.toml").write_text(PYPROJECT + 'glossary = ""\n', encoding="utf-8")
    write_corpus(folder, corpus, markdown=True)
    timed(ours("extract"), folder)
    timed(ours("update"), folder)
    fill(folder)
    units = sum(1 for path in (folder / "locales/fr").glob("*.po") for e in read_po(path)
                if e.msgid)
    print(f"{documents} Markdown documents x {paragraphs} paragraphs: {units} units (fr)")
    best: dict[str, float] = {}

    def keep(label: str, seconds: float) -> None:
        best[label] = min(seconds, best.get(label, seconds))

    for round_ in range(repeat):
        for version in ("xliff", "xliff2"):
            shutil.rmtree(folder / f"out-{version}", ignore_errors=True)  # written, every time
            keep(f"export, XLIFF {'1.2' if version == 'xliff' else '2.0'}",
                 timed(ours("export", "--all", "--format", version, "-o",
                            f"out-{version}/fr.xlf"), folder))
        shutil.rmtree(folder / "tk-xliff", ignore_errors=True)
        keep("po2xliff", timed([str(TOOLKIT / "po2xliff"), "locales/fr", "tk-xliff"], folder))
    for round_ in range(repeat):
        for version in ("xliff", "xliff2"):
            fill(folder, empty=True)
            keep(f"import, XLIFF {'1.2' if version == 'xliff' else '2.0'}",
                 timed(ours("import", f"out-{version}/fr.xlf"), folder))
        shutil.rmtree(folder / "tk-po", ignore_errors=True)
        keep("xliff2po", timed([str(TOOLKIT / "xliff2po"), "tk-xliff", "tk-po"], folder))
    toolkit_export, toolkit_import = best.pop("po2xliff"), best.pop("xliff2po")
    results = list(best.items())
    print(f"{'step':<24}{'translate':>11}{'toolkit':>11}{'ratio':>8}")
    for label, seconds in results:
        peer = toolkit_export if label.startswith("export") else toolkit_import
        print(f"{label:<24}{seconds:>10.2f}s{peer:>10.2f}s{peer / seconds:>7.1f}x")


LOOKUP = """
import sys, time
from pathlib import Path
import polib
from translate.memory import TranslationMemory, read_memory_file
pairs = read_memory_file(Path(sys.argv[1]), "tm.tmx", "en", "fr")
memory = TranslationMemory("fr")
memory.add("tm.tmx", pairs)
queries = [e.msgid for e in polib.pofile(sys.argv[2]) if e.msgid]
matches = memory.fuzzy_many(queries, 75)
with open(sys.argv[3], "w", encoding="utf-8") as out:
    for query, match in zip(queries, matches):
        out.write((match.target if match else "") + "\\n")
"""


def lookup(folder: Path, pairs_count: int, queries_count: int) -> None:
    rng = random.Random(15)
    vocabulary = WORDS + [f"{word}{suffix}" for word in WORDS for suffix in ("s", "ed", "ing")]
    sources = list(dict.fromkeys(
        " ".join(rng.choice(vocabulary) for _ in range(rng.randint(8, 22))).capitalize() + "."
        for _ in range(pairs_count)))
    pairs = [Pair("fr", source, f"FR {index}") for index, source in enumerate(sources)]
    (folder / "tm.tmx").write_bytes(write_tmx(pairs, "en", "bench"))
    queries: list[str] = []
    while len(queries) < queries_count:
        if len(queries) % 3 == 0:
            words = rng.choice(sources).split(" ")
            for _ in range(rng.randint(1, 3)):
                words[rng.randrange(len(words))] = rng.choice(vocabulary)
            queries.append(" ".join(words))
        else:
            queries.append(sentence(rng))
    queries = list(dict.fromkeys(queries))
    pot = polib.POFile()
    pot.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for query in queries:
        pot.append(polib.POEntry(msgid=query, msgstr=""))
    pot.save(str(folder / "new.pot"))
    (folder / "old.po").write_text('msgid ""\nmsgstr ""\n'
                                   '"Content-Type: text/plain; charset=UTF-8\\n"\n',
                                   encoding="utf-8")
    print(f"memory: {len(queries)} new segments against a {len(pairs)}-pair TMX")
    mine = timed([sys.executable, "-c", LOOKUP, "tm.tmx", "new.pot", "ours.txt"], folder)
    theirs = timed([str(TOOLKIT / "pot2po"), "--tm", "tm.tmx", "-t", "old.po", "-i", "new.pot",
                    "-o", "theirs.po"], folder)
    our_targets = (folder / "ours.txt").read_text(encoding="utf-8").split("\n")[:len(queries)]
    their_targets = {e.msgid: e.msgstr for e in polib.pofile(str(folder / "theirs.po"))}
    same = sum(1 for query, target in zip(queries, our_targets)
               if their_targets.get(query, "") == target)
    found = sum(1 for target in our_targets if target)
    print(f"{'lookup':<24}{mine:>10.2f}s{theirs:>10.2f}s{theirs / mine:>7.1f}x")
    print(f"matches found: {found}; the same choice as pot2po for {same} of {len(queries)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--paragraphs", type=int, default=50)
    parser.add_argument("--pairs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=1,
                        help="run each XLIFF step this many times, keep the fastest")
    parser.add_argument("--skip-xliff", action="store_true")
    parser.add_argument("--skip-memory", action="store_true")
    options = parser.parse_args()
    # Bytecode for our package, as an installed package has (the peers'
    # have): with PYTHONDONTWRITEBYTECODE set, each process would compile it.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "translate")],
                   check=True)
    if not (TOOLKIT / "pot2po").exists():
        raise SystemExit("translate-toolkit is not installed in .venv-tools/translate-toolkit "
                         "(run .ci/run, or see its block)")
    folder = Path(tempfile.mkdtemp(prefix="bench-exchange-"))
    print("load average: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    try:
        if not options.skip_xliff:
            exchange(folder / "xliff", options.documents, options.paragraphs,
                     max(1, options.repeat))
        if not options.skip_memory:
            (folder / "memory").mkdir()
            lookup(folder / "memory", options.pairs, options.queries)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        print("load average: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
