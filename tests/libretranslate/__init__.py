"""Helpers that run docs/libretranslate.md's recipe with real LibreTranslate servers."""
