"""Benchmark of `translate publish` against Hugo on a 1,000-page site.

Generates 200 Markdown documents x 50 paragraphs (bench_workflow's corpus,
with a front matter title, description and date), extracts their templates,
creates the catalogs of 4 target languages (fr, es, ru, ar) and fills every
entry (a prefix per language, Arabic letters for ar so that the right-to-left
pages isolate their Latin runs), so that every document is published in 5
languages: 1,000 release pages.  Then, in the same run, on the same machine:

    translate publish            whole processes (start-up included):
                                 a full publish into an empty folder, a
                                 no-change re-publish, a re-publish after one
                                 document changed
    hugo                         Debian's hugo (0.111) building the same 1,000
                                 pages (the localized Markdown that `translate
                                 build` writes) with a minimal multilingual
                                 layout: hreflang alternates with x-default, a
                                 language switcher, listings, its sitemap
    markdown-it-py + Jinja2      a plain one-process loop rendering the same
                                 pages, for reference

The peers take turns, each step runs --repeat times, and the best wall time
is printed with its ratio to Hugo's full build, the CPU time (user + system,
children included: less sensitive than the wall time to other work on the
machine) and the peak memory (the largest resident set of the process and of
the processes it waited for, from wait4's rusage; a pool of forked workers
shares most of its pages with its parent, so their total is also sampled as
the sum of the processes' PSS in one extra run).

Usage:  python bench/bench_publish.py [--documents 200] [--paragraphs 50] [--repeat 3]
                                      [--work FOLDER]   (keep and reuse the corpus)
Needs Debian's hugo (`apt-get install hugo`); without it only our side runs.
The figures are printed, never asserted: the test suite does not time anything.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_workflow import as_markdown, paragraph, sentence  # noqa: E402

from translate.po import format_po, read_po  # noqa: E402

#: Target languages and the prefix their "translators" write.  The Arabic
#: one is Arabic, so that the pages' bidi isolation has real work to do.
LANGUAGES = {"fr": "FR ", "es": "ES ", "ru": "РУ ", "ar": "عربي "}
NAMES = {"en": "English", "fr": "Français", "es": "Español", "ru": "Русский", "ar": "العربية"}

PYPROJECT = """[tool.translate]
source_language = "en"
languages = ["fr", "es", "ru", "ar"]
front_matter = ["title", "description"]
base_url = "https://press.example.org/"
site_name = "Press office"
"""


def document_text(number: int, paragraphs: list[str], rng: random.Random) -> str:
    """A release: front matter (title, description, date), then the body."""
    date = f"20{10 + number % 15:02}-{1 + number % 12:02}-{1 + number % 28:02}"
    title = sentence(rng).rstrip(".")
    description = sentence(rng)
    return (f"---\ntitle: {title}\ndescription: {description}\ndate: {date}\n---\n\n"
            + as_markdown(paragraphs))


def write_corpus(folder: Path, count: int, paragraphs: int) -> None:
    rng = random.Random(20191205)
    source = folder / "source"
    source.mkdir(parents=True)
    for number in range(count):
        body = [paragraph(rng) for _ in range(paragraphs)]
        (source / f"doc{number:03}.md").write_text(document_text(number, body, rng),
                                                    encoding="utf-8")


def fill_catalogs(folder: Path) -> None:
    """Stand in for the translators: every entry of every language gets a
    reviewed translation."""
    for language, prefix in LANGUAGES.items():
        for path in (folder / "locales" / language).glob("*.po"):
            catalog = read_po(path)
            for entry in catalog:
                if entry.msgid and not entry.msgstr:
                    entry.msgstr = prefix + entry.msgid
            path.write_text(format_po(catalog), encoding="utf-8")


# -- processes, timed and measured ------------------------------------------------------


@dataclass
class Run:
    seconds: float
    #: User and system CPU time of the process and its children.
    cpu: float
    rss_mb: float
    stdout: str


def run(args: list[str], cwd: Path) -> Run:
    """Run a whole process; its wall time and the largest resident set of it
    and its descendants (wait4's rusage, in kB on Linux)."""
    env = dict(os.environ, TRANSLATE_NO_PROGRESS="1")
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(args, cwd=cwd, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            raise SystemExit(f"{' '.join(args)} failed ({process.returncode}):\n"
                             f"{err.read().decode(errors='replace')}")
        return Run(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                   out.read().decode(errors="replace"))


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    todo.extend(int(child) for child in handle.read().split())
        except OSError:
            pass
    return pids


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def peak_total_pss(args: list[str], cwd: Path) -> float:
    """The peak, over the run, of the summed PSS of a process and its
    children (each shared page counted once), in MB; sampled every 20 ms."""
    env = dict(os.environ, TRANSLATE_NO_PROGRESS="1")
    process = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, sum(_pss_kb(pid) for pid in _tree(process.pid)))
            done.wait(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    process.wait()
    done.set()
    sampler.join()
    return peak / 1024


def best(runs: list[Run]) -> Run:
    return min(runs, key=lambda item: item.seconds)


# -- Hugo ----------------------------------------------------------------------------------

HUGO_CONFIG = """baseURL = "https://press.example.org/"
title = "Press office"
defaultContentLanguage = "en"
defaultContentLanguageInSubdir = true
disableKinds = ["taxonomy", "term"]
[markup.goldmark.renderer]
unsafe = false
"""

BASEOF = """<!DOCTYPE html>
<html lang="{{ .Language.Lang }}" dir="{{ .Language.LanguageDirection | default "ltr" }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} – {{ .Site.Title }}</title>
{{ with .Description }}<meta name="description" content="{{ . }}">{{ end }}
<link rel="canonical" href="{{ .Permalink }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">
{{ end }}{{ range .AllTranslations }}{{ if eq .Language.Lang "en" }}<link rel="alternate" hreflang="x-default" href="{{ .Permalink }}">{{ end }}{{ end }}
<meta property="og:title" content="{{ .Title }}">
<meta property="og:url" content="{{ .Permalink }}">
<meta property="og:locale" content="{{ .Language.Lang }}">
</head>
<body>
<header><p><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a></p>
<nav aria-label="Languages"><ul>
{{ $current := .Language.Lang }}{{ range .AllTranslations }}<li><a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}" lang="{{ .Language.Lang }}"{{ if eq .Language.Lang $current }} aria-current="page"{{ end }}>{{ .Language.LanguageName }}</a></li>
{{ end }}</ul></nav></header>
<main id="content">{{ block "main" . }}{{ end }}</main>
</body>
</html>
"""

SINGLE = """{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
<p class="date"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006-01-02" }}</time></p>
{{ .Content }}</article>
{{ end }}
"""

LIST = """{{ define "main" }}<h1>{{ .Title }}</h1>
<ol>
{{ range .Site.RegularPages.ByDate.Reverse }}<li><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006-01-02" }}</time></p>
<p>{{ .Description }}</p></li>
{{ end }}</ol>
{{ end }}
"""


def hugo_site(folder: Path, project: Path) -> Path:
    """The same 1,000 pages as a Hugo site: one content folder per language
    (the source documents, and the localized ones `translate build` wrote,
    front matter included), translations joined by their file names."""
    site = folder / "hugo"
    config = HUGO_CONFIG
    for weight, code in enumerate(["en", *LANGUAGES], 1):
        content = site / "content" / code
        content.mkdir(parents=True)
        origin = project / "source" if code == "en" else project / "build" / code
        for path in sorted(origin.glob("*.md")):
            shutil.copy(path, content / path.name)
        config += (f'[languages.{code}]\ncontentDir = "content/{code}"\nlanguageCode = "{code}"\n'
                   f'languageName = "{NAMES[code]}"\nweight = {weight}\n'
                   + ('languageDirection = "rtl"\n' if code == "ar" else ""))
    (site / "hugo.toml").write_text(config, encoding="utf-8")
    layouts = site / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (layouts / "baseof.html").write_text(BASEOF, encoding="utf-8")
    (layouts / "single.html").write_text(SINGLE, encoding="utf-8")
    (layouts / "list.html").write_text(LIST, encoding="utf-8")
    (site / "layouts" / "index.html").write_text(LIST, encoding="utf-8")
    return site


def hugo_command(site: Path) -> list[str]:
    return ["hugo", "--quiet", "--source", str(site), "--destination", str(site / "public")]


def count_pages(public: Path) -> int:
    return sum(1 for _ in public.glob("*/doc*/index.html"))


# -- the plain loop ------------------------------------------------------------------------

LOOP = r"""
import sys
from pathlib import Path
import jinja2
from markdown_it import MarkdownIt

project, target = Path(sys.argv[1]), Path(sys.argv[2])
md = MarkdownIt("commonmark").enable("table")
template = jinja2.Environment(autoescape=True).from_string(
    '<!DOCTYPE html>\n<html lang="{{ lang }}" dir="{{ dir }}">\n<head>\n<meta charset="utf-8">\n'
    '<title>{{ title }}</title>\n{% for code in languages %}<link rel="alternate" '
    'hreflang="{{ code }}" href="https://press.example.org/{{ code }}/{{ slug }}/">\n{% endfor %}'
    '</head>\n<body>\n<nav><ul>{% for code in languages %}<li><a href="../../{{ code }}/{{ slug }}/'
    'index.html"{% if code == lang %} aria-current="page"{% endif %}>{{ code }}</a></li>'
    '{% endfor %}</ul></nav>\n<main><h1>{{ title }}</h1>\n{{ body }}</main>\n</body>\n</html>\n')
languages = ["en", "fr", "es", "ru", "ar"]
for code in languages:
    origin = project / "source" if code == "en" else project / "build" / code
    for path in sorted(origin.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        _, head, body = text.split("---\n", 2)
        title = head.split("title: ", 1)[1].split("\n", 1)[0]
        html = template.render(lang=code, dir="rtl" if code == "ar" else "ltr", title=title,
                               languages=languages, slug=path.stem,
                               body=jinja2.filters.Markup(md.render(body)))
        out = target / code / path.stem / "index.html"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(html, encoding="utf-8")
"""


# -- the benchmark -------------------------------------------------------------------------


def translate(*args: str) -> list[str]:
    return [sys.executable, "-m", "translate", *args]


def edit_document(project: Path, number: int) -> str:
    """Change one paragraph of one document (a word replaced)."""
    path = project / "source" / f"doc{number:03}.md"
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    index = next(i for i in range(12, len(lines)) if lines[i] and lines[i][0].isalpha())
    lines[index] = lines[index].replace(" the ", f" the edited{number} ", 1) \
        if " the " in lines[index] else lines[index] + f" Edited{number}."
    path.write_text("\n".join(lines), encoding="utf-8")
    return f"doc{number:03}.md"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--paragraphs", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path,
                        help="keep the corpus in this folder (made if missing, reused if there)")
    options = parser.parse_args()
    # Bytecode for our package, as an installed package has (the peers'
    # have): with PYTHONDONTWRITEBYTECODE set, each process would compile it.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "translate")],
                   check=True)
    with_hugo = shutil.which("hugo") is not None
    if not with_hugo:
        print("hugo is not installed: install Debian's hugo (apt-get install hugo) to compare; "
              "running translate publish alone.", file=sys.stderr)
    if options.work:
        options.work.mkdir(parents=True, exist_ok=True)
        bench(options.work.resolve(), options, with_hugo)
    else:
        with tempfile.TemporaryDirectory(prefix="translate-bench-publish-") as temp:
            bench(Path(temp), options, with_hugo)


