"""Machine-translation engines behind one small interface.

An engine turns source segments into target text. It knows nothing of
catalogs or the glossary: :mod:`translate.mt` protects terms and placeholders
before calling it (they arrive as ``{0}``, ``{1}`` ... tokens the engine must
copy) and checks and restores them afterwards.

Engines are looked up by name with :func:`get_engine`; none of them imports
its heavy libraries (argostranslate, ctranslate2, the apertium command) before
it is asked to translate.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from ..errors import EngineError

__all__ = ["Engine", "Progress", "ENGINES", "get_engine"]

#: Called with (segments done, segments in all).
Progress = Callable[[int, int], None]


class Engine(Protocol):
    """What :mod:`translate.mt` needs from a machine-translation engine.

    Attributes:
        name: The engine's name in settings, ``--engine`` and comments.
    """

    name: str

    def describe(self, source: str, target: str) -> str:
        """The engine and model for a pair, as written in the catalog comment
        ``#. machine translation: <this>``, e.g. ``argos en->ru 1.9``.

        Raises:
            ModelNotInstalled: No model for the pair, with how to install one.
        """
        ...

    def check(self, source: str, target: str) -> None:
        """Raise :class:`ModelNotInstalled` (or :class:`EngineError`) if the
        pair cannot be translated, before any catalog is touched."""
        ...

    def translate(self, texts: Sequence[str], source: str, target: str, *,
                  hypotheses: int = 1, suppress: Sequence[str] = (),
                  progress: Progress | None = None) -> list[list[str]]:
        """Translate segments.

        Args:
            texts: Source segments. A segment may hold several sentences and
                ``\\n`` line breaks (each line is translated on its own and the
                breaks kept). Tokens ``{0}``, ``{1}`` ... stand for protected
                text and must be copied as they are.
            source: Source language code.
            target: Target language code.
            hypotheses: How many alternative translations to return per
                segment, best first (an engine that cannot give more returns
                fewer, at least one).
            suppress: Target-language phrases the engine should avoid
                producing, where it can.
            progress: Called as segments are done.

        Returns:
            For each text, its translations, best first.
        """
        ...


#: Engine name -> "module:class", imported only when asked for.
ENGINES = {
    "argos": "translate.engines.argos:ArgosEngine",
    "pseudo": "translate.engines.pseudo:PseudoEngine",
    "apertium": "translate.engines.apertium:ApertiumEngine",
}


def get_engine(name: str, **options: object) -> Engine:
    """The engine called ``name``.

    Raises:
        EngineError: Unknown engine name.
    """
    from importlib import import_module

    spec = ENGINES.get(name)
    if spec is None:
        raise EngineError(None, None, f"unknown engine {name!r}",
                          "use one of " + ", ".join(sorted(ENGINES)))
    module, _, attribute = spec.partition(":")
    return getattr(import_module(module), attribute)(**options)
