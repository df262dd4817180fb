"""Doors in and out of the catalogs for agencies and CAT tools: XLIFF for the
text, TMX for translation memory, TBX for terminology.

PO stays the single store; these formats are exchanged, never kept.  Each
format is one module; :data:`EXCHANGE_FORMATS` lists them (a new format: one
module, one line here, one folder of golden files under
``tests/data/exchange/``):

* :mod:`.xliff`: XLIFF 1.2 and 2.0, with Markdown markup as inline codes
  (:mod:`.inline`); :mod:`.catalogs` exports catalogs and imports them back
  (:func:`export_catalogs`, :func:`import_files`).
* :mod:`.tmx`: TMX 1.4b; :func:`export_memory` writes the reviewed pairs,
  :mod:`translate.memory` reads TMX files as external memories.
* :mod:`.tbx`: TBX-Basic; :func:`export_glossary` and :func:`import_glossary`.

Every file that comes in is parsed by :mod:`.safexml`, which refuses entity
declarations (XXE, entity bombs) and never fetches anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["ExchangeFormat", "EXCHANGE_FORMATS", "export_catalogs", "import_files",
           "export_memory", "export_glossary", "import_glossary", "unit_id"]


@dataclass(frozen=True)
class ExchangeFormat:
    """A line of the registry.

    Attributes:
        name: As ``--format`` takes it.
        label: How messages name it.
        suffix: The file name suffix written.
        carries: ``text`` (catalog entries), ``memory`` or ``terminology``.
        module: The module that reads and writes it.
    """

    name: str
    label: str
    suffix: str
    carries: str
    module: str


#: The exchange formats, by name.
EXCHANGE_FORMATS: dict[str, ExchangeFormat] = {
    "xliff": ExchangeFormat("xliff", "XLIFF 1.2", ".xlf", "text", "translate.exchange.xliff"),
    "xliff2": ExchangeFormat("xliff2", "XLIFF 2.0", ".xlf", "text", "translate.exchange.xliff"),
    "tmx": ExchangeFormat("tmx", "TMX 1.4b", ".tmx", "memory", "translate.exchange.tmx"),
    "tbx": ExchangeFormat("tbx", "TBX-Basic", ".tbx", "terminology", "translate.exchange.tbx"),
}

_LOCATIONS = {
    "export_catalogs": "catalogs",
    "import_files": "catalogs",
    "export_memory": "catalogs",
    "unit_id": "catalogs",
    "export_glossary": "tbx",
    "import_glossary": "tbx",
}


def __getattr__(name: str) -> Any:
    # Lazy: the CLI lists the formats without importing any XML code.
    if name in _LOCATIONS:
        from importlib import import_module

        return getattr(import_module(f".{_LOCATIONS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
