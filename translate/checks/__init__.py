"""Checks over a whole project that return findings instead of raising.

:func:`check_glossary` lints the glossary and verifies, for every language,
that each translated entry uses the terms of its source correctly (``translate
glossary check``).

:func:`check_project` is ``translate check``, the CI gate: missing, stale and
wrong translations, the syntax ``msgfmt --check`` enforces
(:func:`check_po_syntax`), markup, numbers and placeholders
(:func:`check_markup`), glossary terms and languages, as
:class:`Finding` objects.  It writes nothing but its cache of findings
(:mod:`.cache`, in an existing build folder), which never changes a result.

One module per concern:

* :mod:`.findings`: the :class:`Finding` type, the codes (:data:`CODES`), the
  report (:class:`CheckReport`);
* :mod:`.syntax`: PO files as ``msgfmt --check`` sees them, with
  :mod:`.formats` for format strings;
* :mod:`.markup`: what a translation must carry over from its msgid;
* :mod:`.language`: which language a text is written in;
* :mod:`.entries`: the checks of one catalog entry, a list of small functions
  (a new check is one function there, one line in the list, one code);
* :mod:`.project`: the walk over documents, templates and catalogs;
* :mod:`.site`: the site ``translate publish`` wrote (category ``site``),
  with :mod:`.html5` clearing well-formed pages without html5lib;
* :mod:`.cache`: what an earlier run found, keyed on every input's bytes;
* :mod:`.glossary`: ``translate glossary check``.

The names below are imported on first use, so that importing this package
(as ``translate.glossary`` does for :class:`Finding`) costs nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .entries import MAX_LANGUAGE_FINDINGS, MIN_LETTERS
    from .findings import (CATEGORIES, CODES, SEVERITIES, CheckFinding, CheckReport, Finding,
                           LanguageSummary, resolve_codes)
    from .glossary import GlossaryReport, TermUsage, Violation, check_glossary
    from .markup import check_markup
    from .project import PARALLEL_ENTRIES, check_project
    from .site import SITE_CODES, check_site
    from .syntax import check_po_syntax

__all__ = ["TermUsage", "Violation", "GlossaryReport", "check_glossary", "Finding",
           "CheckFinding", "CheckReport", "LanguageSummary", "CODES", "CATEGORIES",
           "SEVERITIES", "check_project", "check_po_syntax", "check_markup", "resolve_codes",
           "MIN_LETTERS", "MAX_LANGUAGE_FINDINGS", "PARALLEL_ENTRIES", "check_site",
           "SITE_CODES"]

#: Public name -> the module of this package that defines it.
_LOCATIONS = {
    "TermUsage": "glossary",
    "Violation": "glossary",
    "GlossaryReport": "glossary",
    "check_glossary": "glossary",
    "Finding": "findings",
    "CheckFinding": "findings",
    "CheckReport": "findings",
    "LanguageSummary": "findings",
    "CODES": "findings",
    "CATEGORIES": "findings",
    "SEVERITIES": "findings",
    "resolve_codes": "findings",
    "check_project": "project",
    "PARALLEL_ENTRIES": "project",
    "check_po_syntax": "syntax",
    "check_markup": "markup",
    "check_site": "site",
    "SITE_CODES": "site",
    "MIN_LETTERS": "entries",
    "MAX_LANGUAGE_FINDINGS": "entries",
}


def __getattr__(name: str) -> Any:
    # Lazy, so that `translate check` imports only the modules it runs and
    # translate.glossary can import .findings without importing itself back.
    if name in _LOCATIONS:
        from importlib import import_module

        value = getattr(import_module(f".{_LOCATIONS[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
