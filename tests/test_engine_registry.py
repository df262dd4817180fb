"""The engine registry: every engine keeps the whole protocol, engine options
come from ``[tool.translate.engine_options.<engine>]`` or ``--set`` and reach
the engine's constructor, bad options are settings errors with their line,
and a run builds each engine once.  ``Recorder`` is a test double registered
for the tests that count constructions; the built-in engines are the real
ones."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import pytest
from typer.testing import CliRunner

from translate.cli import app
from translate.config import load_settings, parse_assignments
from translate.engines import ENGINES, ModelRow, engine_class, get_engine
from translate.errors import ConfigError
from translate.models import ModelRow as ModelsModelRow
from translate.models import list_models
from translate.mt import machine_translate
from translate.project import Project

runner = CliRunner()

NEWS = """\
Interpol news

The conference was attended by the General Secretariat.

Police officers met in Kigali.
"""


class Recorder:
    """An engine that records the options it was built with and what it was
    asked to translate."""

    name = "recorder"
    enforce_terms = True
    OPTIONS: ClassVar[dict[str, Any]] = {"beam_size": int, "timeout": float,
                                         "urls": list[str], "label": str}
    created: ClassVar[list[Recorder]] = []

    def __init__(self, **options: Any) -> None:
        self.options = options
        self.targets: list[str] = []
        type(self).created.append(self)

    def describe(self, source: str, target: str) -> str:
        return f"{self.name} {source}->{target} 1"

    def check(self, source: str, target: str) -> None:
        return None

    def translate(self, texts: Sequence[str], source: str, target: str, *,
                  hypotheses: int = 1, suppress: Sequence[str] = (),
                  progress: Any = None) -> list[list[str]]:
        self.targets.append(target)
        return [[f"<{target} {text}>"] for text in texts]

    def models(self, refresh: bool = False) -> list[ModelRow]:
        return [ModelRow(self.name, "en", "fr", "1", "installed")]


class Other(Recorder):
    """A second engine name, to count constructions per name."""

    name = "other"
    created: ClassVar[list[Recorder]] = []


@pytest.fixture
def registered(monkeypatch: pytest.MonkeyPatch) -> None:
    """``recorder`` and ``other`` in the registry, for one test."""
    monkeypatch.setitem(ENGINES, "recorder", f"{__name__}:Recorder")
    monkeypatch.setitem(ENGINES, "other", f"{__name__}:Other")
    monkeypatch.setattr(Recorder, "created", [])
    monkeypatch.setattr(Other, "created", [])


def _ready(project, extra: str, languages: str = '["fr", "ru"]') -> Path:
    """A project with one document, extracted and with its catalogs."""
    root = project(languages, {"news.txt": NEWS}, extra)
    for command in (["extract"], ["update"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 0, result.output
    return root


def _line(root: Path, start: str) -> int:
    """The line of pyproject.toml that starts with ``start``."""
    lines = (root / "pyproject.toml").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.startswith(start))


# ---------------------------------------------------------------------------
# The protocol


@pytest.mark.parametrize("name", list(ENGINES))
def test_every_registered_engine_satisfies_the_protocol(name: str) -> None:
    cls = engine_class(name)
    engine = get_engine(name)
    assert isinstance(engine, cls)
    assert engine.name == name
    assert isinstance(engine.enforce_terms, bool)
    assert isinstance(cls.OPTIONS, dict)
    assert all(isinstance(option, str) for option in cls.OPTIONS)
    for method in ("describe", "check", "translate", "models"):
        assert callable(getattr(engine, method)), method
    rows = engine.models()
    assert isinstance(rows, list)
    assert all(isinstance(row, ModelRow) and row.engine == name for row in rows)


def test_the_registry_keeps_its_order_and_model_row_its_old_home() -> None:
    assert list(ENGINES)[:3] == ["argos", "pseudo", "apertium"]
    assert ModelsModelRow is ModelRow


def test_only_pseudo_leaves_translatable_terms_alone() -> None:
    assert {name: engine_class(name).enforce_terms for name in ENGINES} == \
        {"argos": True, "pseudo": False, "apertium": True, "libretranslate": True}


def test_pseudo_has_no_models_and_apertium_lists_its_pairs(tmp_path: Path) -> None:
    assert get_engine("pseudo").models() == []
    modes = tmp_path / "modes"
    modes.mkdir()
    (modes / "cat-fra.mode").write_text("lt-proc /usr/share/apertium/apertium-fra-cat/x\n",
                                        encoding="utf-8")
    rows = get_engine("apertium", datadir=str(tmp_path)).models()
    assert [(r.engine, r.source, r.target, r.status) for r in rows] == \
        [("apertium", "ca", "fr", "installed")]


def test_model_listing_iterates_over_the_registry(registered: None) -> None:
    rows = list_models()
    assert ModelRow("recorder", "en", "fr", "1", "installed") in rows
    assert ModelRow("other", "en", "fr", "1", "installed") in rows
    assert rows == sorted(rows, key=lambda r: (r.engine, r.status != "installed", r.source,
                                               r.target, r.version))


def test_unknown_engine_is_refused_by_name() -> None:
    from translate.errors import EngineError

    with pytest.raises(EngineError, match="unknown engine 'nope' -- use one of apertium, argos"):
        get_engine("nope")


# ---------------------------------------------------------------------------
# Options


def test_engine_options_from_pyproject_reach_the_engine(project, registered: None) -> None:
    root = _ready(project, """\
        engine = "recorder"

        [tool.translate.engine_options.recorder]
        beam_size = 2
        timeout = 3
        urls = ["http://127.0.0.1:5000", "http://127.0.0.1:5001"]
        label = "pool"
        """)
    settings = load_settings(root)
    options = {"beam_size": 2, "timeout": 3, "urls": ["http://127.0.0.1:5000",
                                                      "http://127.0.0.1:5001"], "label": "pool"}
    assert settings.engine_options == {"recorder": options}
    results = machine_translate(Project(settings))
    assert [r.machine for r in results] == [3, 3]
    [engine] = Recorder.created
    assert engine.options == options


def test_argos_options_from_pyproject_reach_argos(project) -> None:
    root = project(extra="""\
        [tool.translate.engine_options.argos]
        beam_size = 2
        workers = 1

        [tool.translate.engine_options.argos.options]
        max_decoding_length = 64
        """)
    settings = load_settings(root)
    engine = get_engine("argos", **settings.engine_options["argos"])
    assert (engine.beam_size, engine.workers, engine.options) == \
        (2, 1, {"max_decoding_length": 64})


def test_engine_options_on_the_command_line_override_the_file(project, registered: None) -> None:
    root = _ready(project, """\
        engine = "recorder"

        [tool.translate.engine_options.recorder]
        beam_size = 2
        label = "file"
        """)
    result = runner.invoke(app, ["mt", "--format", "json",
                                 "--set", "engine_options.recorder.beam_size=5",
                                 "--set", 'engine_options.recorder.urls=["http://a", "http://b"]',
                                 "--set", "engine_options.recorder.timeout=1.5"])
    assert result.exit_code == 0, result.output
    assert [item["machine"] for item in json.loads(result.stdout)] == [3, 3]
    [engine] = Recorder.created
    assert engine.options == {"beam_size": 5, "label": "file", "urls": ["http://a", "http://b"],
                              "timeout": 1.5}
    # The file is as it was: --set is for one run.
    assert load_settings(root).engine_options == {"recorder": {"beam_size": 2, "label": "file"}}


def test_dotted_assignments_nest_engine_options() -> None:
    assert parse_assignments(["engine_options.argos.beam_size=2",
                              "engine-options.argos.batch-tokens=512",
                              "engine_options.apertium.command=/opt/apertium/bin/apertium"]) == \
        {"engine_options": {"argos": {"beam_size": 2, "batch_tokens": 512},
                            "apertium": {"command": "/opt/apertium/bin/apertium"}}}
    assert parse_assignments(['engine_options={ argos = { beam_size = 1 } }']) == \
        {"engine_options": {"argos": {"beam_size": 1}}}


@pytest.mark.parametrize(("table", "bad", "message"), [
    ("[tool.translate.engine_options.argoss]\nbeam_size = 2\n", "[tool.translate.engine_options.argoss]",
     "unknown engine 'argoss' in engine_options -- use one of apertium, argos, "
     "libretranslate, pseudo"),
    ("[tool.translate.engine_options.argos]\nbeam_size = 2\nbeam = 3\n", "beam =",
     "the argos engine has no option 'beam' -- use one of batch_tokens, beam_size, options, "
     "threads, workers"),
    ("[tool.translate.engine_options.argos]\nthreads = 1\nbeam_size = \"4\"\n", "beam_size",
     "engine_options.argos.beam_size should be an integer, not '4' -- fix its value"),
    ("[tool.translate.engine_options.argos]\nbeam_size = true\n", "beam_size",
     "engine_options.argos.beam_size should be an integer, not True -- fix its value"),
    ("[tool.translate.engine_options.argos]\noptions = 3\n", "options",
     "engine_options.argos.options should be a table, not 3 -- fix its value"),
    ("[tool.translate.engine_options.pseudo]\nmarker = \"x\"\n", "marker",
     "the pseudo engine has no option 'marker' -- it takes none: remove it"),
    ("[tool.translate.engine_options]\nargos = 4\n", "argos = 4",
     "engine_options.argos should be a table of options, not 4 -- write for example "
     "[tool.translate.engine_options.argos] with beam_size = 4 under it"),
    ('engine_options = { apertium = { command = 4 } }\n', "engine_options",
     "engine_options.apertium.command should be a string, not 4 -- fix its value"),
    ("[tool.translate.engine_options]\napertium.datadir = [\"/usr/share\"]\n", "apertium.datadir",
     "engine_options.apertium.datadir should be a string, not ['/usr/share'] -- fix its value"),
])
def test_bad_engine_options_are_settings_errors_with_their_line(project, table: str, bad: str,
                                                                message: str) -> None:
    root = project(extra=table)
    with pytest.raises(ConfigError) as caught:
        load_settings(root)
    assert str(caught.value) == f"pyproject.toml:{_line(root, bad)}: {message}"


def test_wrong_list_items_name_the_option(project, registered: None) -> None:
    root = project(extra="""\
        [tool.translate.engine_options.recorder]
        urls = ["http://a", 5]
        """)
    with pytest.raises(ConfigError) as caught:
        load_settings(root)
    assert str(caught.value) == (f"pyproject.toml:{_line(root, 'urls')}: engine_options.recorder"
                                 ".urls should be a list of strings, not ['http://a', 5] -- fix "
                                 "its value")


@pytest.mark.parametrize(("assignment", "message"), [
    ("engine_options.argos.beam=2",
     "the argos engine has no option 'beam' -- use one of batch_tokens, beam_size, options, "
     "threads, workers"),
    ("engine_options.argos.beam_size=wide",
     "engine_options.argos.beam_size should be an integer, not 'wide' -- fix its value"),
    ("engine_options.deepl.beam_size=2",
     "unknown engine 'deepl' in engine_options -- use one of apertium, argos, "
     "libretranslate, pseudo"),
    ("engine_options.argos=2",
     "engine_options.argos should be a table of options, not 2 -- write for example "
     "--set engine_options.argos.beam_size=4"),
])
def test_bad_engine_options_on_the_command_line(project, assignment: str, message: str) -> None:
    root = _ready(project, "")
    before = {p: p.read_bytes() for p in root.rglob("*.po")}
    result = runner.invoke(app, ["mt", "--engine", "pseudo", "--set", assignment])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == f"Error: --set: {message}"
    assert {p: p.read_bytes() for p in root.rglob("*.po")} == before


def test_options_are_validated_without_heavy_imports_and_only_when_given(project) -> None:
    code = ("import sys; from translate.config import load_settings; load_settings(); "
            "print(sorted(m for m in sys.modules if m.startswith('translate.engines.') or "
            "m.split('.')[0] in ('argostranslate', 'ctranslate2', 'sentencepiece')))")
    root = project()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=root).stdout
    assert out.strip() == "[]"
    (root / "pyproject.toml").write_text(
        (root / "pyproject.toml").read_text(encoding="utf-8")
        + "\n[tool.translate.engine_options.argos]\nbeam_size = 2\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=root).stdout
    assert out.strip() == "['translate.engines.argos', 'translate.engines.sentences']"


# ---------------------------------------------------------------------------
# One engine per run


def test_a_run_builds_each_engine_once_and_shares_it(project, registered: None) -> None:
    root = _ready(project, """\
        engine = "recorder"
        engines = { es = "other" }

        [tool.translate.engine_options.recorder]
        label = "shared"

        [tool.translate.engine_options.other]
        beam_size = 1
        """, languages='["fr", "ru", "es", "de"]')
    results = machine_translate(Project(load_settings(root)))
    assert [(r.language, r.engine, r.machine) for r in results] == \
        [("fr", "recorder", 3), ("ru", "recorder", 3), ("es", "other", 3), ("de", "recorder", 3)]
    [recorder] = Recorder.created
    [other] = Other.created
    assert recorder.targets == ["fr", "ru", "de"] and recorder.options == {"label": "shared"}
    assert other.targets == ["es"] and other.options == {"beam_size": 1}


def test_languages_of_one_engine_share_one_instance(project, registered: None) -> None:
    root = _ready(project, 'engine = "recorder"\n', languages='["fr", "ru", "es"]')
    # A translator's entry in one language: the shared engine leaves it alone.
    catalog = root / "locales" / "ru" / "news.txt.po"
    entry = 'msgid "Police officers met in Kigali."\nmsgstr ""\n'
    reviewed = 'msgid "Police officers met in Kigali."\nmsgstr "Полицейские встретились в Кигали."\n'
    text = catalog.read_text(encoding="utf-8")
    assert entry in text
    catalog.write_text(text.replace(entry, reviewed), encoding="utf-8")
    results = machine_translate(Project(load_settings(root)))
    assert [r.machine for r in results] == [3, 2, 3]
    [recorder] = Recorder.created
    assert recorder.targets == ["fr", "ru", "es"] and recorder.options == {}
    text = catalog.read_text(encoding="utf-8")
    assert reviewed in text and "<ru Police officers" not in text


def test_one_engine_for_every_language_with_engine_given(project, registered: None) -> None:
    root = _ready(project, 'engines = { ru = "other" }\n')
    results = machine_translate(Project(load_settings(root)), engine="recorder",
                                engine_options={"recorder": {"label": "given"}})
    assert [(r.engine, r.machine) for r in results] == [("recorder", 3), ("recorder", 3)]
    [recorder] = Recorder.created
    assert recorder.targets == ["fr", "ru"] and recorder.options == {"label": "given"}
    assert Other.created == []


def test_no_engine_is_built_when_nothing_is_left_to_translate(project, registered: None) -> None:
    root = _ready(project, 'engine = "recorder"\n')
    proj = Project(load_settings(root))
    machine_translate(proj)
    Recorder.created.clear()
    results = machine_translate(proj)
    assert [r.machine for r in results] == [0, 0]
    assert Recorder.created == []
