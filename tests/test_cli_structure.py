"""The shape of the `translate` command: a package without import cycles, one
exit-code table that every command follows, and `run` as one library call."""

from __future__ import annotations

import ast
import inspect
import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from translate.cli import app
from translate.cli.common import EXIT_CODES, ExitCode, engine_names
from translate.config import load_settings
from translate.engines import ENGINES
from translate.po import format_po, read_po
from translate.project import Project
from translate.workflow import WorkflowResult, run_workflow

from .conftest import copy_sample, tree_bytes

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "translate"
CLI = PACKAGE / "cli"
MODULES = sorted(path.stem for path in CLI.glob("*.py"))

runner = CliRunner()


def commands() -> dict[str, object]:
    """Every command of the app, as typed after `translate`, with its function."""
    found = {}
    for name, command in typer.main.get_command(app).commands.items():
        for sub, leaf in (getattr(command, "commands", None) or {}).items():
            found[f"{name} {sub}"] = inspect.unwrap(leaf.callback)
        if not getattr(command, "commands", None):
            found[name] = inspect.unwrap(command.callback)
    return found


# --- no import cycle ---------------------------------------------------------

def test_the_command_is_a_package_of_small_modules() -> None:
    assert (CLI / "__init__.py").is_file() and "common" in MODULES
    assert not (PACKAGE / "cli.py").exists()
    assert len(MODULES) >= 4


