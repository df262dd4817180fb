"""Side by side with the peers, every step, on one-line and hard-wrapped text (issue 15).

Generates 200 documents x 50 paragraphs in four cases: plain text and
Markdown, each with every paragraph on one line ("one-line") and hard-wrapped
at 72 columns as people write them ("wrapped").  Every document has a title,
section headings, bulleted lists (wrapped items continue under their text),
paragraphs (in Markdown some with emphasis and a link) and a footer block of
two separate lines, as the sample press release has.  Then, in one run, for
each case it prints our time (a whole ``translate`` process, start-up
included), the peer's time, the ratio ours / peer and our peak RSS:

    extract                    vs translate-toolkit ``txt2po`` (text) or mdpo's
                               in-process API ``markdown_to_pofile`` (Markdown)
    build (1 language)         vs ``po2txt`` or mdpo's ``pofile_to_markdown``
    update after 1,000 edits   vs GNU ``msgmerge --previous``, one process a
                               catalog (200 paragraphs added, 200 deleted too)
    check, 800 catalogs        vs translate-toolkit ``pocount`` on the same files
    run, nothing to do         vs ``pocount`` reading the same catalogs; also
                               each step alone and the files the run wrote
    run after editing one document
                               vs ``pocount``, and vs the run with nothing to do

The first three rows use one target language (French, "FR " + msgid as the
translation); check and run use ru, fr, es and ar with the sample's
``glossary.csv``, on documents made of the sample's paragraphs (each with a
reference number of its own) translated by the sample's reviewed
translations, so that every check runs on real text and finds nothing.  Their
engine is ``pseudo``, so that the run after an edit needs no model.

translate-toolkit and mdpo are installed by this script, each in its own
virtual environment under ``bench/.cache/venvs/`` (translate-toolkit's
``translate`` package clashes with ours).  Our processes run on one more,
``translate-dependencies``: our dependencies at the versions this Python has,
installed as a user's ``pip install`` installs them, with our package (a copy)
on ``PYTHONPATH``, so that none pays the start-up cost of this checkout's
editable install.  mdpo runs in-process through ``bench/_mdpo_driver.py``,
which times only its API calls.  Peak RSS is that of the largest process of
the tree (``wait4``); every timed process is started by a small launcher
process, so that the figure is the process's own.

``--verify REV`` times nothing: it proves that the working tree (or
``--against REV2``) writes the same bytes as revision REV on all four cases:
every file and every output after each step (extract, update, build, update
after edits, stats; run, run with nothing to do, check, run after editing one
document), that every catalog and template passes ``msgfmt --check``, and
that GNU ``msgcat`` rewrites none of them (gettext's line breaking, exactly).

Usage:
    python bench/bench_speed.py                       # everything, 200 x 50
    python bench/bench_speed.py --cases text-wrapped,markdown-wrapped --repeat 3
    python bench/bench_speed.py --rows extract,build --documents 50
    python bench/bench_speed.py --verify HEAD         # HEAD vs the working tree
    python bench/bench_speed.py --verify A --against B --documents 40

The figures are printed, never asserted: the test suite times nothing.
"""

from __future__ import annotations

import argparse
import copy
import fnmatch
import hashlib
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import polib

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import bench_workflow as workflow  # noqa: E402

VENVS = BENCH / ".cache" / "venvs"
#: The peers, pinned: one virtual environment each.
PEERS = {"translate-toolkit": "translate-toolkit==3.20.4", "mdpo": "mdpo==2.1.4"}
MDPO_DRIVER = BENCH / "_mdpo_driver.py"
SAMPLE = "interpol-african-regional-conference.txt"
LANGUAGES = ("ru", "fr", "es", "ar")
WIDTH = 72
EPOCH = "1767323040"
CASES = ("text-one-line", "text-wrapped", "markdown-one-line", "markdown-wrapped")
ROWS = ("extract", "build", "update", "check", "run")
FOOTER = ("Press office of the International Police Cooperation Organization",
          "\u00a9 2019, The International Police Cooperation Organization")

#: Not compared by --verify: publish's manifest holds a digest of the tool's
#: own code (new code renders every page again), so it differs whenever the
#: code does.
#: Caches that hold a digest of the tool's own code, so differ between any
#: two revisions by design: publish's manifest, the run's state and the
#: check's findings cache.
IGNORED = ("build/site/.translate-site.json", "build/.translate-state/*",
           "build/.translate-check-cache.json")

ONE_LANGUAGE = """[tool.translate]
source_language = "en"
languages = ["fr"]
"""
FOUR_LANGUAGES = """[tool.translate]
source_language = "en"
languages = ["ru", "fr", "es", "ar"]
glossary = "glossary.csv"
# No model needed: the run after an edit drafts its new paragraph with pseudo.
engine = "pseudo"
base_url = "https://press.example.org/"
"""

# ---------------------------------------------------------------------------
# The corpus: documents as blocks, rendered in each shape


@dataclass
class Block:
    """One block of a document.

    Attributes:
        kind: ``title``, ``heading``, ``paragraph``, ``list`` or ``footer``.
        texts: The block's text; a list's items; a footer's lines.
    """

    kind: str
    texts: list[str]


Document = list[Block]

#: Words a wrapped line may not begin with: they would start a list item,
#: a heading, a quote or a rule.  The corpus' own rule, independent of the
#: tool's, so that the documents stay the same whatever the tool becomes.
_NO_LINE_START = re.compile(r"(?:[-*+#>=|_`~\u2022\u2013\u2014]+|\d{1,9}[.)])$")


