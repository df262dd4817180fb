"""Project settings: the ``[tool.translate]`` table of ``pyproject.toml``.

Example::

    [tool.translate]
    source_language = "en"
    languages = ["ru", "fr", "es", "ar"]
    source_dir = "source"        # the documents
    locales_dir = "locales"      # templates/<doc>.pot and <lang>/<doc>.po
    build_dir = "build"          # <lang>/<doc>, written by `translate build`
    glossary = "glossary.csv"
    front_matter = ["title", "description"]
    min_complete = 80            # percent a document needs to be built
    engine = "argos"             # machine translation: argos, apertium, pseudo
    engines = { es = "apertium" }  # per language, overrides engine

The project root is the nearest folder, from the current one upwards, whose
``pyproject.toml`` has a ``[tool.translate]`` table.  Every setting can be
overridden on the command line.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError, PathOutsideProject
from .languages import get_language

__all__ = ["Settings", "find_root", "load_settings", "inside"]

PYPROJECT = "pyproject.toml"

_DEFAULTS: dict[str, Any] = {
    "source_language": "en",
    "languages": [],
    "source_dir": "source",
    "locales_dir": "locales",
    "build_dir": "build",
    "glossary": "glossary.csv",
    "front_matter": ["title", "description"],
    "min_complete": 80,
    "bugs_address": "",
    "engine": "argos",
    "engines": {},
}


@dataclass(frozen=True)
class Settings:
    """The settings of one project, with every folder resolved.

    Attributes:
        root: The project folder (holds ``pyproject.toml``).
        source_language: Code of the language the documents are written in.
        languages: Codes of the target languages.
        source_dir, locales_dir, build_dir: Folders, relative to ``root``.
        glossary: The glossary file, relative to ``root``.
        front_matter: Front matter keys whose values are translated.
        min_complete: Percent of segments a translation needs to be built.
        bugs_address: Written to ``Report-Msgid-Bugs-To`` in templates.
        engine: The machine-translation engine (``argos``, ``apertium``,
            ``pseudo``).
        engines: Per target language, an engine other than ``engine``.
    """

    root: Path
    source_language: str = "en"
    languages: tuple[str, ...] = ()
    source_dir: str = "source"
    locales_dir: str = "locales"
    build_dir: str = "build"
    glossary: str = "glossary.csv"
    front_matter: tuple[str, ...] = ("title", "description")
    min_complete: float = 80.0
    bugs_address: str = ""
    engine: str = "argos"
    engines: dict[str, str] = field(default_factory=dict, compare=False)
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def engine_for(self, language: str) -> str:
        """The engine that translates into ``language``."""
        return self.engines.get(language, self.engine)

    def path(self, name: str) -> Path:
        """The absolute path of one of the folder or file settings."""
        return inside(self.root, getattr(self, name), f"{PYPROJECT}", self.lines.get(name))

    def where(self, key: str) -> tuple[str, int | None]:
        """The file and line a setting comes from, for error messages."""
        return PYPROJECT, self.lines.get(key)

    def with_overrides(self, **overrides: Any) -> Settings:
        """A copy with the given settings replaced (None values are ignored)."""
        values = {key: value for key, value in overrides.items() if value is not None}
        if "languages" in values:
            values["languages"] = _split_languages(values["languages"])
        settings = replace(self, **values)
        settings.validate(from_command_line=set(values))
        return settings

    def validate(self, from_command_line: set[str] = frozenset()) -> None:
        """Check language codes and folders.

        Raises:
            UnknownLanguage: A code that the tool does not know.
            PathOutsideProject: A folder outside the project.
        """

        def where(key: str) -> tuple[str, int | None] | None:
            if key in from_command_line:
                return ("--lang" if key == "languages" else "--set", None)
            return self.where(key)

        get_language(self.source_language, where("source_language"))
        for code in self.languages:
            get_language(code, where("languages"))
        if self.source_language in self.languages:
            path, line = self.where("languages")
            raise ConfigError(path, line,
                              f"the source language {self.source_language!r} is also a target",
                              "remove it from languages")
        for key in ("source_dir", "locales_dir", "build_dir", "glossary"):
            self.path(key)
        from .engines import ENGINES

        for key, name in [("engine", self.engine), *sorted(self.engines.items())]:
            if name not in ENGINES:
                place = where("engines" if key != "engine" else "engine")
                raise ConfigError(place[0] if place else PYPROJECT, place[1] if place else None,
                                  f"unknown engine {name!r}" + (f" for {key!r}" if key != "engine"
                                                               else ""),
                                  "use one of " + ", ".join(sorted(ENGINES)))
            if key != "engine":
                get_language(key, where("engines"))
        if not 0 <= self.min_complete <= 100:
            path, line = self.where("min_complete")
            raise ConfigError(path, line, f"min_complete {self.min_complete!r} is not a percentage",
                              "use a number from 0 to 100")


def _split_languages(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    codes: list[str] = []
    for item in value:
        for code in re.split(r"[,\s]+", str(item)):
            if code and code not in codes:
                codes.append(code)
    return tuple(codes)


def inside(root: Path, relative: str | Path, source: str = "", line: int | None = None) -> Path:
    """Resolve a path relative to the project root, refusing one that leaves it.

    Raises:
        PathOutsideProject: The path resolves outside ``root``.
    """
    base = root.resolve()
    target = (base / relative).resolve()
    if target != base and not target.is_relative_to(base):
        raise PathOutsideProject(
            source or str(relative), line,
            f"{str(relative)!r} is outside the project folder {str(base)!r}",
            "keep documents, catalogs and outputs inside the project",
        )
    return target


def find_root(start: Path | None = None) -> Path:
    """The nearest folder, from ``start`` upwards, with a translate project.

    Raises:
        ConfigError: No ``pyproject.toml`` with a ``[tool.translate]`` table.
    """
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / PYPROJECT
        if candidate.is_file():
            try:
                text = candidate.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            if re.search(r"^\s*\[tool\.translate\]", text, re.M):
                return folder
    raise ConfigError(None, None,
                      f"no {PYPROJECT} with a [tool.translate] table in {str(here)!r} or above",
                      "run the command inside a project, or pass --project PATH")


def _line_of_key(text: str, key: str) -> int | None:
    in_table = False
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_table = stripped.startswith("[tool.translate]")
            continue
        if in_table and re.match(rf"{re.escape(key)}\s*=", stripped):
            return number
    return None


def load_settings(root: Path | None = None) -> Settings:
    """Read the settings of the project at ``root`` (found from the current
    folder when None).

    Raises:
        ConfigError: The file is not valid TOML, or a setting is unknown or
            has the wrong type.
        UnknownLanguage: A language code is not known.
    """
    if root is None:
        root = find_root()
    root = Path(root).resolve()
    path = root / PYPROJECT
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(str(path), None, "file not found",
                          "create it with a [tool.translate] table (see README)") from None
    except UnicodeDecodeError as error:
        raise ConfigError(PYPROJECT, text_line(path.read_bytes(), error.start),
                          "not valid UTF-8", "save it as UTF-8") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        raise ConfigError(PYPROJECT, int(match.group(1)) if match else None,
                          f"invalid TOML: {error}", "fix the syntax") from None
    table = data.get("tool", {}).get("translate")
    if table is None:
        raise ConfigError(PYPROJECT, None, "no [tool.translate] table",
                          "add one (see README)")
    lines = {key: _line_of_key(text, key) for key in table}
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in _DEFAULTS:
            raise ConfigError(PYPROJECT, lines.get(key), f"unknown setting {key!r}",
                              f"use one of {', '.join(sorted(_DEFAULTS))}")
        expected = type(_DEFAULTS[key])
        if expected is int and isinstance(value, (int, float)) and not isinstance(value, bool):
            value = float(value)
        elif not isinstance(value, expected):
            raise ConfigError(PYPROJECT, lines.get(key),
                              f"{key} should be a {expected.__name__}, not {value!r}",
                              "fix its value")
        if key == "languages":
            value = _split_languages(value)
        elif key == "front_matter":
            value = tuple(str(item) for item in value)
        elif key == "engines":
            value = _engine_table(value, PYPROJECT, lines.get(key))
        values[key] = value
    settings = Settings(root=root, lines=lines, **values)
    settings.validate()
    return settings


def parse_assignments(assignments: list[str] | tuple[str, ...]) -> dict[str, Any]:
    """Settings given as ``KEY=VALUE`` on the command line (VALUE in TOML, or
    a bare string).

    Raises:
        ConfigError: Not of the form KEY=VALUE, or an unknown key.
    """
    values: dict[str, Any] = {}
    for assignment in assignments:
        key, equals, raw = assignment.partition("=")
        key = key.strip().replace("-", "_")
        if not equals or not key:
            raise ConfigError("--set", None, f"{assignment!r} is not KEY=VALUE",
                              "write for example --set min_complete=90")
        if key not in _DEFAULTS:
            raise ConfigError("--set", None, f"unknown setting {key!r}",
                              f"use one of {', '.join(sorted(_DEFAULTS))}")
        try:
            value = tomllib.loads(f"value = {raw}")["value"]
        except tomllib.TOMLDecodeError:
            value = raw.strip()
        expected = type(_DEFAULTS[key])
        if expected is int:
            try:
                value = float(value)
            except (TypeError, ValueError):
                raise ConfigError("--set", None, f"{key} should be a number, not {raw!r}",
                                  "give a number") from None
        elif expected is list and isinstance(value, str):
            value = [item for item in re.split(r"[,\s]+", value) if item]
        elif not isinstance(value, expected):
            raise ConfigError("--set", None, f"{key} should be a {expected.__name__}, not {raw!r}",
                              "fix the value")
        if key == "front_matter":
            value = tuple(value)
        elif key == "engines":
            value = _engine_table(value, "--set", None)
        values[key] = value
    return values


def _engine_table(value: dict, source: str, line: int | None) -> dict[str, str]:
    if not all(isinstance(name, str) for name in value.values()):
        raise ConfigError(source, line, f"engines should map languages to engine names, not {value!r}",
                          'write for example engines = { es = "apertium" }')
    return dict(value)


def text_line(data: bytes, offset: int) -> int:
    """The 1-based line of a byte offset."""
    return data.count(b"\n", 0, offset) + 1


def source_date() -> str:
    """The current time as gettext writes it, honouring SOURCE_DATE_EPOCH."""
    import time

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    seconds = int(epoch) if epoch and epoch.isdigit() else int(time.time())
    return time.strftime("%Y-%m-%d %H:%M+0000", time.gmtime(seconds))
