"""Benchmark of `translate check`, the CI gate, against GNU msgfmt --check.

Builds a project of 200 documents x 50 paragraphs in four languages (10,000
segments a language) from the sample press release: every paragraph is a
paragraph of the sample with a reference number of its own, translated by the
sample's reviewed Russian, French, Spanish and Arabic translations with the
same number, so that every check (glossary, markup, numbers, language) runs
on real text and every segment is different.  Then it times

* a whole `translate check` process on that project (start-up included;
  target: 1.0 s or less);
* GNU `msgfmt --check` on the same 800 catalogs, one process each, as a
  Makefile runs it;
* the cold start of `translate check` on the sample itself (target: 0.4 s or
  less);

and prints the modules a check imports that it must not (argostranslate,
ctranslate2, stanza, torch).

Usage:  python bench/bench_check.py [--documents 200] [--paragraphs 50] [--runs 5]
The figures are printed, never asserted: the test suite does not time anything.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translate.po import format_po, read_po  # noqa: E402

SAMPLE = "interpol-african-regional-conference.txt"
LANGUAGES = ("ru", "fr", "es", "ar")
PYPROJECT = """[tool.translate]
source_language = "en"
languages = ["ru", "fr", "es", "ar"]
"""
FORBIDDEN = ("argostranslate", "ctranslate2", "stanza", "torch")


def sample_pairs() -> dict[str, dict[str, str]]:
    """msgid -> language -> translation, for the sample's paragraphs that end
    a sentence (so that a number can follow them)."""
    pairs: dict[str, dict[str, str]] = {}
    for language in LANGUAGES:
        for entry in read_po(ROOT / "locales" / language / f"{SAMPLE}.po"):
            if entry.msgstr and not entry.obsolete and entry.msgid.endswith("."):
                pairs.setdefault(entry.msgid, {})[language] = entry.msgstr
    return {msgid: tr for msgid, tr in pairs.items() if len(tr) == len(LANGUAGES)}


def make_project(folder: Path, documents: int, paragraphs: int) -> int:
    pairs = sample_pairs()
    sources = sorted(pairs)
    (folder / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    shutil.copy(ROOT / "glossary.csv", folder / "glossary.csv")
    (folder / "source").mkdir()
    translations: dict[str, dict[str, str]] = {}
    number = 1000
    for doc in range(documents):
        out = []
        for index in range(paragraphs):
            number += 1
            msgid = sources[(doc + index) % len(sources)]
            text = f"{msgid} Ref. {number}."
            translations[text] = {lang: f"{tr} {number}." for lang, tr in pairs[msgid].items()}
            out.append(text)
        (folder / "source" / f"doc{doc:03}.txt").write_text("\n\n".join(out) + "\n",
                                                             encoding="utf-8")
    run([*translate(), "extract"], folder)
    run([*translate(), "update"], folder)
    entries = 0
    for language in LANGUAGES:
        for path in sorted((folder / "locales" / language).glob("*.po")):
            catalog = read_po(path)
            for entry in catalog:
                if not entry.obsolete:
                    entry.msgstr = translations[entry.msgid][language]
                    entries += 1
            path.write_text(format_po(catalog), encoding="utf-8")
    return entries


def translate() -> list[str]:
    return [sys.executable, "-m", "translate"]


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, TRANSLATE_NO_PROGRESS="1")
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)


def timed(args: list[str], cwd: Path, runs: int, expect: int = 0) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = run(args, cwd)
        times.append(time.perf_counter() - start)
        if result.returncode != expect:
            raise SystemExit(f"{' '.join(args)} exited with {result.returncode}:\n"
                             f"{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return statistics.median(times)


def msgfmt_check(folder: Path) -> float:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return float("nan")
    start = time.perf_counter()
    for language in LANGUAGES:
        for path in sorted((folder / "locales" / language).glob("*.po")):
            subprocess.run([msgfmt, "--check", "-o", os.devnull, str(path)], check=True)
    return time.perf_counter() - start


def imported(cwd: Path) -> list[str]:
    code = ("import sys\nfrom typer.testing import CliRunner\nfrom translate.cli import app\n"
            "CliRunner().invoke(app, ['check'])\n"
            f"print(' '.join(m for m in {FORBIDDEN!r} if m in sys.modules))")
    return run([sys.executable, "-c", code], cwd).stdout.split()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--paragraphs", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="translate-bench-check-") as temp:
        folder = Path(temp)
        entries = make_project(folder, options.documents, options.paragraphs)
        check = timed([*translate(), "check"], folder, options.runs)
        one = timed([*translate(), "check", "--jobs", "1"], folder, options.runs)
        gnu = msgfmt_check(folder)
        print(f"{options.documents} documents x {len(LANGUAGES)} languages, {entries} "
              f"translated entries ({entries // len(LANGUAGES)} a language)")
        print(f"  translate check (whole process)         {check:6.2f} s   (target 1.0 s)")
        print(f"  translate check --jobs 1                {one:6.2f} s")
        print(f"  GNU msgfmt --check, one process a file  {gnu:6.2f} s")
    cold = timed([*translate(), "check"], ROOT, options.runs)
    print(f"  translate check on the sample (cold start) {cold:5.2f} s  (target 0.4 s)")
    print(f"  heavy modules imported by check: {', '.join(imported(ROOT)) or 'none'}")


if __name__ == "__main__":
    main()
