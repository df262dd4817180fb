"""Prove that two revisions of the tool write the same bytes.

A restructuring must not change behaviour.  This script exports each
revision given (``git archive``), runs the same workflow with each on fresh
copies of the same projects, and compares every file they write and every
output they print:

* the benchmark corpora of ``bench_workflow.py`` (plain text and Markdown,
  with the sample's glossary), and the sample project of this repository;
* ``extract``, ``update``, ``mt --engine pseudo`` (French),
  ``mt --engine argos`` with the test package en->eo (a few documents),
  an edit of the documents then ``extract`` and ``update`` again,
  ``build --include-fuzzy --min-complete 0``, ``stats --format json``,
  ``glossary check --format json`` and ``check`` in every ``--format``.

Usage:
    python bench/same_outputs.py                  # HEAD against the working tree
    python bench/same_outputs.py --rev A --rev B  # two revisions
    python bench/same_outputs.py --documents 40   # smaller corpora

It prints the files that differ and exits with 1 when any does.  It times
nothing and asserts nothing in the test suite: run it by hand, before and
after a refactoring.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import bench_workflow as corpus  # noqa: E402

EPOCH = "1767323040"
ARGOS_PACKAGE = ROOT / "tests" / "data" / "argos" / "translate-en_eo-1_0.argosmodel"

PYPROJECT = """[tool.translate]
source_language = "en"
languages = ["fr", "eo"]
glossary = "glossary.csv"
"""


def export(revision: str, folder: Path) -> Path:
    """The tool's package at a revision ("" for the working tree)."""
    folder.mkdir(parents=True)
    if not revision:
        shutil.copytree(ROOT / "translate", folder / "translate",
                        ignore=shutil.ignore_patterns("__pycache__"))
        return folder
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision, "translate"],
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def projects(work: Path, documents: int, paragraphs: int) -> dict[str, Path]:
    """Fresh projects: the two benchmark corpora and the sample."""
    rng = random.Random(7)
    texts = [[corpus.paragraph(rng) for _ in range(paragraphs)] for _ in range(documents)]
    out = {}
    for kind, markdown in (("text", False), ("markdown", True)):
        folder = work / kind
        folder.mkdir(parents=True)
        (folder / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
        shutil.copy(ROOT / "glossary.csv", folder / "glossary.csv")
        corpus.write_corpus(folder, texts, markdown)
        out[kind] = folder
    sample = work / "sample"
    sample.mkdir()
    for name in ("pyproject.toml", "glossary.csv"):
        shutil.copy(ROOT / name, sample / name)
    for name in ("source", "locales"):
        shutil.copytree(ROOT / name, sample / name)
    out["sample"] = sample
    return out


def edit_documents(folder: Path) -> None:
    """Change some paragraphs, so that update makes fuzzy and obsolete entries."""
    for number, path in enumerate(sorted((folder / "source").iterdir())):
        if number % 3:
            continue
        text = path.read_text(encoding="utf-8")
        text = text.replace(" the ", " the new ", 2).replace("police", "Police", 1)
        path.write_text(text, encoding="utf-8")


def steps(folder: Path, kind: str) -> list[tuple[str, list[str]]]:
    names = sorted(p.relative_to(folder).as_posix() for p in (folder / "source").iterdir())
    out = [
        ("extract", ["extract"]),
        ("update", ["update"]),
        ("mt-pseudo", ["mt", "--engine", "pseudo", "--lang", "fr"]),
    ]
    if kind != "sample":
        out.append(("mt-argos", ["mt", "--engine", "argos", "--lang", "eo", *names[:6]]))
    out += [
        ("edit", []),
        ("extract-2", ["extract"]),
        ("update-2", ["update"]),
        ("build", ["build", "--include-fuzzy", "--min-complete", "0"]),
        ("stats", ["stats", "--format", "json"]),
        ("glossary-check", ["glossary", "check", "--format", "json"]),
    ]
    for fmt in ("text", "json", "github", "junit"):
        out.append((f"check-{fmt}", ["check", "--format", fmt, "--min-complete", "0"]))
    return out


#: Caches that hold a digest of the tool's own code, and so differ between
#: any two revisions by design (their effect is in every other output).
CACHES = ("build/.translate-check-cache.json", "build/.translate-state/",
          "build/site/.translate-site.json")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def run_revision(package: Path, work: Path, documents: int, paragraphs: int,
                 argos_home: Path) -> dict[str, str]:
    """Every file and output of the workflow with one revision, hashed."""
    env = dict(os.environ, PYTHONPATH=str(package), SOURCE_DATE_EPOCH=EPOCH,
               TRANSLATE_NO_PROGRESS="1", ARGOS_PACKAGES_DIR=str(argos_home / "packages"),
               XDG_DATA_HOME=str(argos_home / "data"), XDG_CONFIG_HOME=str(argos_home / "config"),
               XDG_CACHE_HOME=str(argos_home / "cache"), ARGOS_PACKAGE_INDEX="http://127.0.0.1:9/")
    manifest: dict[str, str] = {}
    for kind, folder in projects(work, documents, paragraphs).items():
        for name, args in steps(folder, kind):
            if name == "edit":
                edit_documents(folder)
                continue
            result = subprocess.run([sys.executable, "-m", "translate", *args], cwd=folder,
                                    env=env, capture_output=True)
            manifest[f"{kind}/{name}: exit"] = str(result.returncode)
            manifest[f"{kind}/{name}: stdout"] = digest(result.stdout)
            manifest[f"{kind}/{name}: stderr"] = digest(result.stderr)
            for path in sorted(folder.rglob("*")):
                relative = path.relative_to(folder).as_posix()
                if path.is_file() and not relative.startswith(CACHES):
                    manifest[f"{kind}/{name}: {relative}"] = \
                        digest(path.read_bytes())
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rev", action="append", default=[],
                        help="a git revision; give two (default: HEAD and the working tree)")
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--paragraphs", type=int, default=50)
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    options = parser.parse_args()
    revisions = options.rev or ["HEAD", ""]
    if len(revisions) != 2:
        parser.error("give two revisions")
    work = Path(tempfile.mkdtemp(prefix="same-outputs-"))
    try:
        argos_home = work / "argos"
        first = export(revisions[0], work / "rev-a")
        env = dict(os.environ, PYTHONPATH=str(first), ARGOS_PACKAGES_DIR=str(argos_home / "packages"),
                   XDG_DATA_HOME=str(argos_home / "data"))
        subprocess.run([sys.executable, "-m", "translate", "models", "install", "--file",
                        str(ARGOS_PACKAGE)], env=env, check=True, capture_output=True)
        manifests = []
        for label, revision in zip("ab", revisions):
            package = first if label == "a" else export(revision, work / "rev-b")
            manifests.append(run_revision(package, work / f"run-{label}", options.documents,
                                          options.paragraphs, argos_home))
        a, b = manifests
        differ = sorted(key for key in set(a) | set(b) if a.get(key) != b.get(key))
        names = [revision or "working tree" for revision in revisions]
        print(f"{len(a)} outputs compared between {names[0]} and {names[1]}: "
              + (f"{len(differ)} differ" if differ else "all byte-identical"))
        for key in differ[:50]:
            print(f"  {key}: {a.get(key, '-')} != {b.get(key, '-')}")
        if options.keep:
            print(f"work folder: {work}")
            (work / "manifests.json").write_text(json.dumps(manifests, indent=1))
        sys.exit(1 if differ else 0)
    finally:
        if not options.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
