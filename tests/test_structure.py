"""The shape of the package: one home for each concept, no import cycle,
formats as plug-ins (issue 11)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from translate.segment import FORMATS, Layout, get_format, lay_out, parse_document

PACKAGE = Path(__file__).resolve().parent.parent / "translate"


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The package modules a module imports when it is imported (imports
    inside functions and TYPE_CHECKING blocks are not)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                full = f"{target}.{alias.name}"
                found.add(full if full in modules else target)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {module for module in found if module in modules and module != name}


def test_no_import_cycle() -> None:
    modules = _modules()
    graph = {name: _imports(name, path, modules) for name, path in modules.items()}

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for module in graph[start]:
            if module == goal or (module not in seen and reaches(module, goal, seen | {module})):
                return True
        return False

    cyclic = sorted(name for name in graph if reaches(name, name, {name}))
    assert cyclic == []


def test_po_internals_stay_in_po() -> None:
    internals = re.compile(r"\._po_read|\._po_sep|\._header_raw|\._last_read")
    leaks = [f"{path.relative_to(PACKAGE.parent)}:{number}"
             for path in PACKAGE.rglob("*.py") if path.name != "po.py"
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if internals.search(line)]
    assert leaks == []


@pytest.mark.parametrize("source", [
    r"\{\d+\}",                 # the engine contract's tokens
    r"\{\s*(\d+)\s*\}",          # ... as engines give them back
    r"(?:https?|ftp)://",         # web addresses
    r"(`+)(.+?)\1",               # inline code
    r"\$\{[A-Za-z_]",              # ${name} placeholders
])
def test_the_inline_vocabulary_is_defined_once(source: str) -> None:
    homes = [path.relative_to(PACKAGE).as_posix() for path in PACKAGE.rglob("*.py")
             if source in path.read_text(encoding="utf-8")]
    assert homes == ["segment/inline.py"]


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_format_is_a_complete_plug_in(name: str) -> None:
    fmt = get_format(name)
    assert fmt.name == name
    assert fmt.flavours and all(isinstance(flavour, str) for flavour in fmt.flavours)
    assert isinstance(fmt.inline_patterns, tuple)
    for pattern in fmt.inline_patterns:
        re.compile(pattern)
    document = parse_document("x" + FORMATS[name].suffixes[0], "A title\n\nSome text here.\n")
    assert document.format == name and document.segments
    for segment in document.segments:
        assert segment.layout.flavour in {f for entry in FORMATS for f in get_format(entry).flavours}
    check = fmt.check_inline("Some text.", "Du texte.")
    assert check.problems == [] and check.source and check.translation
    assert fmt.finish("x", document) == "x"


def test_a_layout_goes_to_the_format_that_owns_its_flavour() -> None:
    assert lay_out("Un\ntexte", Layout(flavour="text", single_line=True)) == "Un texte"
    assert lay_out("a | b", Layout(flavour="table", single_line=True)) == "a \\| b"
    with pytest.raises(ValueError):
        lay_out("x", Layout(flavour="nonsense"))


def test_one_table_holds_the_language_facts() -> None:
    from translate.languages import get_language

    arabic, russian, french = get_language("ar"), get_language("ru"), get_language("fr")
    assert (arabic.direction, arabic.script, arabic.native, arabic.rtl) == (
        "rtl", "arabic", "العربية", True)
    assert (russian.stemmer, russian.inflecting, russian.native) == ("russian", True, "Русский")
    assert (french.stemmer, french.inflecting, french.native) == ("french", False, "Français")
    sources = "\n".join(path.read_text(encoding="utf-8") for path in PACKAGE.rglob("*.py")
                        if path.name != "languages.py")
    assert "INFLECTING" not in sources and '"russian"' not in sources
