"""Shared fixtures: a throw-away project, a fixed clock, GNU gettext."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import textwrap
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
#: The repository: its sample project is the tool's working example.
REPOSITORY = Path(__file__).resolve().parent.parent

# argostranslate reads its folders from the environment when it is first
# imported: point them at a throw-away folder before any test can import it,
# so tests never see or touch the user's installed packages.
ARGOS_HOME = Path(tempfile.mkdtemp(prefix="translate-tests-argos-"))
for _name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
    os.environ[_name] = str(ARGOS_HOME / _name.lower())
os.environ["ARGOS_PACKAGES_DIR"] = str(ARGOS_HOME / "packages")
os.environ["ARGOS_PACKAGE_INDEX"] = "http://127.0.0.1:9/"  # never the network

#: 2026-01-02 03:04 UTC: the date every test writes in PO headers.
EPOCH = "1767323040"


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def gettext_tool(name: str) -> str:
    """The path of a GNU gettext program; the test fails if it is missing,
    because CI installs gettext and the cross-checks must run there."""
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"GNU gettext's {name} is not installed (apt-get install gettext)")
    return path


def msgfmt_check(path: Path) -> subprocess.CompletedProcess:
    """Run `msgfmt --check` on a PO or POT file."""
    return subprocess.run([gettext_tool("msgfmt"), "--check", "-o", "/dev/null", str(path)],
                          capture_output=True, text=True)


PYPROJECT = """\
[project]
name = "sample"

[tool.translate]
source_language = "en"
languages = {languages}
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A new project folder with two target languages and no documents yet;
    the current folder is its root."""

    def make(languages: str = '["fr", "ru"]', documents: dict[str, str | bytes] | None = None,
             extra: str = "") -> Path:
        (tmp_path / "pyproject.toml").write_text(
            PYPROJECT.format(languages=languages) + textwrap.dedent(extra), encoding="utf-8")
        source = tmp_path / "source"
        source.mkdir(exist_ok=True)
        for name, content in (documents or {}).items():
            path = source / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return tmp_path

    monkeypatch.chdir(tmp_path)
    return make


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Every file under a folder, by relative path: to prove nothing changed."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def copy_sample(root: Path) -> Path:
    """A copy of the repository's sample project (settings, glossary,
    documents and catalogs) in a new folder ``root``."""
    root.mkdir()
    for name in ("pyproject.toml", "glossary.csv"):
        shutil.copy(REPOSITORY / name, root / name)
    for name in ("source", "locales"):
        shutil.copytree(REPOSITORY / name, root / name)
    return root


def translate_with_prefix(path: Path, prefix: str) -> None:
    """Translate every active entry of a catalog as ``prefix + msgid``,
    reviewed (not fuzzy), as a translator saving it would."""
    from translate.po import format_po, read_po

    catalog = read_po(path)
    for entry in catalog:
        if entry.msgid and not entry.obsolete:
            entry.msgstr = prefix + entry.msgid
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    path.write_text(format_po(catalog), encoding="utf-8")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(ARGOS_HOME, ignore_errors=True)
