"""Benchmark of the workflow on a large corpus, against GNU msgmerge.

Generates 200 documents x 50 paragraphs, as plain text and as the same
Markdown, then times each step as a whole `translate` process (start-up
included), for one target language:

    extract                   (no templates yet)
    update                    (creates the catalogs)
    update, no change
    extract after edits       (1,000 paragraphs edited, 200 added, 200 deleted)
    update after edits
    build

GNU msgmerge --previous runs on the same templates and catalogs (one process
per catalog, as a Makefile does it) and its time is printed beside ours.

Usage:  python bench/bench_workflow.py [--documents 200] [--paragraphs 50]
The figures are printed, never asserted: the test suite does not time anything.
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

from translate.po import format_po, read_po  # noqa: E402

WORDS = ("police agency cooperation conference delegates region crime terrorism organized "
         "secretariat committee member states operation wildlife trafficking drugs cyber "
         "officers border training support experience protection species exchange data "
         "the of and to in a for with on by at from that this which was were is are has "
         "have been will would international national regional African Russian European "
         "General Interpol Afripol Kigali Rwanda Europe Lyon Moscow programme project").split()

PYPROJECT = """[tool.translate]
source_language = "en"
languages = ["fr"]
"""


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 22))]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 4)))


def as_markdown(paragraphs: list[str]) -> str:
    out = []
    for index, text in enumerate(paragraphs):
        if index % 10 == 0:
            out.append("## " + text.split(".")[0])
        elif index % 7 == 0:
            out.append("- " + text.replace(". ", ".\n- ", 2))
        elif index % 5 == 0:
            out.append(text.replace(" the ", " *the* ", 1).replace(" data ", " [data](https://example.org/data) ", 1))
        else:
            out.append(text)
    return "\n\n".join(out) + "\n"


def write_corpus(folder: Path, documents: list[list[str]], markdown: bool) -> None:
    source = folder / "source"
    if source.exists():
        shutil.rmtree(source)
    source.mkdir(parents=True)
    for number, paragraphs in enumerate(documents):
        if markdown:
            (source / f"doc{number:03}.md").write_text(as_markdown(paragraphs), encoding="utf-8")
        else:
            (source / f"doc{number:03}.txt").write_text("\n\n".join(paragraphs) + "\n",
                                                         encoding="utf-8")


def edit(documents: list[list[str]], rng: random.Random, edits: int, adds: int,
         deletes: int) -> list[list[str]]:
    """Edit `edits` paragraphs (a few words each), add `adds`, delete `deletes`,
    spread evenly over the documents."""
    out = [list(doc) for doc in documents]
    count = len(out)
    for index in range(edits):
        doc = out[index % count]
        position = (index // count) * 7 % len(doc)
        words = doc[position].split(" ")
        for _ in range(2):
            words[rng.randrange(len(words))] = rng.choice(WORDS)
        doc[position] = " ".join(words)
    for index in range(deletes):
        doc = out[index % count]
        del doc[(index * 13 + 3) % len(doc)]
    for index in range(adds):
        doc = out[index % count]
        doc.insert((index * 11 + 5) % len(doc), paragraph(rng))
    return out


def timed(args: list[str], cwd: Path) -> float:
    env = dict(os.environ, TRANSLATE_NO_PROGRESS="1")
    start = time.perf_counter()
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stderr}")
    return elapsed


def translate_command() -> list[str]:
    return [sys.executable, "-m", "translate"]


def fill_catalogs(folder: Path) -> None:
    """Stand in for the translators: every entry gets a translation."""
    for path in (folder / "locales" / "fr").glob("*.po"):
        catalog = read_po(path)
        for entry in catalog:
            if not entry.msgstr:
                entry.msgstr = "FR " + entry.msgid
        path.write_text(format_po(catalog), encoding="utf-8")


def run_msgmerge(folder: Path, target: Path) -> float:
    """GNU msgmerge --previous on every catalog, one process each."""
    msgmerge = shutil.which("msgmerge")
    if msgmerge is None:
        return float("nan")
    target.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for po in sorted((folder / "locales" / "fr").glob("*.po")):
        pot = folder / "locales" / "templates" / (po.name[:-3] + ".pot")
        subprocess.run([msgmerge, "--previous", "-q", "-o", str(target / po.name), str(po),
                        str(pot)], check=True)
    return time.perf_counter() - start


def agreement(folder: Path, gnu: Path) -> str:
    """How many of our catalogs are byte-identical to msgmerge's output."""
    same = total = 0
    for path in sorted((folder / "locales" / "fr").glob("*.po")):
        total += 1
        same += (gnu / path.name).read_bytes() == path.read_bytes()
    return f"{same}/{total} catalogs byte-identical to msgmerge's"


def bench(kind: str, documents: list[list[str]], edited: list[list[str]], work: Path) -> None:
    markdown = kind == "markdown"
    folder = work / kind
    folder.mkdir()
    (folder / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    write_corpus(folder, documents, markdown)
    cmd = translate_command()
    rows: list[tuple[str, float, float | None]] = []
    rows.append(("extract", timed(cmd + ["extract"], folder), None))
    rows.append(("update (creates catalogs)", timed(cmd + ["update"], folder), None))
    fill_catalogs(folder)
    snapshot = work / f"{kind}-before"
    shutil.copytree(folder / "locales" / "fr", snapshot)
    gnu_same = run_msgmerge(folder, work / f"{kind}-gnu-same")
    rows.append(("update, no change", timed(cmd + ["update"], folder), gnu_same))
    write_corpus(folder, edited, markdown)
    rows.append(("extract after edits", timed(cmd + ["extract"], folder), None))
    gnu_edit = run_msgmerge(folder, work / f"{kind}-gnu-edit")
    rows.append(("update after edits", timed(cmd + ["update"], folder), gnu_edit))
    note = agreement(folder, work / f"{kind}-gnu-edit") if shutil.which("msgmerge") else ""
    rows.append(("build (1 language)", timed(cmd + ["build", "--min-complete", "0"], folder), None))
    entries = sum(len(read_po(p)) for p in (folder / "locales" / "fr").glob("*.po"))
    print(f"\n{kind}: {len(documents)} documents, {entries} entries in the French catalogs")
    print(f"  {'step':28} {'translate':>10} {'GNU msgmerge':>13}")
    for name, ours, theirs in rows:
        other = f"{theirs:12.2f}s" if theirs is not None else ""
        print(f"  {name:28} {ours:9.2f}s {other:>13}")
    if note:
        print(f"  after edits: {note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--paragraphs", type=int, default=50)
    parser.add_argument("--edits", type=int, default=1000)
    parser.add_argument("--adds", type=int, default=200)
    parser.add_argument("--deletes", type=int, default=200)
    parser.add_argument("--only", choices=["text", "markdown"])
    options = parser.parse_args()
    rng = random.Random(20191205)
    documents = [[paragraph(rng) for _ in range(options.paragraphs)]
                 for _ in range(options.documents)]
    edited = edit(documents, rng, options.edits, options.adds, options.deletes)
    with tempfile.TemporaryDirectory(prefix="translate-bench-") as temp:
        for kind in ("text", "markdown"):
            if options.only in (None, kind):
                bench(kind, documents, edited, Path(temp))


if __name__ == "__main__":
    main()
