"""Time mdpo's in-process Python API over a folder of Markdown documents.

``bench_speed.py`` runs this file with the Python of mdpo's own virtual
environment (``bench/.cache/venvs/mdpo``), once per measurement, and reads
the JSON line it prints.  Only the API calls are timed, as issue 15 asks
("mdpo's in-process Python API"): the interpreter's start-up and the import
of mdpo are left out, unlike our side, which is timed as a whole process.

Usage (inside mdpo's environment):
    python _mdpo_driver.py extract SOURCE_DIR PO_DIR
        markdown_to_pofile() on every SOURCE_DIR/*.md, saved as PO_DIR/<name>.po
    python _mdpo_driver.py build SOURCE_DIR PO_DIR OUT_DIR
        pofile_to_markdown() of every SOURCE_DIR/*.md with PO_DIR/<name>.po,
        saved as OUT_DIR/<name>

Prints ``{"seconds": ..., "rss_mb": ..., "files": ...}``.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from mdpo.md2po import markdown_to_pofile
from mdpo.po2md import pofile_to_markdown


def extract(source: Path, po_dir: Path) -> tuple[float, int]:
    po_dir.mkdir(parents=True, exist_ok=True)
    documents = sorted(source.glob("*.md"))
    start = time.perf_counter()
    for document in documents:
        markdown_to_pofile(str(document), po_filepath=str(po_dir / f"{document.name}.po"),
                           save=True)
    return time.perf_counter() - start, len(documents)


def build(source: Path, po_dir: Path, out: Path) -> tuple[float, int]:
    out.mkdir(parents=True, exist_ok=True)
    documents = sorted(source.glob("*.md"))
    start = time.perf_counter()
    for document in documents:
        pofile_to_markdown(str(document), str(po_dir / f"{document.name}.po"),
                           save=str(out / document.name))
    return time.perf_counter() - start, len(documents)


def main() -> None:
    mode, *paths = sys.argv[1:]
    if mode == "extract":
        seconds, files = extract(Path(paths[0]), Path(paths[1]))
    elif mode == "build":
        seconds, files = build(Path(paths[0]), Path(paths[1]), Path(paths[2]))
    else:
        raise SystemExit(f"unknown mode {mode!r}: use extract or build")
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "rss_mb": rss_mb, "files": files}))


if __name__ == "__main__":
    main()
