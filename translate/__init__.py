"""Translate documents through gettext PO catalogs.

The library behind the ``translate`` command.  Typical use::

    from translate import Project, load_settings, extract_templates, update_catalogs

    project = Project(load_settings())
    extract_templates(project)
    update_catalogs(project)

The library never prints and never exits: it returns results, raises
:class:`TranslateError` subclasses on bad input, logs through :mod:`logging`
and reports progress through callbacks.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = [
    "TranslateError",
    "Project",
    "Settings",
    "load_settings",
    "Document",
    "Segment",
    "parse_document",
    "read_document",
    "Catalog",
    "read_po",
    "parse_po",
    "format_po",
    "merge",
    "extract_templates",
    "update_catalogs",
    "catalog_stats",
    "build_documents",
    "Glossary",
    "load_glossary",
    "check_glossary",
    "machine_translate",
    "translate_texts",
    "get_engine",
    "DocumentFormat",
    "get_format",
    "Finding",
    "check_project",
    "run_workflow",
]

_LOCATIONS = {
    "TranslateError": "errors",
    "Project": "project",
    "Settings": "config",
    "load_settings": "config",
    "Document": "segment",
    "Segment": "segment",
    "parse_document": "segment",
    "read_document": "segment",
    "Catalog": "po",
    "read_po": "po",
    "parse_po": "po",
    "format_po": "po",
    "merge": "catalog",
    "extract_templates": "catalog",
    "update_catalogs": "catalog",
    "catalog_stats": "catalog",
    "build_documents": "build",
    "Glossary": "glossary",
    "load_glossary": "glossary",
    "check_glossary": "checks",
    "machine_translate": "mt",
    "translate_texts": "mt",
    "get_engine": "engines",
    "DocumentFormat": "segment",
    "get_format": "segment",
    "Finding": "checks",
    "check_project": "checks",
    "run_workflow": "workflow",
}


def __getattr__(name: str) -> Any:
    # Lazy, so that `import translate` (and the CLI's start-up) stays cheap.
    if name in _LOCATIONS:
        from importlib import import_module

        return getattr(import_module(f".{_LOCATIONS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