def prepare(work: Path, options: argparse.Namespace) -> Path:
    """The project: corpus, templates, filled catalogs, localized documents."""
    project = work / "project"
    if (project / "build" / "ar").is_dir():
        return project
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir()
    (project / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    write_corpus(project, options.documents, options.paragraphs)
    run(translate("extract"), project)
    run(translate("update"), project)
    fill_catalogs(project)
    run(translate("build", "--min-complete", "100"), project)
    return project


def bench(work: Path, options: argparse.Namespace, with_hugo: bool) -> None:
    project = prepare(work, options)
    documents = len(list((project / "source").glob("*.md")))
    print(f"corpus: {documents} Markdown documents x {options.paragraphs} paragraphs, "
          f"languages en + {', '.join(LANGUAGES)}", flush=True)
    site = project / "build" / "site"
    expected = documents * (1 + len(LANGUAGES))
    hugo_dir = None
    if with_hugo:
        shutil.rmtree(work / "hugo", ignore_errors=True)
        hugo_dir = hugo_site(work, project)
    loop = work / "loop.py"
    loop.write_text(LOOP, encoding="utf-8")
    full, hugo_full, loop_runs = [], [], []
    # The peers take turns, so that a busy moment of the machine falls on
    # every one of them alike.
    for _ in range(options.repeat):
        if hugo_dir is not None:
            shutil.rmtree(hugo_dir / "public", ignore_errors=True)
            hugo_full.append(run(hugo_command(hugo_dir), hugo_dir))
        shutil.rmtree(site, ignore_errors=True)
        full.append(run(translate("publish", "--format", "json"), project))
        shutil.rmtree(work / "loop-site", ignore_errors=True)
        loop_runs.append(run([sys.executable, str(loop), str(project), str(work / "loop-site")],
                             work))
    rows: list[tuple[str, Run, str]] = []
    report = json.loads(best(full).stdout)
    pages = sum(report["pages"].values())
    if pages != expected:
        raise SystemExit(f"translate published {pages} pages, not {expected}")
    rows.append(("translate publish, full", best(full),
                 f"{pages} pages, {len(report['written'])} files written"))

    same, hugo_same = [], []
    for _ in range(options.repeat):
        same.append(run(translate("publish", "--format", "json"), project))
        if hugo_dir is not None:
            hugo_same.append(run(hugo_command(hugo_dir), hugo_dir))
    report = json.loads(best(same).stdout)
    rows.append(("translate publish, no change", best(same),
                 f"{len(report['rendered'])} rendered, {len(report['written'])} written"))

    originals: dict[Path, str] = {}
    changed, renders = [], []
    for attempt in range(options.repeat):
        path = project / "source" / f"doc{attempt:03}.md"
        originals[path] = path.read_text(encoding="utf-8")
        edited = edit_document(project, attempt)
        result = run(translate("publish", "--format", "json"), project)
        report = json.loads(result.stdout)
        changed.append(result)
        renders.append((edited, report["rendered"], report["written"]))
    result = best(changed)
    edited, rendered, written = renders[changed.index(result)]
    rows.append(("translate publish, 1 doc changed", result,
                 f"{len(rendered)} rendered ({', '.join(rendered)}), {len(written)} written"))
    for edited, rendered, _ in renders:
        if rendered != [edited]:
            print(f"warning: after editing {edited}, publish rendered {rendered}",
                  file=sys.stderr)
    for path, text in originals.items():
        path.write_text(text, encoding="utf-8")

    shutil.rmtree(site, ignore_errors=True)
    pss = peak_total_pss(translate("publish"), project)

    if hugo_dir is not None:
        built = count_pages(hugo_dir / "public")
        rows.append(("hugo, full build", best(hugo_full), f"{built} pages"))
        rows.append(("hugo, no change", best(hugo_same), "rewrites every file"))
    rows.append(("markdown-it-py + Jinja2 loop", best(loop_runs), "1 process, minimal template"))

    reference = best(hugo_full).seconds if hugo_full else None
    print(f"\n  {'step':34} {'time':>8} {'x Hugo':>7} {'CPU':>7} {'peak RSS':>9}  notes")
    for name, item, note in rows:
        ratio = f"{item.seconds / reference:6.2f}x" if reference else "    n/a"
        print(f"  {name:34} {item.seconds:7.2f}s {ratio:>7} {item.cpu:6.2f}s "
              f"{item.rss_mb:7.0f}MB  {note}")
    print(f"\n  translate publish, full: peak summed PSS of its processes {pss:.0f} MB")
    print(f"  best of {options.repeat} on {os.cpu_count()} cores; targets: full <= 1.5x and "
          "no change <= 0.2x Hugo's full build, peak memory < 300 MB")
    if reference:
        for label, item, target in (("full", best(full), 1.5), ("no change", best(same), 0.2)):
            ratio = item.seconds / reference
            verdict = "met" if ratio <= target else "MISSED"
            print(f"  {label}: {ratio:.2f}x Hugo (target <= {target}x): {verdict}")


if __name__ == "__main__":
    main()