def fill(text: str, first: str = "", rest: str = "", width: int = WIDTH) -> str:
    """Greedy hard-wrap of ``text`` at ``width`` columns, the first line after
    ``first`` (a list marker), the others after ``rest`` (its indentation).
    A word that may not begin a line moves down with the word before it, as
    a careful writer (and the tool's own layout) does."""
    words = text.split(" ")
    lines: list[list[str]] = [[]]
    length = len(first) - 1
    for word in words:
        if lines[-1] and length + 1 + len(word) > width:
            carried = []
            if _NO_LINE_START.match(word) and len(lines[-1]) > 1:
                carried = [lines[-1].pop()]
            lines.append(carried)
            length = len(rest) + sum(len(w) + 1 for w in carried) - 1
        lines[-1].append(word)
        length += 1 + len(word)
    return "\n".join((first if number == 0 else rest) + " ".join(line)
                     for number, line in enumerate(lines))


def render(document: Document, markdown: bool, wrapped: bool) -> str:
    """A document as plain text or Markdown, one-line or hard-wrapped."""
    def prose(text: str, first: str = "", rest: str = "") -> str:
        return fill(text, first, rest) if wrapped else first + text

    out = []
    for block in document:
        if block.kind == "title":
            out.append(("# " if markdown else "") + block.texts[0])
        elif block.kind == "heading":
            out.append(("## " if markdown else "") + block.texts[0])
        elif block.kind == "paragraph":
            out.append(prose(block.texts[0]))
        elif block.kind == "list":
            out.append("\n".join(prose(item, "- ", "  ") for item in block.texts))
        elif block.kind == "footer":
            # Markdown: a rule, then lines kept apart by hard breaks.
            out.append("---\n\n" + "  \n".join(block.texts) if markdown
                       else "\n".join(block.texts))
        else:
            raise ValueError(block.kind)
    return "\n\n".join(out) + "\n"


class RandomText:
    """Paragraphs of random words (``bench_workflow.py``'s vocabulary)."""

    def __init__(self, seed: int, markup: bool) -> None:
        self.rng = random.Random(seed)
        self.markup = markup

    def words(self, low: int, high: int) -> str:
        count = self.rng.randint(low, high)
        return " ".join(self.rng.choice(workflow.WORDS) for _ in range(count)).capitalize()

    def title(self) -> str:
        return self.words(6, 10)

    def heading(self) -> str:
        return self.words(3, 7)

    def paragraph(self, index: int = 0) -> str:
        text = workflow.paragraph(self.rng)
        if self.markup and index % 5 == 2:
            text = text.replace(" the ", " *the* ", 1)
            text = text.replace(" data ", " [data](https://example.org/data) ", 1)
        return text

    def items(self) -> list[str]:
        return [workflow.sentence(self.rng) for _ in range(self.rng.randint(2, 4))]

    def footer(self) -> list[str]:
        return list(FOOTER)


def _normal(text: str) -> str:
    return " ".join(text.split())


class SampleText:
    """The sample's paragraphs, each with a reference number of its own, and
    their reviewed translations in the four languages (as ``bench_check.py``)."""

    def __init__(self) -> None:
        catalogs = {lang: polib.pofile(str(ROOT / "locales" / lang / f"{SAMPLE}.po"))
                    for lang in LANGUAGES}
        pairs: dict[str, dict[str, str]] = {}
        kinds: dict[str, str] = {}
        for lang, catalog in catalogs.items():
            for entry in catalog:
                if entry.msgstr and not entry.obsolete and "fuzzy" not in entry.flags:
                    pairs.setdefault(_normal(entry.msgid), {})[lang] = _normal(entry.msgstr)
                    kinds[_normal(entry.msgid)] = next(
                        (c[6:] for c in entry.comment.splitlines() if c.startswith("type: ")), "")
        complete = {msgid: tr for msgid, tr in pairs.items() if len(tr) == len(LANGUAGES)}
        self.pairs = complete
        self.sentences = sorted(m for m in complete if m.endswith(".") and kinds[m] == "paragraph")
        self.titles = sorted(m for m in complete if kinds[m] == "heading")
        self.footer_lines = [m for m in complete if kinds[m] == "line"]
        if not (self.sentences and self.titles and len(self.footer_lines) == 2):
            raise SystemExit(f"the sample catalogs under {ROOT / 'locales'} lack the paragraphs, "
                             "title or footer lines this benchmark takes")
        self.translations: dict[str, dict[str, str]] = dict(complete)
        # A Markdown footer is one segment, its lines joined by hard breaks.
        self.translations["\n".join(self.footer_lines)] = {
            lang: "\n".join(complete[line][lang] for line in self.footer_lines)
            for lang in LANGUAGES}
        self.number = 1000
        self.count = 0

    def _numbered(self, msgid: str, suffix: str) -> str:
        self.number += 1
        text = f"{msgid}{suffix.format(self.number)}"
        self.translations[text] = {lang: f"{tr}{suffix.format(self.number)}"
                                   for lang, tr in self.pairs[msgid].items()}
        return text

    def title(self) -> str:
        return self._numbered(self.titles[self.number % len(self.titles)], " {}")

    heading = title

    def paragraph(self, index: int = 0) -> str:
        self.count += 1
        return self._numbered(self.sentences[self.count % len(self.sentences)], " Ref. {}.")

    def items(self) -> list[str]:
        return [self.paragraph() for _ in range(2 + self.count % 2)]

    def footer(self) -> list[str]:
        return list(self.footer_lines)