@pytest.mark.parametrize("module", MODULES)
def test_each_module_imports_on_its_own(module: str) -> None:
    # In a fresh interpreter, so that no earlier import hides a cycle.
    name = "translate.cli" if module == "__init__" else f"translate.cli.{module}"
    code = (f"import importlib, typer.main; importlib.import_module({name!r}); "
            "from translate.cli import app; "
            "print(sorted(typer.main.get_command(app).commands))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ("['build', 'check', 'eval', 'export', 'extract', 'glossary', 'import', 'memory', "
                           "'models', 'mt', 'publish', 'run', 'stats', 'update']\n")


def _imports(path: Path, package: str) -> set[str]:
    """The modules of translate a module imports, as dotted names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = package.split(".")
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("translate"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(here[:len(here) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            else:
                base = node.module or ""
            if not base.startswith("translate"):
                continue
            found.add(base)
            # `from . import documents` imports a module; `from .common import app` a name.
            found.update(f"{base}.{alias.name}" for alias in node.names
                         if (PACKAGE.parent / f"{base}.{alias.name}".replace(".", "/")
                             ).with_suffix(".py").exists())
    return found


def _graph() -> dict[str, set[str]]:
    graph = {}
    for module in MODULES:
        name = "translate.cli" if module == "__init__" else f"translate.cli.{module}"
        graph[name] = {imported for imported in _imports(CLI / f"{module}.py", "translate.cli")
                       if imported.startswith("translate.cli")} - {name}
    return graph


def test_no_module_of_the_command_imports_back_what_imports_it() -> None:
    graph = _graph()
    # Only the package's __init__ may import the command modules; the others
    # import the shared pieces, never the package (that would run __init__).
    for name, imported in graph.items():
        if name != "translate.cli":
            assert "translate.cli" not in imported, name
    # And no chain of imports comes back where it started.
    def reach(start: str) -> set[str]:
        seen, todo = set(), list(graph.get(start, ()))
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo.extend(graph.get(current, ()))
        return seen

    assert [name for name in graph if name in reach(name)] == []
    assert graph["translate.cli.common"] == set()


def test_the_library_never_imports_the_command() -> None:
    importers = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        if relative.parts[:2] == ("translate", "cli") or path.name == "__main__.py":
            continue
        package = ".".join(relative.parts[:-1] if path.name != "__init__.py" else relative.parts)
        if any(name == "translate.cli" or name.startswith("translate.cli.")
               for name in _imports(path, package)):
            importers.append(relative.as_posix())
    assert importers == []


# --- one exit-code table -----------------------------------------------------

def test_every_command_is_in_the_exit_code_table() -> None:
    assert set(commands()) == set(EXIT_CODES)
    for name, exits in EXIT_CODES.items():
        assert exits.error in exits.codes and ExitCode.OK in exits.codes, name
    assert EXIT_CODES["check"].error is ExitCode.USAGE
    assert {exits.error for name, exits in EXIT_CODES.items() if name != "check"} == \
        {ExitCode.ERROR}


@pytest.mark.parametrize("name", sorted(EXIT_CODES))
def test_each_command_uses_its_own_line_of_the_table(name: str) -> None:
    # The error handler is given the command's own name, and every exit code
    # the command names is one its line lists.
    function = commands()[name]
    tree = ast.parse(inspect.getsource(function).lstrip())
    handlers = [node.args[0].value for node in ast.walk(tree)
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id == "errors"]
    assert handlers == [name]
    used = {getattr(ExitCode, node.attr) for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
            and node.value.id == "ExitCode"}
    assert used <= set(EXIT_CODES[name].codes)


BROKEN = '[tool.translate]\nsource_language = "en"\nlanguages = ["fr"]\nmin_complete = "lots"\n'

ARGUMENTS = {"models install": ["models", "install", "eo"], "glossary check": ["glossary", "check"],
             "import": ["import", "x.xlf"], "memory export": ["memory", "export"],
             "glossary export": ["glossary", "export"],
             "glossary import": ["glossary", "import", "x.tbx"]}


@pytest.mark.parametrize("name", sorted(set(EXIT_CODES) - {"models list"}))
def test_a_configuration_error_exits_with_the_code_of_the_table(name: str, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(BROKEN, encoding="utf-8")
    before = tree_bytes(tmp_path)
    args = ARGUMENTS.get(name, [name])
    result = runner.invoke(app, [*args, "-C", str(tmp_path)])
    assert result.exit_code == EXIT_CODES[name].error
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: ") and "pyproject.toml:4:" in line and "min_complete" in line
    assert tree_bytes(tmp_path) == before


@pytest.mark.parametrize(("args", "target", "code"), [
    (["stats"], "translate.catalog.catalog_stats", ExitCode.ERROR),
    (["check"], "translate.checks.check_project", ExitCode.USAGE),
])
def test_an_internal_error_is_one_line_with_the_code_of_the_table(
        args: list[str], target: str, code: ExitCode, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.translate]\nsource_language = "en"\nlanguages = ["fr"]\n', encoding="utf-8")

    def broken(*_args, **_kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.delenv("TRANSLATE_DEBUG", raising=False)
    monkeypatch.setattr(target, broken)
    result = runner.invoke(app, [*args, "-C", str(tmp_path)])
    assert result.exit_code == code
    assert result.stderr == ("Error: internal error: ZeroDivisionError: a bug -- please report "
                             "it; run again with TRANSLATE_DEBUG=1 to see the traceback\n")


@pytest.mark.parametrize(("args", "target"), [
    (["stats"], "translate.catalog.catalog_stats"),
    (["check"], "translate.checks.check_project"),
])
def test_an_interruption_exits_with_130_in_every_command(
        args: list[str], target: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.translate]\nsource_language = "en"\nlanguages = ["fr"]\n', encoding="utf-8")

    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(target, interrupted)
    result = runner.invoke(app, [*args, "-C", str(tmp_path)])
    assert result.exit_code == ExitCode.INTERRUPTED == 130
    assert result.stderr.startswith("Error: interrupted;")


# --- the engines the help lists ---------------------------------------------

def test_the_help_lists_the_registered_engines() -> None:
    assert engine_names() == "argos, apertium, libretranslate or pseudo"
    assert list(ENGINES)[0] == "argos"
    assert engine_names(["argos", "pseudo", "apertium", "libretranslate"]) == \
        "argos, apertium, libretranslate or pseudo"
    assert engine_names(["pseudo"]) == "pseudo"
    for command in ("mt", "run"):
        help_text = " ".join(runner.invoke(app, [command, "--help"]).stdout.split())
        assert f"Engine for every language: {engine_names()} (default:" in help_text


# --- run is one library call -------------------------------------------------

def test_run_workflow_returns_what_run_prints_and_writes_the_same(tmp_path: Path) -> None:
    by_command = copy_sample(tmp_path / "command")
    by_library = copy_sample(tmp_path / "library")
    # Drafts to make, and a document then below the threshold: every list has content.
    for folder in (by_command, by_library):
        for po in (folder / "locales" / "fr").glob("*.po"):
            catalog = read_po(po)
            for entry in [entry for entry in catalog if entry.msgid and entry.msgstr][:12]:
                entry.msgstr = ""
            po.write_text(format_po(catalog), encoding="utf-8")
    result = runner.invoke(app, ["run", "-C", str(by_command), "--engine", "pseudo",
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    labels = []

    def progress_for(label: str):
        labels.append(label)
        return None

    done = run_workflow(Project(load_settings(by_library)), None, "pseudo", False, False,
                        progress_for)
    assert isinstance(done, WorkflowResult)
    assert json.loads(result.stdout) == done.to_dict()
    assert result.stdout == json.dumps(done.to_dict(), ensure_ascii=False, indent=2) + "\n"
    assert labels == ["Extracting", "Updating", "Translating", "Building", "Publishing"]
    assert [r.language for r in done.mt] == ["ru", "fr", "es", "ar"]
    assert done.missing == [r for r in done.mt if r.error]
    assert done.skipped == [b for b in done.build if b.status == "skipped"]
    assert tree_bytes(by_command) == tree_bytes(by_library)


def test_run_workflow_stops_before_writing_on_a_missing_glossary(tmp_path: Path) -> None:
    from translate.errors import GlossaryError

    folder = copy_sample(tmp_path / "sample")
    (folder / "glossary.csv").unlink()
    before = tree_bytes(folder)
    with pytest.raises(GlossaryError):
        run_workflow(Project(load_settings(folder)), engine="pseudo")
    assert tree_bytes(folder) == before


def test_no_command_module_defers_its_annotations() -> None:
    # typer evaluates string annotations again at every start of the tool.
    for path in sorted(CLI.glob("*.py")):
        assert "from __future__ import annotations" not in path.read_text(encoding="utf-8"), path
