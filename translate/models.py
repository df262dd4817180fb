"""The models each engine can use: what is installed, what can be, and
installing it (``translate models``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from .engines import ENGINES, ModelRow, engine_class
from .errors import ConfigError
from .languages import get_language

__all__ = ["ModelRow", "list_models", "install_files", "install_languages", "install_models"]

log = logging.getLogger(__name__)


def list_models(refresh: bool = False,
                engine_options: Mapping[str, Mapping[str, Any]] | None = None) -> list[ModelRow]:
    """The models of every registered engine (see :meth:`Engine.models`):
    for argos, its installed packages and those of its index not installed;
    for Apertium, its installed pairs.  Sorted by engine, installed first,
    then by pair and version.

    Args:
        refresh: Let each engine fetch its list of available models first
            (the argos index: needs a network).
        engine_options: Per engine name, the options to build it with
            (default: none).

    Raises:
        EngineError: ``refresh`` and the argos index cannot be reached, or
            argostranslate is not installed.
    """
    rows: list[ModelRow] = []
    for name in ENGINES:
        try:
            cls = engine_class(name)
        except ImportError as error:
            # An engine whose module cannot load has no models to list.
            log.debug("engine %s not available: %s", name, error)
            continue
        rows += cls(**dict((engine_options or {}).get(name, {}))).models(refresh)
    return sorted(rows, key=lambda r: (r.engine, r.status != "installed", r.source, r.target,
                                       r.version))


def install_files(paths: Iterable[str | Path]) -> list:
    """Install ``.argosmodel`` files (see :func:`translate.engines.argos.install_file`)."""
    from .engines import argos

    return [argos.install_file(path) for path in paths]


def _pair(item: str, source: str) -> tuple[str, str]:
    match = re.fullmatch(r"\s*([A-Za-z]{2,3})\s*(?:->|[-_:])\s*([A-Za-z]{2,3})\s*", item)
    parts = [match.group(1), match.group(2)] if match else item.split("->")
    if len(parts) == 1:
        pair = (source, parts[0])
    elif len(parts) == 2:
        pair = (parts[0], parts[1])
    else:
        raise ConfigError(None, None, f"{item!r} is not a language or a pair",
                          "write a target language (ru) or a pair (fr-ru)")
    for code in pair:
        get_language(code, ("models install", None))
    return pair


def install_languages(source: str, items: Iterable[str],
                      progress: Callable[[int, int], None] | None = None) -> list:
    """Download and install the argos packages for ``source`` into each of
    ``items`` (target codes, or pairs such as ``fr-ru``).

    Raises:
        UnknownLanguage: A code the tool does not know.
        EngineError: No network.
        ModelNotInstalled: The index has no package for a pair.
    """
    from .engines import argos

    installed = []
    for item in items:
        installed += argos.install_pair(*_pair(item, source), progress=progress)
    return installed


def install_models(files: Iterable[str | Path] = (), source: str = "en",
                   languages: Iterable[str] = (),
                   progress: Callable[[int, int], None] | None = None) -> list:
    """Install argos packages: the files given first (offline), then those
    downloaded for ``source`` into each of ``languages`` (``translate models
    install``).

    Raises:
        PackageError: A file is not a valid package (nothing of it is installed).
        UnknownLanguage, EngineError, ModelNotInstalled: As
            :func:`install_languages`.
    """
    installed = install_files(files)
    languages = list(languages)
    if languages:
        installed += install_languages(source, languages, progress)
    return installed