def make_document(text: RandomText | SampleText, paragraphs: int) -> Document:
    """A title, then ``paragraphs`` blocks (a heading every tenth, a list
    every seventh from the fourth, paragraphs otherwise), then the footer."""
    document = [Block("title", [text.title()])]
    for index in range(paragraphs):
        if index and index % 10 == 0:
            document.append(Block("heading", [text.heading()]))
        elif index % 7 == 3:
            document.append(Block("list", text.items()))
        else:
            document.append(Block("paragraph", [text.paragraph(index)]))
    document.append(Block("footer", text.footer()))
    return document


def _replace_words(text: str, rng: random.Random, count: int) -> str:
    """``count`` plain words of ``text`` replaced (never its first or last
    word, nor one carrying punctuation or markup): the block keeps its kind."""
    words = text.split(" ")
    plain = [i for i in range(1, len(words) - 1) if words[i].isalpha()]
    for _ in range(min(count, len(plain))):
        words[rng.choice(plain)] = rng.choice(workflow.WORDS)
    return " ".join(words)


def edit_corpus(documents: list[Document], text: RandomText, edits: int, adds: int,
                deletes: int) -> list[Document]:
    """Edit ``edits`` paragraphs or list items (two words each), delete
    ``deletes`` paragraphs and add ``adds`` new ones, spread evenly over the
    documents (as ``bench_workflow.edit``)."""
    out = copy.deepcopy(documents)
    count = len(out)
    rng = random.Random(20191206)
    for index in range(edits):
        document = out[index % count]
        positions = [i for i, b in enumerate(document) if b.kind in ("paragraph", "list")]
        block = document[positions[(index // count) * 7 % len(positions)]]
        item = (index // count) % len(block.texts)
        block.texts[item] = _replace_words(block.texts[item], rng, 2)
    for index in range(deletes):
        document = out[index % count]
        positions = [i for i, b in enumerate(document) if b.kind == "paragraph"]
        del document[positions[(index * 13 + 3) % len(positions)]]
    for index in range(adds):
        document = out[index % count]
        document.insert(1 + (index * 11 + 5) % (len(document) - 1),
                        Block("paragraph", [text.paragraph()]))
    return out


def edit_one(document: Document) -> Document:
    """One document edited: a word changed in three paragraphs (fuzzy matches
    for update) and a new paragraph (a draft for mt)."""
    out = copy.deepcopy(document)
    rng = random.Random(15)
    positions = [i for i, b in enumerate(out) if b.kind == "paragraph"]
    for position in positions[1:4]:
        out[position].texts[0] = _replace_words(out[position].texts[0], rng, 1)
    out.insert(positions[4], Block("paragraph", [RandomText(16, False).paragraph()]))
    return out


@dataclass
class Case:
    """One of the four corpora: a format and a shape."""

    name: str

    @property
    def markdown(self) -> bool:
        return self.name.startswith("markdown")

    @property
    def wrapped(self) -> bool:
        return self.name.endswith("-wrapped")

    @property
    def suffix(self) -> str:
        return ".md" if self.markdown else ".txt"

    @property
    def label(self) -> str:
        return (("Markdown" if self.markdown else "plain text") + ", "
                + ("hard-wrapped at 72" if self.wrapped else "one line a paragraph"))


def write_documents(folder: Path, case: Case, documents: list[Document]) -> None:
    source = folder / "source"
    source.mkdir(parents=True, exist_ok=True)
    for number, document in enumerate(documents):
        path = source / f"doc{number:03}{case.suffix}"
        text = render(document, case.markdown, case.wrapped)
        # Rewrite only what changed: an unchanged document keeps its mtime.
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


def one_language_corpus(case: Case, documents: int, paragraphs: int
                        ) -> tuple[list[Document], RandomText]:
    text = RandomText(20191205, markup=case.markdown)
    return [make_document(text, paragraphs) for _ in range(documents)], text


def four_language_corpus(documents: int, paragraphs: int) -> tuple[list[Document], SampleText]:
    text = SampleText()
    return [make_document(text, paragraphs) for _ in range(documents)], text


def fill_catalogs(paths: Iterable[Path], translate: Callable[[polib.POEntry], str],
                  gettext_layout: bool = True) -> int:
    """Stand in for the translators: every untranslated entry gets
    ``translate(entry)``.  polib writes the files, then GNU ``msgcat`` lays
    them out as gettext's tools (Poedit, msgmerge) write them: the same for
    every revision of the tool (``gettext_layout``; a peer's catalogs stay
    as polib writes them).  Returns the number of entries filled."""
    filled = 0
    for path in paths:
        catalog = polib.pofile(str(path))
        for entry in catalog:
            if not entry.obsolete and not entry.msgstr:
                entry.msgstr = translate(entry)
                filled += 1
        catalog.save(str(path))
        if gettext_layout:
            subprocess.run(["msgcat", "-o", str(path), str(path)], check=True)
    return filled


def french(entry: polib.POEntry) -> str:
    return "FR " + entry.msgid


def sample_translator(text: SampleText, lang: str) -> Callable[[polib.POEntry], str]:
    def translate(entry: polib.POEntry) -> str:
        try:
            return text.translations[entry.msgid][lang]
        except KeyError:
            raise SystemExit(f"the corpus made a segment it has no translation for: "
                             f"{entry.msgid!r}") from None
    return translate


# ---------------------------------------------------------------------------
# Processes: time and peak RSS


@dataclass
class Measure:
    """A command's median time over its repeats, and its largest peak RSS."""

    seconds: float
    rss_mb: float = float("nan")
    exit_code: int = 0
    runs: list[float] = field(default_factory=list)


#: The tool's package the benchmark runs (a copy taken at its start), so
#: that edits made to the working tree during a run do not fall on some rows.
PACKAGE: Path | None = None


def env_for(package: Path | None = None) -> dict[str, str]:
    """The environment of our processes: ``package`` first on the path."""
    env = dict(os.environ, TRANSLATE_NO_PROGRESS="1", SOURCE_DATE_EPOCH=EPOCH)
    env.pop("PYTHONPATH", None)
    package = package or PACKAGE
    if package is not None:
        env["PYTHONPATH"] = str(package)
    return env


def peer_env() -> dict[str, str]:
    """A peer's environment: never our package on its path (translate-toolkit
    has a ``translate`` package too)."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    env.pop("PYTHONPATH", None)
    return env


# Every timed process is started by a small launcher process, not by this
# one: Linux counts in a child's peak RSS (ru_maxrss) the memory of the
# process it was forked from, so a child of this benchmark (which holds tens
# of MB of corpora) would report at least that much, whatever it used.  The
# launcher holds a few MB; it times each process as this one did.
_LAUNCHER_CODE = """
import json, os, subprocess, sys, time
for line in sys.stdin:
    job = json.loads(line)
    with open(job["out"], "wb") as out, open(job["err"], "wb") as err:
        start = time.perf_counter()
        child = subprocess.Popen(job["args"], cwd=job["cwd"], env=job["env"], stdout=out,
                                 stderr=err, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
    child.returncode = code = os.waitstatus_to_exitcode(status)
    print(json.dumps([seconds, usage.ru_maxrss, code]), flush=True)
"""
_LAUNCHER: subprocess.Popen | None = None


def _launch(args: list[str], cwd: Path, env: dict[str, str], out: Path,
            err: Path) -> tuple[float, int, int]:
    """(seconds, peak RSS in kB, exit code) of a process run by the launcher."""
    global _LAUNCHER
    if _LAUNCHER is None or _LAUNCHER.poll() is not None:
        _LAUNCHER = subprocess.Popen([sys.executable, "-I", "-S", "-c", _LAUNCHER_CODE],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                     env={"PATH": os.environ.get("PATH", "")})
    assert _LAUNCHER.stdin is not None and _LAUNCHER.stdout is not None
    _LAUNCHER.stdin.write(json.dumps({"args": [str(arg) for arg in args], "cwd": str(cwd),
                                      "env": env, "out": str(out), "err": str(err)}) + "\n")
    _LAUNCHER.stdin.flush()
    answer = _LAUNCHER.stdout.readline()
    if not answer:
        raise SystemExit(f"the launcher of timed processes died running {' '.join(args)}")
    seconds, rss_kb, code = json.loads(answer)
    return seconds, rss_kb, code


def run_process(args: list[str], cwd: Path, env: dict[str, str] | None = None,
                expect: Iterable[int] | None = (0,)) -> tuple[float, float, int, bytes, bytes]:
    """Run one process: (seconds, peak RSS in MB of its largest process,
    exit code, stdout, stderr).  Output goes to files, never to a pipe that
    could fill up."""
    with tempfile.TemporaryDirectory(prefix="translate-bench-output-") as folder:
        out, err = Path(folder) / "stdout", Path(folder) / "stderr"
        seconds, rss_kb, code = _launch(args, cwd, env or env_for(), out, err)
        stdout, stderr = out.read_bytes(), err.read_bytes()
    if expect is not None and code not in expect:
        raise SystemExit(f"{' '.join(map(str, args))} (in {cwd}) exited with {code}:\n"
                         f"{stdout[-3000:].decode(errors='replace')}"
                         f"{stderr[-3000:].decode(errors='replace')}")
    # ru_maxrss: kilobytes on Linux.
    return seconds, rss_kb / 1024, code, stdout, stderr


#: One timed run: (seconds, peak RSS in MB, exit code).
Runner = Callable[[], tuple[float, float, int]]


def proc(args: list[str], cwd: Path, prepare: Callable[[], None] | None = None,
         expect: Iterable[int] | None = (0,), env: dict[str, str] | None = None) -> Runner:
    """A whole process, ``prepare`` (untimed) before it."""
    def run() -> tuple[float, float, int]:
        if prepare:
            prepare()
        seconds, rss, code, _, _ = run_process(args, cwd, env, expect=expect)
        return seconds, rss, code
    return run


def procs(commands: Callable[[], list[list[str]]], cwd: Path,
          prepare: Callable[[], None] | None = None) -> Runner:
    """Several processes in a row, as a Makefile runs them: their total time."""
    def run() -> tuple[float, float, int]:
        if prepare:
            prepare()
        total, rss = 0.0, 0.0
        for args in commands():
            seconds, peak, _, _, _ = run_process(args, cwd, peer_env())
            total += seconds
            rss = max(rss, peak)
        return total, rss, 0
    return run


def mdpo_api(args: list[str], cwd: Path, prepare: Callable[[], None] | None = None) -> Runner:
    """mdpo's driver: the in-process time of the API calls, as it reports it."""
    def run() -> tuple[float, float, int]:
        if prepare:
            prepare()
        _, _, _, stdout, _ = run_process(args, cwd, peer_env())
        report = json.loads(stdout.decode().strip().splitlines()[-1])
        return report["seconds"], report["rss_mb"], 0
    return run


def side_by_side(repeat: int, *runners: Runner) -> list[Measure]:
    """Each runner ``repeat`` times, interleaved (ours, the peer's, ours...) so
    that a change of the machine's load falls on both: their medians."""
    results: list[list[tuple[float, float, int]]] = [[] for _ in runners]
    for _ in range(repeat):
        for runner, out in zip(runners, results):
            out.append(runner())
    return [Measure(statistics.median(r[0] for r in runs), max(r[1] for r in runs),
                    runs[-1][2], [r[0] for r in runs]) for runs in results]


#: The Python our timed processes run on (:func:`our_venv`); this one when
#: nothing is timed (``--verify``).
PYTHON = sys.executable


def translate(*args: str) -> list[str]:
    return [PYTHON, "-m", "translate", *args]


def our_venv() -> Path:
    """A virtual environment with the tool's dependencies, pinned to the
    versions this Python has, installed as ``pip install`` installs them for
    a user: our timed processes run on it, with our package (the copy taken
    at the start) on ``PYTHONPATH``.  Not this checkout's own environment:
    its editable install of the tool adds an import hook to every start-up
    (about 8 ms a process, measured), which no installed tool pays, and
    which the peers, each in a plain environment of its own, do not pay."""
    import tomllib
    from importlib.metadata import version

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    names = [re.split(r"[<>=!~;\[ ]", item, maxsplit=1)[0] for item in declared]
    pins = sorted(f"{name}=={version(name)}" for name in names)
    tag = hashlib.sha256("\n".join(pins).encode()).hexdigest()[:12]
    return installed_venv("translate-dependencies", tag, pins, "our dependencies")


def remove(*paths: Path) -> Callable[[], None]:
    def prepare() -> None:
        for path in paths:
            shutil.rmtree(path, ignore_errors=True)
    return prepare


def restore(snapshot: Path, target: Path) -> Callable[[], None]:
    """Put a folder back as it was (mtimes included)."""
    def prepare() -> None:
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(snapshot, target, symlinks=True)
    return prepare


def file_states(folder: Path) -> dict[str, tuple[int, int, int]]:
    return {path.relative_to(folder).as_posix(): (st.st_mtime_ns, st.st_size, st.st_ino)
            for path in folder.rglob("*") if path.is_file()
            for st in [path.stat()]}


# ---------------------------------------------------------------------------
# The peers, each in its own virtual environment


def peer_venv(name: str) -> Path:
    """The virtual environment of a peer, created and installed once."""
    return installed_venv(name, PEERS[name], [PEERS[name]], PEERS[name])


def installed_venv(name: str, tag: str, requirements: list[str], label: str) -> Path:
    """``bench/.cache/venvs/<name>`` with ``requirements`` installed, made
    once (and again when ``tag`` changes)."""
    venv = VENVS / name
    marker = venv / f".installed-{tag}"
    if marker.exists():
        return venv
    shutil.rmtree(venv, ignore_errors=True)
    VENVS.mkdir(parents=True, exist_ok=True)
    print(f"installing {label} into {venv.relative_to(ROOT)} ...", file=sys.stderr)
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q",
                    "--disable-pip-version-check", *requirements], check=True)
    marker.write_text("\n".join(requirements) + "\n")
    return venv


def msgmerge_commands(folder: Path, out: Path, languages: Iterable[str]) -> list[list[str]]:
    msgmerge = shutil.which("msgmerge") or "msgmerge"
    commands = []
    for lang in languages:
        (out / lang).mkdir(parents=True, exist_ok=True)
        for po in sorted((folder / "locales" / lang).glob("*.po")):
            pot = folder / "locales" / "templates" / (po.name[:-3] + ".pot")
            commands.append([msgmerge, "--previous", "-q", "-o", str(out / lang / po.name),
                             str(po), str(pot)])
    return commands


# ---------------------------------------------------------------------------
# The benchmark


@dataclass
class Row:
    """One line of the table."""

    case: str
    step: str
    ours: Measure
    peer: str = ""
    theirs: Measure | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.theirs is None or not self.theirs.seconds:
            return None
        return self.ours.seconds / self.theirs.seconds


def bench_one_language(case: Case, work: Path, options: argparse.Namespace) -> list[Row]:
    """extract, build and update after edits, for French only."""
    rows: list[Row] = []
    folder = work / case.name / "one"
    folder.mkdir(parents=True)
    (folder / "pyproject.toml").write_text(ONE_LANGUAGE, encoding="utf-8")
    documents, text = one_language_corpus(case, options.documents, options.paragraphs)
    write_documents(folder, case, documents)
    peer = work / case.name / "peer"
    peer.mkdir()
    ttk = peer_venv("translate-toolkit") / "bin"
    mdpo = peer_venv("mdpo") / "bin" / "python"
    repeat = options.repeat
    wanted = set(options.rows)

    templates = folder / "locales" / "templates"
    if case.markdown:
        peer_run = mdpo_api([str(mdpo), str(MDPO_DRIVER), "extract", "source", str(peer / "po")],
                            folder, remove(peer / "po"))
        name = "mdpo markdown_to_pofile (API)"
    else:
        peer_run = proc([str(ttk / "txt2po"), "-P", "--progress=none", "source",
                         str(peer / "po")], folder, remove(peer / "po"), env=peer_env())
        name = "translate-toolkit txt2po"
    # Run once at least: the later rows need the templates and the peer's catalogs.
    ours, theirs = side_by_side(repeat if "extract" in wanted else 1,
                                proc(translate("extract"), folder, remove(templates)), peer_run)
    segments = sum(len(polib.pofile(str(p))) for p in templates.glob("*.pot"))
    if "extract" in wanted:
        rows.append(Row(case.name, "extract", ours, name, theirs,
                        f"{segments} segments in {len(documents)} templates"))

    run_process(translate("update"), folder)
    fill_catalogs(sorted((folder / "locales" / "fr").glob("*.po")), french)
    run_process(translate("update"), folder)  # our layout, as translators get it
    if "build" in wanted:
        filled = peer / "filled"
        filled.mkdir()
        for path in sorted((peer / "po").iterdir()):
            shutil.copy(path, filled / (path.stem + ".po" if path.suffix == ".pot" else path.name))
        fill_catalogs(sorted(filled.iterdir()), french, gettext_layout=False)
        if case.markdown:
            peer_run = mdpo_api([str(mdpo), str(MDPO_DRIVER), "build", "source", str(filled),
                                 str(peer / "out")], folder, remove(peer / "out"))
            name = "mdpo pofile_to_markdown (API)"
        else:
            peer_run = proc([str(ttk / "po2txt"), "--progress=none", "-t", "source", "-i",
                             str(filled), "-o", str(peer / "out")], folder, remove(peer / "out"),
                            env=peer_env())
            name = "translate-toolkit po2txt"
        ours, theirs = side_by_side(
            repeat, proc(translate("build", "--min-complete", "0"), folder,
                         remove(folder / "build")), peer_run)
        rows.append(Row(case.name, "build (1 language)", ours, name, theirs))

    if "update" in wanted:
        edited = edit_corpus(documents, text, options.edits, options.adds, options.deletes)
        write_documents(folder, case, edited)
        run_process(translate("extract"), folder)
        snapshot = work / case.name / "fr-before-update"
        shutil.copytree(folder / "locales" / "fr", snapshot)
        gnu = work / case.name / "gnu"
        back = restore(snapshot, folder / "locales" / "fr")
        ours, theirs = side_by_side(
            repeat, proc(translate("update"), folder, back),
            procs(lambda: msgmerge_commands(folder, gnu, ["fr"]), folder, back))
        proc(translate("update"), folder, back)()
        same = sum((gnu / "fr" / p.name).read_bytes() == p.read_bytes()
                   for p in (folder / "locales" / "fr").glob("*.po"))
        rows.append(Row(case.name, f"update after {options.edits:,} edits", ours,
                        "GNU msgmerge --previous", theirs,
                        f"{same}/{len(edited)} catalogs byte-identical to msgmerge's"))
    return rows


def bench_four_languages(case: Case, work: Path, options: argparse.Namespace) -> list[Row]:
    """check and run, 4 languages with the sample's glossary."""
    rows: list[Row] = []
    folder = work / case.name / "four"
    folder.mkdir(parents=True)
    (folder / "pyproject.toml").write_text(FOUR_LANGUAGES, encoding="utf-8")
    shutil.copy(ROOT / "glossary.csv", folder / "glossary.csv")
    documents, text = four_language_corpus(options.documents, options.paragraphs)
    write_documents(folder, case, documents)
    run_process(translate("extract"), folder)
    run_process(translate("update"), folder)
    for lang in LANGUAGES:
        fill_catalogs(sorted((folder / "locales" / lang).glob("*.po")),
                      sample_translator(text, lang))
    # Settle: the first run gives the catalogs our layout and publishes the site.
    run_process(translate("run"), folder)
    ttk = peer_venv("translate-toolkit") / "bin"
    repeat = options.repeat
    catalogs = [f"locales/{lang}" for lang in LANGUAGES]
    pocount = proc([str(ttk / "pocount"), *catalogs], folder, env=peer_env())
    count = sum(1 for lang in LANGUAGES for _ in (folder / "locales" / lang).glob("*.po"))
    wanted = set(options.rows)

    if "check" in wanted:
        ours, theirs = side_by_side(repeat, proc(translate("check"), folder, expect=None),
                                    pocount)
        note = f"{count} catalogs" + (f"; exit code {ours.exit_code}" if ours.exit_code else
                                      ", no finding")
        rows.append(Row(case.name, "check, 4 languages", ours, "translate-toolkit pocount",
                        theirs, note + (" (its cache warm)" if (folder / "build").is_dir()
                                        else "")))
        # The CI gate on a fresh clone has no cache: every file checked anew.
        ours, theirs = side_by_side(repeat, proc(translate("check", "--no-cache"), folder,
                                                 expect=None), pocount)
        rows.append(Row(case.name, "check, 4 languages, --no-cache", ours,
                        "translate-toolkit pocount", theirs, f"{count} catalogs, cold"))
    if "run" not in wanted:
        return rows
    before = file_states(folder)
    ours, counted = side_by_side(repeat, proc(translate("run"), folder), pocount)
    written = sorted(name for name, state in file_states(folder).items()
                     if before.get(name) != state)
    rows.append(Row(case.name, "run, nothing to do", ours, "translate-toolkit pocount", counted,
                    f"wrote {len(written)} files" + (f" ({', '.join(written[:3])}...)"
                                                     if written else "")))
    idle = ours
    if options.steps:
        for step in ("extract", "update", "mt", "build", "publish"):
            alone, = side_by_side(repeat, proc(translate(step), folder))
            rows.append(Row(case.name, f"  {step} alone, nothing to do", alone,
                            "translate-toolkit pocount", counted))
    snapshot = work / case.name / "four-before-edit"
    shutil.copytree(folder, snapshot, symlinks=True)

    def edited() -> None:
        restore(snapshot, folder)()
        write_documents(folder, case, [edit_one(documents[0]), *documents[1:]])

    ours, counted = side_by_side(repeat, proc(translate("run"), folder, edited), pocount)
    rows.append(Row(case.name, "run after editing 1 document", ours,
                    "translate-toolkit pocount", counted,
                    f"{ours.seconds / idle.seconds:.2f}x the run with nothing to do"))
    return rows


def print_rows(rows: list[Row], title: str) -> None:
    print(f"\n{title}")
    print(f"  {'step':34} {'ours':>8} {'RSS':>7}  {'peer':32} {'peer':>8} {'ratio':>6}")
    for row in rows:
        theirs = f"{row.theirs.seconds:7.2f}s" if row.theirs else ""
        ratio = f"{row.ratio:5.2f}x" if row.ratio is not None else ""
        print(f"  {row.step:34} {row.ours.seconds:7.2f}s {row.ours.rss_mb:4.0f} MB  "
              f"{row.peer:32} {theirs:>8} {ratio:>6}" + (f"  {row.note}" if row.note else ""))


def print_markdown(rows: list[Row]) -> None:
    print("\n| case | step | ours | peak RSS | peer | peer's time | ours / peer |")
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        theirs = f"{row.theirs.seconds:.2f} s" if row.theirs else ""
        ratio = f"{row.ratio:.2f}x" if row.ratio is not None else ""
        print(f"| {row.case} | {row.step.strip()} | {row.ours.seconds:.2f} s | "
              f"{row.ours.rss_mb:.0f} MB | {row.peer} | {theirs} | {ratio} |")


def gettext_version() -> str:
    out = subprocess.run(["msgmerge", "--version"], capture_output=True, text=True).stdout
    return out.splitlines()[0].split()[-1] if out else "?"


def benchmark(options: argparse.Namespace) -> None:
    global PACKAGE, PYTHON
    for name in PEERS:
        peer_venv(name)
    if shutil.which("msgmerge") is None:
        raise SystemExit("GNU gettext is missing: apt-get install gettext")
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="translate-bench-speed-") as temp:
        work = Path(temp)
        PACKAGE = export(options.rev, work / "package")
        PYTHON = str(our_venv() / "bin" / "python")
        print(f"translate from {options.rev or 'the working tree'}; load average "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs at the start; peers: "
              + ", ".join(PEERS.values()) + f", GNU gettext {gettext_version()}")
        for name in options.cases:
            case = Case(name)
            case_rows = []
            if {"extract", "build", "update"} & set(options.rows):
                case_rows += bench_one_language(case, work, options)
            if {"check", "run"} & set(options.rows):
                case_rows += bench_four_languages(case, work, options)
            print_rows(case_rows, f"{case.label}: {options.documents} documents x "
                                  f"{options.paragraphs} paragraphs (median of {options.repeat})")
            sys.stdout.flush()
            rows += case_rows
            shutil.rmtree(work / name, ignore_errors=True)
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")
    print_markdown(rows)
    if options.json:
        Path(options.json).write_text(json.dumps(
            [dict(asdict(row), ratio=row.ratio) for row in rows], indent=1), encoding="utf-8")


# ---------------------------------------------------------------------------
# --verify: the same bytes as a revision


def export(revision: str, folder: Path) -> Path:
    """The tool's package at a revision ("" for the working tree, copied now),
    compiled to bytecode as pip compiles an installed package: the peers'
    packages are, and with PYTHONDONTWRITEBYTECODE set (as on this machine)
    each of our processes would otherwise compile the whole package anew."""
    folder.mkdir(parents=True)
    if not revision:
        shutil.copytree(ROOT / "translate", folder / "translate",
                        ignore=shutil.ignore_patterns("__pycache__"))
    else:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision, "translate"],
                                 check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(folder / "translate")],
                   check=True)
    return folder


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


