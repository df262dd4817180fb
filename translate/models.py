"""The models each engine can use: what is installed, what can be, and
installing it (``translate models``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from .errors import ConfigError
from .languages import get_language

__all__ = ["ModelRow", "list_models", "install_files", "install_languages"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ModelRow:
    """One language pair of one engine.

    Attributes:
        engine: ``argos`` or ``apertium``.
        source: Source language code.
        target: Target language code.
        version: The package's version.
        status: ``installed`` or ``available``.
    """

    engine: str
    source: str
    target: str
    version: str
    status: str

    def to_dict(self) -> dict:
        return asdict(self)


def list_models(refresh: bool = False) -> list[ModelRow]:
    """Installed argos packages, those of the argos index not installed, and
    installed Apertium pairs.

    Args:
        refresh: Download the argos index first (needs a network).

    Raises:
        EngineError: ``refresh`` and the index cannot be reached.
    """
    from .engines import argos

    rows: list[ModelRow] = []
    installed = argos.installed_packages()
    have = {(p.source, p.target, p.version) for p in installed}
    rows += [ModelRow("argos", p.source, p.target, p.version, "installed") for p in installed]
    rows += [ModelRow("argos", p.source, p.target, p.version, "available")
             for p in argos.available_packages(refresh)
             if (p.source, p.target, p.version) not in have]
    rows += [ModelRow("apertium", source, target, version, "installed")
             for source, target, version in _apertium_pairs()]
    return sorted(rows, key=lambda r: (r.engine, r.status != "installed", r.source, r.target,
                                       r.version))


def _apertium_pairs() -> list[tuple[str, str, str]]:
    try:
        from .engines.apertium import ApertiumEngine
    except ImportError:
        return []
    pairs = ApertiumEngine.installed_pairs
    if not isinstance(ApertiumEngine.__dict__.get("installed_pairs"), (classmethod, staticmethod)):
        pairs = ApertiumEngine().installed_pairs
    return list(pairs())


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
