"""Translation memory (issue 14): exact matches as before, fuzzy matches from
the project's catalogs and external memories (TMX, PO compendia), best match
wins with deterministic ties, the same matches as translate-toolkit's
``pot2po --tm``, and a translator's work never touched."""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import polib
import pytest
from typer.testing import CliRunner

from translate.cli import app
from translate.exchange.tmx import Pair, write_tmx
from translate.memory import TranslationMemory, similarity
from translate.po import format_po, is_reviewed, read_po

from .conftest import msgfmt_check, tree_bytes
from .test_exchange_xliff import toolkit

runner = CliRunner()

DOC = "news.txt"
REVIEWED = "The police officers of twelve countries met in Kigali on Monday."
NEW = "The police officers of twelve countries met in Kigali on Tuesday."  # 93 % similar
FAR = "Completely different words about the weather."


def run(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture
def twin(project) -> Path:
    """Two documents: one translated (and reviewed) in French, one new."""
    root = project(languages='["fr"]', documents={
        "old.txt": REVIEWED + "\n\nSee you soon.\n",
        DOC: NEW + "\n\n" + FAR + "\n\nSee you soon.\n"}, extra='glossary = ""\n')
    assert run("extract").exit_code == 0 and run("update").exit_code == 0
    path = root / "locales/fr/old.txt.po"
    po = read_po(path)
    for entry in po:
        if entry.msgid == REVIEWED:
            entry.msgstr = "Les policiers de douze pays se sont réunis à Kigali lundi."
        elif entry.msgid == "See you soon.":
            entry.msgstr = "À bientôt."
    path.write_text(format_po(po), encoding="utf-8")
    return root


def entry(root: Path, msgid: str, doc: str = DOC) -> polib.POEntry:
    return next(e for e in read_po(root / "locales/fr" / f"{doc}.po") if e.msgid == msgid)


def test_a_fuzzy_match_fills_an_untranslated_entry_as_a_fuzzy_draft(twin: Path) -> None:
    result = run("mt", "--engine", "pseudo")
    assert result.exit_code == 0, result.output
    found = entry(twin, NEW)
    assert found.msgstr == "Les policiers de douze pays se sont réunis à Kigali lundi."
    assert "fuzzy" in found.flags
    percent = similarity(NEW, REVIEWED)
    assert percent == 93
    assert found.comment.split("\n")[-1] == \
        f"translation memory ({percent} %): locales/fr/old.txt.po"
    assert found.previous_msgid == REVIEWED
    # Exact matches stay as they were: not fuzzy, the same comment.
    exact = entry(twin, "See you soon.")
    assert exact.msgstr == "À bientôt." and "fuzzy" not in exact.flags
    assert "translation memory: locales/fr/old.txt.po" in exact.comment.split("\n")
    # What no memory has goes to the engine.
    assert entry(twin, FAR).comment.split("\n")[-1].startswith("machine translation: pseudo")
    assert msgfmt_check(twin / f"locales/fr/{DOC}.po").returncode == 0
    # update keeps the provenance line and the previous msgid; twice changes nothing.
    before = tree_bytes(twin / "locales")
    assert run("update").exit_code == 0 and run("mt", "--engine", "pseudo").exit_code == 0
    assert tree_bytes(twin / "locales") == before


def test_a_reviewed_entry_and_a_draft_survive_the_memory_step(twin: Path) -> None:
    path = twin / f"locales/fr/{DOC}.po"
    po = read_po(path)
    for item in po:
        if item.msgid == NEW:
            item.msgstr = "Traduction d’un traducteur."
        elif item.msgid == "See you soon.":
            item.msgstr, item.flags = "Brouillon en cours.", ["fuzzy"]
    path.write_text(format_po(po), encoding="utf-8")
    assert run("mt", "--engine", "pseudo").exit_code == 0
    assert entry(twin, NEW).msgstr == "Traduction d’un traducteur."
    assert is_reviewed(entry(twin, NEW))
    assert entry(twin, "See you soon.").msgstr == "Brouillon en cours."


def test_the_threshold_is_a_setting(twin: Path) -> None:
    assert run("mt", "--engine", "pseudo", "--set", "memory_min_similarity=95").exit_code == 0
    assert entry(twin, NEW).comment.split("\n")[-1].startswith("machine translation: pseudo")
    result = run("mt", "--set", "memory_min_similarity=0")
    assert result.exit_code == 1
    assert "memory_min_similarity 0.0 is not a percentage from 1 to 100" in result.stderr


def test_external_memories_tmx_and_compendium(twin: Path) -> None:
    (twin / "tm").mkdir()
    (twin / "tm/agency.tmx").write_bytes(write_tmx(
        [Pair("fr", FAR, "Des mots tout autres sur la météo."),
         Pair("fr", "Completely different words about the weather!", "Avec un point !")],
        "en", "0"))
    compendium = polib.POFile()
    compendium.metadata = {"Language": "fr", "Content-Type": "text/plain; charset=UTF-8"}
    compendium.append(polib.POEntry(msgid=NEW, msgstr="Du compendium."))
    (twin / "tm/fr.po").write_text(str(compendium), encoding="utf-8")
    (twin / "pyproject.toml").write_text(
        (twin / "pyproject.toml").read_text(encoding="utf-8")
        + 'memories = ["tm/agency.tmx", "tm/{lang}.po"]\n', encoding="utf-8")
    result = run("mt", "--engine", "pseudo", "--format", "json")
    assert result.exit_code == 0, result.output
    far = entry(twin, FAR)
    assert far.msgstr == "Des mots tout autres sur la météo." and "fuzzy" not in far.flags
    assert "translation memory: tm/agency.tmx" in far.comment.split("\n")
    # The compendium's exact match beats the project's 93 % match.
    assert entry(twin, NEW).msgstr == "Du compendium."
    assert "translation memory: tm/fr.po" in entry(twin, NEW).comment.split("\n")


def test_a_missing_or_unsafe_memory_stops_the_run_before_anything_is_written(twin: Path) -> None:
    before = tree_bytes(twin)
    result = run("mt", "--engine", "pseudo", "--set", 'memories=["tm/none.tmx"]')
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: --set") or "the memory 'tm/none.tmx' does not exist" \
        in result.stderr
    (twin / "tm").mkdir()
    (twin / "tm/x.tmx").write_text('<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY a "b">]>\n'
                                   "<tmx><body>&a;</body></tmx>\n", encoding="utf-8")
    before = tree_bytes(twin)
    result = run("mt", "--engine", "pseudo", "--set", 'memories=["tm/x.tmx"]')
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: tm/x.tmx:2: the document type declares entities")
    assert tree_bytes(twin) == before


def test_best_match_wins_and_ties_are_deterministic() -> None:
    memory = TranslationMemory("fr")
    memory.add("first", [("abcdefghij", "A"), ("abcdefghiX", "B")])
    memory.add("second", [("abcdefghiZ", "C"), ("abcdefghijk", "D")])
    # Equal similarity (90 %) in two origins: the first origin wins.
    assert memory.fuzzy("abcdefghiY", 75).target == "A"
    # Within one origin, on a tie: the one read first.
    other = TranslationMemory("fr")
    other.add("one", [("abcdefghijklm", "long"), ("abcdefghiq", "q"), ("abcdefghij", "j")])
    assert other.fuzzy("abcdefghiY", 75).target == "q"
    # The best similarity beats the order.
    assert memory.fuzzy("abcdefghijk", 75).target == "D"
    assert memory.fuzzy("zzzzzzzzzz", 75) is None
    assert memory.exact("abcdefghiZ").origin == "second"


def _sentence(rng: random.Random, words: list[str]) -> str:
    return " ".join(rng.choice(words) for _ in range(rng.randint(6, 14))).capitalize() + "."


def test_the_same_matches_as_translate_toolkits_pot2po(tmp_path: Path) -> None:
    program = toolkit("pot2po")
    rng = random.Random(14)
    words = [f"w{n}" + "x" * (n % 5) for n in range(60)] + ["the", "of", "and", "police"]
    sources = list(dict.fromkeys(_sentence(rng, words) for _ in range(400)))
    pairs = [Pair("fr", source, f"FR {index} {source}") for index, source in enumerate(sources)]
    (tmp_path / "tm.tmx").write_bytes(write_tmx(pairs, "en", "0"))
    queries = []
    for index in range(150):
        text = rng.choice(sources).split(" ")
        for _ in range(index % 4):
            text[rng.randrange(len(text))] = rng.choice(words)
        queries.append(" ".join(text) if index % 5 else _sentence(rng, words))
    queries = list(dict.fromkeys(queries))
    pot = polib.POFile()
    pot.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for query in queries:
        pot.append(polib.POEntry(msgid=query, msgstr=""))
    (tmp_path / "new.pot").write_text(str(pot), encoding="utf-8")
    (tmp_path / "old.po").write_text('msgid ""\nmsgstr ""\n'
                                     '"Content-Type: text/plain; charset=UTF-8\\n"\n',
                                     encoding="utf-8")
    done = subprocess.run([program, "--tm", str(tmp_path / "tm.tmx"), "-t",
                           str(tmp_path / "old.po"), "-i", str(tmp_path / "new.pot"), "-o",
                           str(tmp_path / "out.po")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    theirs = {e.msgid: e.msgstr for e in polib.pofile(str(tmp_path / "out.po")) if e.msgstr}
    memory = TranslationMemory("fr")
    memory.add("tm.tmx", [(pair.source, pair.target) for pair in pairs])
    ours = {}
    for query in queries:
        match = memory.fuzzy(query, 75)
        if match is not None:
            ours[query] = match.target
    assert len(theirs) > 30
    assert ours == theirs


def _near(rng: random.Random, text: str, edits: int) -> str:
    letters = list(text)
    for _ in range(edits):
        place = rng.randrange(len(letters) + 1)
        kind = rng.randrange(3)
        if kind == 0 or not letters or place == len(letters):
            letters.insert(place, rng.choice("abcdeé ,.Ж"))
        elif kind == 1:
            del letters[place]
        else:
            letters[place] = rng.choice("xyz ")
    return "".join(letters)


@pytest.mark.parametrize("similarity", [75, 90, 60])
def test_the_bigram_index_finds_the_matches_a_full_comparison_finds(similarity: int) -> None:
    # Texts a few edits from a source (so at the threshold and on both sides
    # of it), repeated bigrams, very short texts, other scripts, and ties.
    rng = random.Random(similarity)
    words = ["police", "the", "of", "Интерпол", "aa", "aaaa", "conférence", "x", "2026"]
    sources = list(dict.fromkeys(_sentence(rng, words) for _ in range(1500)))
    sources += ["ab", "abab" * 30, "a" * 50, sources[0] + "!"]
    memory = TranslationMemory("fr")
    memory.add("tm", [(source, f"T{n}") for n, source in enumerate(sources)])
    memory.add("second", [(source[::-1], f"R{n}") for n, source in enumerate(sources[:400])])
    queries = [_near(rng, rng.choice(sources), rng.randrange(0, 12)) for _ in range(600)]
    queries += ["", "a", "ab", "aab" * 30, "a" * 45, sources[1][::-1]]
    indexed = memory.fuzzy_many(queries, similarity, index=True)
    compared = memory.fuzzy_many(queries, similarity, index=False)
    assert indexed == compared
    assert compared == [memory.fuzzy(query, similarity) for query in queries]
    assert sum(match is not None for match in indexed) > 200