class Recorder:
    """Runs the steps with one revision and hashes everything they leave."""

    def __init__(self, package: Path, ignore: list[str]) -> None:
        self.env = env_for(package)
        self.ignore = ignore
        self.manifest: dict[str, str] = {}

    def step(self, key: str, folder: Path, *args: str) -> None:
        _, _, code, stdout, stderr = run_process(translate(*args), folder, self.env, expect=None)
        self.manifest[f"{key}: exit"] = str(code)
        self.manifest[f"{key}: stdout"] = digest(stdout)
        self.manifest[f"{key}: stderr"] = digest(stderr)
        for path in sorted(folder.rglob("*")):
            name = path.relative_to(folder).as_posix()
            if path.is_file() and not any(fnmatch.fnmatch(name, p) for p in self.ignore):
                self.manifest[f"{key}: {name}"] = digest(path.read_bytes())


def gettext_clean(folder: Path) -> list[str]:
    """Every catalog and template that ``msgfmt --check`` rejects or that GNU
    ``msgcat`` would rewrite (a line broken otherwise than gettext breaks it)."""
    problems = []
    with tempfile.TemporaryDirectory() as temp:
        out = Path(temp) / "out.po"
        for path in sorted(folder.rglob("*.po*")):
            if path.suffix not in (".po", ".pot"):
                continue
            name = path.relative_to(folder).as_posix()
            check = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)],
                                   capture_output=True, text=True)
            if check.returncode:
                problems.append(f"{name}: msgfmt --check: {check.stderr.strip()[:200]}")
            subprocess.run(["msgcat", "-o", str(out), str(path)], capture_output=True)
            if not out.exists() or out.read_bytes() != path.read_bytes():
                problems.append(f"{name}: msgcat writes it otherwise")
            out.unlink(missing_ok=True)
    return problems


