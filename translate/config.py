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

    [tool.translate.engine_options.argos]   # passed to the engine's constructor
    beam_size = 2

The project root is the nearest folder, from the current one upwards, whose
``pyproject.toml`` has a ``[tool.translate]`` table.  Every setting can be
overridden on the command line (``--set min_complete=90``; engine options
with dotted keys: ``--set engine_options.argos.beam_size=4``).
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError, PathOutsideProject
from .languages import get_language, normalize_code

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
    "engine_options": {},
    # Translation memory and exchange with agencies (translate/memory.py, exchange/).
    "memories": [],
    "memory_min_similarity": 75,
    "export_bundle": True,
    # The published site (translate publish).
    "site_dir": "build/site",
    "base_url": "",
    "url_pattern": "/<lang>/<slug>/",
    "x_default": "source",
    "site_name": "",
    "site_templates": "",
    "dates": {},
}
#: The setting whose tables take dotted keys on the command line.
ENGINE_OPTIONS = "engine_options"


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
        engine_options: Per engine name, the keyword arguments its
            constructor gets (``[tool.translate.engine_options.<engine>]``),
            checked against the options the engine declares.
        site_dir: Where ``translate publish`` writes the site.
        base_url: The site's address (``https://example.org/news/``), for
            the absolute URLs search engines need (hreflang, sitemap,
            feeds); "" for a site that only works with relative links.
        url_pattern: A page's path under ``base_url``, with ``<lang>`` and
            ``<slug>`` (the document's path without its suffix).
        x_default: The ``hreflang="x-default"`` page of a release: its
            ``source``-language version, or the language ``selector``.
        site_name: The site's name in page titles and headers: one for every
            language, or a table by language ("" for none: pages then say
            "Press releases" in their language).
        site_templates: A folder of templates and a ``style.css`` that
            replace the default theme's ("" for none).
        dates: Publication dates (``YYYY-MM-DD``) by document, for documents
            whose front matter has no ``date`` (plain text).
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
    engine_options: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False)
    # External translation memories (TMX, PO compendia; "{lang}" in a path
    # stands for each language), the percent a fuzzy match needs (100: exact
    # only), and whether `translate export` bundles a language's documents.
    memories: tuple[str, ...] = ()
    memory_min_similarity: float = 75.0
    export_bundle: bool = True
    site_dir: str = "build/site"
    base_url: str = ""
    url_pattern: str = "/<lang>/<slug>/"
    x_default: str = "source"
    site_name: str | dict[str, str] = field(default="", compare=False)
    site_templates: str = ""
    dates: dict[str, str] = field(default_factory=dict, compare=False)
    # Also holds "engine_options.<engine>" and "engine_options.<engine>.<option>".
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    # Settings given for one run (`--set`, `--lang`), not by the file.
    overridden: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    def is_set(self, key: str) -> bool:
        """Whether ``pyproject.toml`` or an override gives the setting (rather
        than its default applying)."""
        return key in self.lines or key in self.overridden

    def site_name_for(self, language: str) -> str:
        """The site's name in a language ("" when none is set): a table's
        entry for it, else for the source language."""
        if isinstance(self.site_name, dict):
            return self.site_name.get(language) or self.site_name.get(self.source_language, "")
        return self.site_name

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
        """A copy with the given settings replaced (None values are ignored).

        Engine options are merged into those of the file, option by option:
        ``--set engine_options.argos.beam_size=2`` keeps the file's other
        argos options.
        """
        values = {key: value for key, value in overrides.items() if value is not None}
        if "languages" in values:
            values["languages"] = _split_languages(values["languages"])
        given = set(values)
        if ENGINE_OPTIONS in values:
            given |= _option_keys(values[ENGINE_OPTIONS])
            values[ENGINE_OPTIONS] = _merged(self.engine_options, values[ENGINE_OPTIONS])
        settings = replace(self, overridden=self.overridden | set(values), **values)
        settings.validate(from_command_line=given)
        return settings.normalized()

    def normalized(self) -> Settings:
        """A copy with every language code in gettext's form (``FR`` -> ``fr``,
        ``pt-br`` -> ``pt_BR``), without repeats: the folders of the catalogs
        are named after them."""
        languages = tuple(dict.fromkeys(normalize_code(code) for code in self.languages))
        engines = {normalize_code(code): name for code, name in self.engines.items()}
        return replace(self, source_language=normalize_code(self.source_language),
                       languages=languages, engines=engines)

    def select_languages(self, codes: Iterable[str], source: str = "--lang") -> Settings:
        """A copy that works on some of the project's target languages only.

        Args:
            codes: Codes as typed (``FR``, ``pt-br``; several may be given in
                one item, separated by commas).
            source: Where they come from, for error messages.

        Raises:
            UnknownLanguage: A code the tool does not know.
            ConfigError: A language that is not a target of the project:
                catalogs are never created for it behind the user's back.
        """
        chosen: list[str] = []
        for code in _split_languages(list(codes)):
            normalized = normalize_code(code, (source, None))
            if normalized not in self.languages:
                path, line = self.where("languages")
                targets = ", ".join(self.languages) or "none yet"
                listed = ", ".join(f'"{item}"' for item in (*self.languages, normalized))
                raise ConfigError(source, None,
                                  f"{code!r} is not a target language of this project "
                                  f"(targets: {targets})",
                                  f"add it to languages in [tool.translate] of {path}"
                                  + (f" (line {line})" if line else "")
                                  + f": languages = [{listed}]")
            if normalized not in chosen:
                chosen.append(normalized)
        return replace(self, languages=tuple(chosen))

    def require_languages(self) -> tuple[str, ...]:
        """The target languages, refusing a project that has none.

        Raises:
            ConfigError: No target language is configured.
        """
        if not self.languages:
            path, line = self.where("languages")
            raise ConfigError(path, line, "no target language is configured",
                              'add them to [tool.translate], e.g. languages = ["fr", "es"]')
        return self.languages

    def validate(self, from_command_line: set[str] = frozenset()) -> None:
        """Check language codes, folders, engines and their options.

        Raises:
            UnknownLanguage: A code that the tool does not know.
            PathOutsideProject: A folder outside the project.
            ConfigError: An unknown engine, or an engine option it does not
                take or of the wrong type.
        """

        def where(key: str) -> tuple[str, int | None] | None:
            if key in from_command_line:
                return ("--lang" if key == "languages" else "--set", None)
            return self.where(key)

        get_language(self.source_language, where("source_language"))
        for code in self.languages:
            get_language(code, where("languages"))
        if normalize_code(self.source_language) in {normalize_code(c) for c in self.languages}:
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
        if self.engine_options:
            # Imports the modules of the engines named (never their heavy
            # libraries); a project without engine options imports none.
            from .engines import check_options

            for name, options in self.engine_options.items():
                table = f"{ENGINE_OPTIONS}.{name}"
                check_options(name, options, lambda option, table=table: where(
                    f"{table}.{option}" if option is not None else table) or (PYPROJECT, None))
        self._validate_site(where)
        if not 1 <= self.memory_min_similarity <= 100:
            path, line = self.where("memory_min_similarity")
            raise ConfigError(path, line, f"memory_min_similarity {self.memory_min_similarity!r} "
                              "is not a percentage from 1 to 100",
                              "use for example 75 (100: exact matches only)")
        for item in self.memories:
            inside(self.root, str(item).replace("{lang}", "lang"), PYPROJECT,
                   self.lines.get("memories"))
        if not 0 <= self.min_complete <= 100:
            path, line = self.where("min_complete")
            raise ConfigError(path, line, f"min_complete {self.min_complete!r} is not a percentage",
                              "use a number from 0 to 100")


    def _validate_site(self, where: Any) -> None:
        def fail(key: str, reason: str, hint: str) -> None:
            path, line = where(key) or (PYPROJECT, None)
            raise ConfigError(path, line, reason, hint)

        self.path("site_dir")
        if self.site_templates:
            self.path("site_templates")
        if self.base_url:
            match = re.fullmatch(r"https?://[^/\s?#]+(?:/[^\s?#]*)?", self.base_url)
            if match is None:
                fail("base_url", f"base_url {self.base_url!r} is not an absolute http(s) URL",
                     'write it like base_url = "https://example.org/news/"')
        pattern = self.url_pattern
        if not pattern.startswith("/") or "<slug>" not in pattern or "<lang>" not in pattern \
                or not (pattern.endswith("/") or pattern.endswith(".html")) \
                or re.search(r"<(?!lang>|slug>)|\.\.|//|[\s?#]", pattern):
            fail("url_pattern", f"url_pattern {pattern!r} is not a page path",
                 'use "/", <lang> and <slug>, ending with "/" or ".html", e.g. '
                 '"/<lang>/<slug>/"')
        if self.x_default not in ("source", "selector"):
            fail("x_default", f"x_default {self.x_default!r} is neither 'source' nor 'selector'",
                 'write x_default = "source" (the release in the source language) or '
                 '"selector" (the language selector page)')
        for document, date in self.dates.items():
            if not isinstance(date, str) or re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) is None:
                fail("dates", f"the date of {document!r} is {date!r}, not YYYY-MM-DD",
                     'write dates = { "news.txt" = "2019-02-05" }')


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

    Every symbolic link on the way is followed: a link that stays inside the
    project is fine, one that leads outside is named in the error.

    Args:
        root: The project folder.
        relative: The path, relative to ``root`` (or absolute).
        source: What the error is about (a file the user knows, or the
            setting's file); default: ``relative``.
        line: The line in ``source``, if any.

    Returns:
        The resolved path.

    Raises:
        PathOutsideProject: The path resolves outside ``root``, or is a loop
            of symbolic links.
    """
    base = root.resolve()
    candidate = base / relative
    try:
        target = candidate.resolve()
    except (RuntimeError, OSError):  # a loop of links (RuntimeError before Python 3.13)
        raise PathOutsideProject(
            source or str(relative), line,
            f"{_shown(base, _looping_link(candidate))!r} is a loop of symbolic links",
            "replace the symbolic link by a file or folder inside the project",
        ) from None
    if _within(base, target):
        return target
    escape = _leading_link(base, candidate)
    if escape is None:
        raise PathOutsideProject(
            source or str(relative), line,
            f"{str(relative)!r} is outside the project folder {str(base)!r}",
            "keep documents, catalogs and outputs inside the project",
        )
    link, destination, folder = escape
    raise PathOutsideProject(
        source or str(relative), line,
        f"{_shown(base, link)!r} leads to {str(destination)!r}, which is outside the project "
        f"folder {str(base)!r}",
        f"replace the symbolic link by a {'folder' if folder else 'file'} inside the project",
    )


def _within(base: Path, target: Path) -> bool:
    return target == base or target.is_relative_to(base)


def _shown(base: Path, path: Path) -> str:
    """A path as the user sees it: relative to the project when it is in it."""
    lexical = Path(os.path.abspath(path))
    return lexical.relative_to(base).as_posix() if _within(base, lexical) else str(path)


def _looping_link(candidate: Path) -> Path:
    """The first folder or file on the way to ``candidate`` that cannot be
    resolved (a loop of links), or ``candidate`` itself."""
    lexical = Path(os.path.abspath(candidate))
    for prefix in (*reversed(lexical.parents), lexical):
        try:
            prefix.resolve()
        except (RuntimeError, OSError):
            return prefix
    return lexical


def _leading_link(base: Path, candidate: Path) -> tuple[Path, Path, bool] | None:
    """The first symbolic link on the way from ``base`` to ``candidate`` that
    leads outside ``base``: (the link, where it leads, whether it stands for
    a folder).  None when the path itself is outside, no link involved."""
    lexical = Path(os.path.abspath(candidate))
    if not _within(base, lexical):
        return None
    current = base
    parts = lexical.relative_to(base).parts
    for index, part in enumerate(parts):
        current = current / part
        if current.is_symlink():
            destination = current.resolve()
            if not _within(base, destination):
                folder = index < len(parts) - 1 or destination.is_dir()
                return current, destination, folder
    return None


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
    if isinstance(table.get(ENGINE_OPTIONS), dict):
        found = _engine_option_lines(text, table[ENGINE_OPTIONS])
        lines.update({key: line for key, line in found.items()
                      if line is not None or key not in lines})
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in _DEFAULTS:
            raise ConfigError(PYPROJECT, lines.get(key), f"unknown setting {key!r}",
                              f"use one of {', '.join(sorted(_DEFAULTS))}")
        expected = type(_DEFAULTS[key])
        if key == "site_name" and isinstance(value, dict):
            # A name per language: { en = "...", fr = "..." }.
            if not all(isinstance(name, str) for name in value.values()):
                raise ConfigError(PYPROJECT, lines.get(key),
                                  f"site_name should map languages to names, not {value!r}",
                                  'write site_name = "..." or site_name = { en = "...", fr = "..." }')
            value = {normalize_code(code): name for code, name in value.items()}
        elif expected is int and isinstance(value, (int, float)) and not isinstance(value, bool):
            value = float(value)
        elif not isinstance(value, expected):
            raise ConfigError(PYPROJECT, lines.get(key),
                              f"{key} should be a {expected.__name__}, not {value!r}",
                              "fix its value")
        if key == "languages":
            value = _split_languages(value)
        elif key in ("front_matter", "memories"):
            value = tuple(str(item) for item in value)
        elif key == "engines":
            value = _engine_table(value, PYPROJECT, lines.get(key))
        elif key == "dates":
            # TOML has dates of its own: 2019-02-05 without quotes.
            value = {str(name): date.isoformat() if hasattr(date, "isoformat") else date
                     for name, date in value.items()}
        values[key] = value
    settings = Settings(root=root, lines=lines, **values)
    settings.validate()
    return settings.normalized()


def parse_assignments(assignments: list[str] | tuple[str, ...]) -> dict[str, Any]:
    """Settings given as ``KEY=VALUE`` on the command line (VALUE in TOML, or
    a bare string).

    Raises:
        ConfigError: Not of the form KEY=VALUE, or an unknown key.
    """
    values: dict[str, Any] = {}
    for assignment in assignments:
        key, equals, raw = assignment.partition("=")
        parts = [part.strip() for part in key.split(".")]
        if equals and len(parts) > 1 and parts[0].replace("-", "_") == ENGINE_OPTIONS:
            # engine_options.<engine>.<option>[.<key>]=VALUE: the engine's name
            # is kept as written, options are identifiers like other keys.
            if not all(parts):
                raise ConfigError("--set", None, f"{assignment!r} is not KEY=VALUE",
                                  "write for example --set engine_options.argos.beam_size=4")
            nested = _assigned_value(raw)
            for part in reversed([parts[1]] + [part.replace("-", "_") for part in parts[2:]]):
                nested = {part: nested}
            _check_option_tables(nested)
            values[ENGINE_OPTIONS] = _merged(values.get(ENGINE_OPTIONS, {}), nested)
            continue
        key = key.strip().replace("-", "_")
        if not equals or not key:
            raise ConfigError("--set", None, f"{assignment!r} is not KEY=VALUE",
                              "write for example --set min_complete=90")
        if key not in _DEFAULTS:
            raise ConfigError("--set", None, f"unknown setting {key!r}",
                              f"use one of {', '.join(sorted(_DEFAULTS))}")
        value = _assigned_value(raw)
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
        if key in ("front_matter", "memories"):
            value = tuple(str(item) for item in value)
        elif key == "engines":
            value = _engine_table(value, "--set", None)
        elif key == ENGINE_OPTIONS:
            _check_option_tables(value)
            value = _merged(values.get(key, {}), value)
        values[key] = value
    return values


def _assigned_value(raw: str) -> Any:
    """The value of ``--set KEY=VALUE``: TOML, or else a bare string."""
    try:
        return tomllib.loads(f"value = {raw}")["value"]
    except tomllib.TOMLDecodeError:
        return raw.strip()


def _check_option_tables(value: dict[str, Any]) -> None:
    """Refuse engine options given on the command line that are not a table
    per engine (what they hold is checked against the engine later)."""
    for name, options in value.items():
        if not isinstance(options, dict):
            raise ConfigError("--set", None, f"{ENGINE_OPTIONS}.{name} should be a table of "
                              f"options, not {options!r}",
                              f"write for example --set {ENGINE_OPTIONS}.{name}.beam_size=4")


def _merged(base: Any, extra: Any) -> Any:
    """``extra`` over ``base``, tables merged key by key, other values replaced."""
    if not isinstance(base, dict) or not isinstance(extra, dict):
        return extra
    merged = dict(base)
    for key, value in extra.items():
        merged[key] = _merged(base[key], value) if key in base else value
    return merged


def _option_keys(table: Any) -> set[str]:
    """The keys of :attr:`Settings.lines` that name an engine's table and its
    options, for the engine options in ``table``."""
    keys: set[str] = set()
    for name, options in (table.items() if isinstance(table, dict) else ()):
        keys.add(f"{ENGINE_OPTIONS}.{name}")
        keys.update(f"{ENGINE_OPTIONS}.{name}.{option}"
                    for option in (options if isinstance(options, dict) else ()))
    return keys


_TABLE_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]")
_BARE_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+(?:\s*\.\s*[A-Za-z0-9_-]+)*)\s*=")


def _engine_option_lines(text: str, table: dict[str, Any]) -> dict[str, int | None]:
    """The line of each engine's options table and of each of its options,
    whichever way the TOML writes them: ``[tool.translate.engine_options.argos]``
    tables, dotted keys, or inline tables (the line of the inline table
    then).  Keys as in :attr:`Settings.lines`."""
    prefix = ("tool", "translate", ENGINE_OPTIONS)
    found: dict[tuple[str, ...], int] = {}
    current: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith("[["):
            current = ("[[",)  # an array of tables: not ours
            continue
        header = _TABLE_HEADER.match(line)
        if header:
            current = path = _dotted(header.group(1))
        else:
            key = _BARE_KEY.match(line)
            if not key:
                continue
            path = current + _dotted(key.group(1))
        if path[:3] == prefix:
            for depth in range(3, min(len(path), 5) + 1):
                found.setdefault(path[:depth], number)

    def line(*parts: str) -> int | None:
        # The most precise line known: the option, else its engine's table.
        for depth in range(len(parts), -1, -1):
            number = found.get(prefix + parts[:depth])
            if number is not None:
                return number
        return None

    lines = {ENGINE_OPTIONS: line()}
    for name, options in table.items():
        lines[f"{ENGINE_OPTIONS}.{name}"] = line(name)
        for option in options if isinstance(options, dict) else ():
            lines[f"{ENGINE_OPTIONS}.{name}.{option}"] = line(name, option)
    return lines


def _dotted(key: str) -> tuple[str, ...]:
    """The parts of a dotted TOML key, without their quotes."""
    return tuple(part.strip().strip("\"'") for part in key.split("."))


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
