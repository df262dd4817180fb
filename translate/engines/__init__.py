"""Machine-translation engines behind one small interface.

An engine turns source segments into target text. It knows nothing of
catalogs or the glossary: :mod:`translate.mt` protects terms and placeholders
before calling it (they arrive as ``{0}``, ``{1}`` ... tokens the engine must
copy) and checks and restores them afterwards.

Engines are looked up by name with :func:`get_engine`; none of them imports
its heavy libraries (argostranslate, ctranslate2, the apertium command) before
it is asked to translate.

Adding an engine is one module and one registry line:

1. ``translate/engines/<name>.py`` with a class that has everything
   :class:`Engine` lists: ``name``, ``enforce_terms``, ``OPTIONS`` (the
   keyword arguments its constructor accepts, with their types),
   ``describe``, ``check``, ``translate`` and ``models``.  Heavy libraries
   are imported inside the methods that need them, never at the top of the
   module: the module is imported to check the settings.
2. One line ``"<name>": "translate.engines.<name>:<Class>"`` in
   :data:`ENGINES`.

Its options then come from the settings, checked against ``OPTIONS`` (a bad
one is reported with its file and line), and can be overridden for one run::

    [tool.translate.engine_options.<name>]
    timeout = 10
    urls = ["http://127.0.0.1:5000", "http://127.0.0.1:5001"]

    translate mt --set engine_options.<name>.timeout=30
"""

from __future__ import annotations

import types
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, ClassVar, Protocol, Union, get_args, get_origin

from ..errors import ConfigError, EngineError

__all__ = ["Engine", "ModelRow", "Progress", "ENGINES", "engine_class", "get_engine",
           "check_options"]

#: Called with (segments done, segments in all).
Progress = Callable[[int, int], None]

#: Given the option (None for the engine's table itself), the file and line
#: to name in an error about it.
Where = Callable[[str | None], tuple[str | None, int | None]]