def verify_revision(package: Path, work: Path, options: argparse.Namespace
                    ) -> tuple[dict[str, str], list[str]]:
    """The manifest of every case with one revision, and its gettext problems."""
    recorder = Recorder(package, options.ignore)
    problems: list[str] = []
    for name in options.cases:
        case = Case(name)
        one = work / name / "one"
        one.mkdir(parents=True)
        (one / "pyproject.toml").write_text(ONE_LANGUAGE, encoding="utf-8")
        documents, text = one_language_corpus(case, options.documents, options.paragraphs)
        write_documents(one, case, documents)
        recorder.step(f"{name}/extract", one, "extract")
        recorder.step(f"{name}/update", one, "update")
        fill_catalogs(sorted((one / "locales" / "fr").glob("*.po")), french)
        recorder.step(f"{name}/update-filled", one, "update")
        recorder.step(f"{name}/update-no-change", one, "update")
        recorder.step(f"{name}/build", one, "build", "--min-complete", "0")
        write_documents(one, case, edit_corpus(documents, text, options.edits, options.adds,
                                               options.deletes))
        recorder.step(f"{name}/extract-after-edits", one, "extract")
        recorder.step(f"{name}/update-after-edits", one, "update")
        recorder.step(f"{name}/build-after-edits", one, "build", "--min-complete", "0")
        recorder.step(f"{name}/stats", one, "stats", "--format", "json")
        problems += [f"{name}/one/{p}" for p in gettext_clean(one / "locales")]

        four = work / name / "four"
        four.mkdir(parents=True)
        (four / "pyproject.toml").write_text(FOUR_LANGUAGES, encoding="utf-8")
        shutil.copy(ROOT / "glossary.csv", four / "glossary.csv")
        documents, sample = four_language_corpus(options.documents, options.paragraphs)
        write_documents(four, case, documents)
        recorder.step(f"{name}/4/extract", four, "extract")
        recorder.step(f"{name}/4/update", four, "update")
        for lang in LANGUAGES:
            fill_catalogs(sorted((four / "locales" / lang).glob("*.po")),
                          sample_translator(sample, lang))
        recorder.step(f"{name}/4/run", four, "run")
        recorder.step(f"{name}/4/run-nothing-to-do", four, "run")
        for fmt in ("text", "json"):
            recorder.step(f"{name}/4/check-{fmt}", four, "check", "--format", fmt)
        write_documents(four, case, [edit_one(documents[0]), *documents[1:]])
        recorder.step(f"{name}/4/run-after-edit", four, "run")
        recorder.step(f"{name}/4/check-after-edit", four, "check", "--format", "json",
                      "--min-complete", "0")
        problems += [f"{name}/four/{p}" for p in gettext_clean(four / "locales")]
    return recorder.manifest, problems


