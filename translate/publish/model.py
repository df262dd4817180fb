"""What the parts of the site share: its error, what a page is, language
facts as the templates see them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import TranslateError
from ..languages import get_language
from .urls import hreflang

__all__ = ["PublishError", "PageInfo", "language_facts"]


class PublishError(TranslateError):
    """A document, template or setting the site cannot be published from."""


@dataclass
class PageInfo:
    """What listings, the sitemap and the feeds need of one release page."""

    document: str
    language: str
    path: str
    title: str
    description: str
    date: str


def language_facts(code: str) -> dict[str, Any]:
    """What the templates need of a language: its hreflang code, direction
    and name in itself."""
    language = get_language(code)
    return {"hreflang": hreflang(language.code), "dir": language.direction,
            "name": language.native}