@dataclass(frozen=True)
class ModelRow:
    """One language pair of one engine.

    Attributes:
        engine: The engine's name (``argos``, ``apertium``).
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
        """The row as a JSON object (``translate models list --format json``)."""
        return asdict(self)


class Engine(Protocol):
    """What :mod:`translate.mt` needs from a machine-translation engine.

    Attributes:
        name: The engine's name in settings, ``--engine`` and comments.
        enforce_terms: Whether the glossary's translatable terms are
            enforced on its output (more hypotheses, the glossary form
            pasted in, ``#. glossary: missing`` flags).  An engine whose
            output cannot hold the glossary's forms (pseudo-text) says
            False: only ``keep`` terms are protected then.
        OPTIONS: The keyword arguments its constructor accepts from
            ``[tool.translate.engine_options.<name>]`` and ``--set``, with
            their types (``int``, ``float``, ``str``, ``bool``, ``dict``,
            ``list[str]``, or a union of them).
    """

    name: str
    enforce_terms: bool
    OPTIONS: ClassVar[Mapping[str, Any]]

    def models(self, refresh: bool = False) -> list[ModelRow]:
        """The language pairs this engine has installed, and those it could
        install (``translate models list``); an engine that needs no model
        returns none.

        Args:
            refresh: Fetch the list of available models first, where the
                engine has one (needs a network).

        Raises:
            EngineError: ``refresh`` and the list cannot be fetched, or the
                engine's library is not installed.
        """
        ...

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


#: Engine name -> "module:class", imported only when asked for.  The command
#: line's help names the first one first, as the default engine (the
#: settings' default ``engine``), then the others alphabetically.
ENGINES = {
    "argos": "translate.engines.argos:ArgosEngine",
    "pseudo": "translate.engines.pseudo:PseudoEngine",
    "apertium": "translate.engines.apertium:ApertiumEngine",
    "libretranslate": "translate.engines.libretranslate:LibreTranslateEngine",
}


def engine_class(name: str) -> type[Engine]:
    """The class of the engine called ``name``, its module imported now.

    Raises:
        EngineError: Unknown engine name.
    """
    from importlib import import_module

    spec = ENGINES.get(name)
    if spec is None:
        raise EngineError(None, None, f"unknown engine {name!r}",
                          "use one of " + ", ".join(sorted(ENGINES)))
    module, _, attribute = spec.partition(":")
    return getattr(import_module(module), attribute)


def get_engine(name: str, **options: Any) -> Engine:
    """The engine called ``name``, built with ``options``.

    Args:
        name: A name of :data:`ENGINES`.
        options: Keyword arguments of its constructor, checked against its
            ``OPTIONS``.

    Raises:
        EngineError: Unknown engine name.
        ConfigError: An option the engine does not take, or of the wrong type.
    """
    cls = engine_class(name)
    if options:
        check_options(name, options)
    return cls(**options)


def check_options(name: str, options: Any, where: Where | None = None) -> None:
    """Check the options given to an engine against the ones it declares.

    Only the engine's module is imported, which imports no heavy library.

    Args:
        name: The engine's name.
        options: Option name -> value, as read from the settings.
        where: Gives the file and line of an option (None: of the engine's
            table) for the error; default: no file.

    Raises:
        ConfigError: An unknown engine, options that are not a table, an
            option the engine does not take, or a value of the wrong type.
    """
    place = where or (lambda option: (None, None))
    if name not in ENGINES:
        raise ConfigError(*place(None), f"unknown engine {name!r} in engine_options",
                          "use one of " + ", ".join(sorted(ENGINES)))
    if not isinstance(options, Mapping):
        raise ConfigError(*place(None), f"engine_options.{name} should be a table of options, "
                          f"not {options!r}", "write for example "
                          f"[tool.translate.engine_options.{name}] with beam_size = 4 under it")
    accepted = engine_class(name).OPTIONS
    for option, value in options.items():
        if option not in accepted:
            raise ConfigError(*place(option), f"the {name} engine has no option {option!r}",
                              "use one of " + ", ".join(sorted(accepted)) if accepted
                              else "it takes none: remove it")
        expected = accepted[option]
        if not _is_a(value, expected):
            raise ConfigError(*place(option), f"engine_options.{name}.{option} should be "
                              f"{_described(expected)}, not {value!r}", "fix its value")


def _is_a(value: Any, expected: Any) -> bool:
    """Whether a settings value has an option's declared type."""
    if expected is Any or expected is object:
        return True
    origin = get_origin(expected)
    arguments = get_args(expected)
    if origin in (Union, types.UnionType):
        return any(_is_a(value, argument) for argument in arguments)
    if origin is list:
        return isinstance(value, list) and all(_is_a(item, arguments[0]) for item in value) \
            if arguments else isinstance(value, list)
    if origin is dict:
        return isinstance(value, dict) and (not arguments or all(
            _is_a(key, arguments[0]) and _is_a(item, arguments[1])
            for key, item in value.items()))
    if expected is type(None):
        return value is None
    # bool is a subclass of int in Python: ``true`` is no beam size, and a
    # number is no switch.
    if isinstance(value, bool):
        return expected is bool
    if expected is float:
        return isinstance(value, (int, float))
    return isinstance(value, expected)


_NAMES = {int: ("an integer", "integers"), float: ("a number", "numbers"),
          str: ("a string", "strings"), bool: ("true or false", "true or false values"),
          dict: ("a table", "tables"), list: ("a list", "lists")}


def _described(expected: Any, plural: bool = False) -> str:
    """An option's type as the error says it: ``a list of strings``."""
    origin = get_origin(expected)
    arguments = get_args(expected)
    if origin in (Union, types.UnionType):
        # Only what a settings file can write: ``str | Path`` is "a string".
        written = [argument for argument in arguments
                   if argument in _NAMES or get_origin(argument) in (list, dict)]
        return " or ".join(_described(argument, plural) for argument in written or arguments
                           if argument is not type(None))
    if origin is list and arguments:
        return ("lists" if plural else "a list") + " of " + _described(arguments[0], True)
    if origin is dict:
        expected = dict
    names = _NAMES.get(expected)
    if names is None:
        name = getattr(expected, "__name__", str(expected))
        return f"{name} values" if plural else f"a {name}"
    return names[plural]