def verify(options: argparse.Namespace) -> None:
    revisions = [options.verify, options.against]
    names = [revision or "the working tree" for revision in revisions]
    work = Path(tempfile.mkdtemp(prefix="translate-verify-"))
    try:
        results = []
        for revision in revisions:
            # The same folders for both: a path the tool records is the same.
            for folder in ("package", "run"):
                shutil.rmtree(work / folder, ignore_errors=True)
            package = export(revision, work / "package")
            results.append(verify_revision(package, work / "run", options))
        (a, problems_a), (b, problems_b) = results
        differ = sorted(key for key in set(a) | set(b) if a.get(key) != b.get(key))
        print(f"{len(a)} outputs of {', '.join(options.cases)} ({options.documents} documents "
              f"x {options.paragraphs} paragraphs) compared between {names[0]} and {names[1]}: "
              + (f"{len(differ)} differ" if differ else "all byte-identical"))
        for key in differ[:50]:
            print(f"  {key}: {a.get(key, '-')} != {b.get(key, '-')}")
        for name, problems in zip(names, (problems_a, problems_b)):
            print(f"gettext with {name}: " + (f"{len(problems)} problems" if problems else
                  "every catalog and template passes msgfmt --check, and msgcat rewrites none"))
            for problem in problems[:20]:
                print(f"  {problem}")
        if options.keep:
            print(f"work folder: {work}")
        sys.exit(1 if differ or problems_a or problems_b else 0)
    finally:
        if not options.keep:
            shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, help="default 200 (40 with --verify)")
    parser.add_argument("--paragraphs", type=int, default=50)
    parser.add_argument("--edits", type=int, help="paragraphs edited (default 5 a document)")
    parser.add_argument("--adds", type=int, help="paragraphs added (default 1 a document)")
    parser.add_argument("--deletes", type=int, help="paragraphs deleted (default 1 a document)")
    parser.add_argument("--cases", default=",".join(CASES),
                        help=f"comma-separated, of {', '.join(CASES)}")
    parser.add_argument("--rows", default=",".join(ROWS),
                        help=f"comma-separated, of {', '.join(ROWS)}")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs per measure, interleaved with the peer's (the median)")
    parser.add_argument("--no-steps", dest="steps", action="store_false",
                        help="do not time each step of the run alone")
    parser.add_argument("--json", help="also write the rows to this JSON file")
    parser.add_argument("--rev", default="",
                        help="benchmark this git revision (default: the working tree, copied "
                             "at the start)")
    parser.add_argument("--verify", metavar="REV",
                        help="time nothing: prove the same bytes as this git revision")
    parser.add_argument("--against", metavar="REV", default="",
                        help="with --verify: the other revision (default: the working tree)")
    parser.add_argument("--ignore", action="append", default=list(IGNORED), metavar="GLOB",
                        help="with --verify: project paths not to compare (a cache folder); "
                             f"always: {', '.join(IGNORED)}")
    parser.add_argument("--keep", action="store_true", help="with --verify: keep the work folder")
    options = parser.parse_args()
    options.cases = [c for c in options.cases.split(",") if c]
    options.rows = [r for r in options.rows.split(",") if r]
    for value, allowed, what in ((options.cases, CASES, "case"), (options.rows, ROWS, "row")):
        unknown = sorted(set(value) - set(allowed))
        if unknown:
            parser.error(f"unknown {what} {', '.join(unknown)}: use {', '.join(allowed)}")
    if options.documents is None:
        options.documents = 40 if options.verify else 200
    options.edits = 5 * options.documents if options.edits is None else options.edits
    options.adds = options.documents if options.adds is None else options.adds
    options.deletes = options.documents if options.deletes is None else options.deletes
    if options.verify:
        verify(options)
    else:
        benchmark(options)


if __name__ == "__main__":
    main()
