"""Machine translation into catalogs: memory, drafts, the glossary, and never
touching a translator's work.  The engine here is a test double (or the real
pseudo engine); tests/test_argos.py runs the real argos engine."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.catalog import machine_note
from translate.cli import app
from translate.config import load_settings
from translate.glossary import parse_glossary
from translate.mt import Draft, machine_translate, protect, translate_texts
from translate.po import read_po
from translate.project import Project

ROOT = Path(__file__).resolve().parent.parent
DOC = "interpol-african-regional-conference.txt"

GLOSSARY = """term,variants,kind,case,fr,fr_variants,fr_forbidden,ru,ru_variants,ru_forbidden,note
Thunderstorm,,keep,sensitive,,,Orage,,,,code name
Jurgen Stock,,keep,sensitive,,,,Юрген Шток,,,name
General Secretariat,,term,,Secrétariat général,,Secrétaire général,Генеральный секретариат,,,body
""".encode()


class Dictionary:
    """A word-for-word engine: each known word becomes its entry, tokens and
    punctuation are copied.  ``lose`` drops the tokens of the first
    hypothesis; ``alternatives`` gives extra hypotheses by replacing words."""

    name = "dictionary"

    def __init__(self, words: dict[str, str], lose: bool = False,
                 alternatives: dict[str, str] | None = None) -> None:
        self.words = words
        self.lose = lose
        self.alternatives = alternatives or {}
        self.calls: list[tuple[list[str], int, tuple[str, ...]]] = []

    def describe(self, source: str, target: str) -> str:
        return f"dictionary {source}->{target} 1"

    def check(self, source: str, target: str) -> None:
        return None

    def _word(self, match: re.Match[str], table: dict[str, str]) -> str:
        word = match.group()
        return table.get(word, self.words.get(word, word))

    def translate(self, texts, source, target, *, hypotheses=1, suppress=(), progress=None):
        self.calls.append((list(texts), hypotheses, tuple(suppress)))
        out = []
        for text in texts:
            found = [re.sub(r"[^\W\d_]+", lambda m: self._word(m, {}), text)]
            if hypotheses > 1:
                found.append(re.sub(r"[^\W\d_]+", lambda m: self._word(m, self.alternatives),
                                    text))
            if self.lose:
                found = [re.sub(r"\{\d+\}", "", item) for item in found]
            out.append(found)
        return out


FR = {"The": "Le", "the": "le", "of": "de", "met": "a rencontré", "Secretariat": "Secrétaire",
      "General": "général", "operation": "opération", "in": "à", "ended": "s'est terminée",
      "Lyon": "Lyon", "files": "fichiers", "copied": "copiés"}


@pytest.fixture()
def glossary():
    return parse_glossary(GLOSSARY)


def test_protect_replaces_keep_terms_placeholders_and_urls(glossary):
    text = "Thunderstorm found %(count)d files at https://example.org/a_b. See {name}."
    protected = protect(text, glossary, "fr")
    assert protected.masked == "{0} found {1} files at {2}. See {3}."
    assert protected.restore("{3} {2} {1} {0}") == \
        "{name} https://example.org/a_b %(count)d Thunderstorm"
    assert protected.tokens_ok("{0}{1}{2}{3}")
    assert not protected.tokens_ok("{0}{1}{2}")
    assert not protected.tokens_ok("{0}{1}{2}{3}{3}")


def test_keep_terms_come_back_in_their_fixed_form(glossary):
    protected = protect("Jurgen Stock spoke.", glossary, "ru")
    assert protected.masked == "{0} spoke."
    assert protected.restore("{0} выступил.") == "Юрген Шток выступил."


def test_markdown_markup_is_protected_only_in_markdown():
    text = "Read **the [report][1]** and `code_x` now"
    assert protect(text, None, "fr").masked == text
    assert protect(text, None, "fr", markdown=True).masked == \
        "Read {0}the {1}report{2}{3} and {4} now"


def test_lost_tokens_are_recovered_piece_by_piece(glossary):
    engine = Dictionary(FR, lose=True)
    [draft] = translate_texts(engine, ["The operation Thunderstorm ended in Lyon."], "en", "fr",
                              glossary)
    # The double never returns the token whole; the text between the tokens
    # is then translated on its own and the name put back.
    assert draft == Draft("Le opération Thunderstorm s'est terminée à Lyon.", [])
    assert [hyp for _, hyp, _ in engine.calls] == [1, 4, 1]
    assert engine.calls[-1][0] == ["The operation", "ended in Lyon."]


def test_hypothesis_with_the_glossary_form_wins(glossary):
    engine = Dictionary(FR, alternatives={"General": "Secrétariat", "Secretariat": "général"})
    [draft] = translate_texts(engine, ["The General Secretariat met."], "en", "fr", glossary)
    assert draft == Draft("Le Secrétariat général a rencontré.", [])
    assert len(engine.calls) == 1
    texts, hypotheses, suppress = engine.calls[0]
    assert hypotheses == 4
    assert suppress == ("Secrétaire général",)


def test_term_is_pasted_in_a_language_without_cases(glossary):
    engine = Dictionary(FR)
    [draft] = translate_texts(engine, ["The General Secretariat met."], "en", "fr", glossary)
    assert draft == Draft("Le Secrétariat général a rencontré.", [])


def test_term_is_flagged_where_it_would_inflect(glossary):
    engine = Dictionary({"met": "встретился"})
    [draft] = translate_texts(engine, ["The General Secretariat met."], "en", "ru", glossary)
    assert draft.problems == ["glossary: missing General Secretariat"]
    assert draft.text == "The General Secretariat встретился."


def test_pseudo_engine_keeps_tokens_and_lines():
    from translate.engines.pseudo import pseudo_localize

    assert pseudo_localize("Hi {0}\nall") == "[Ĥĭ {0} ~]\n[åļļ ~]"
    text = pseudo_localize("Police officers met in Kigali.")
    assert text.startswith("[Ƥŏļĭčē ŏƒƒĭčēŗś ɱēţ ĭñ Ķĭĝåļĭ. ") and text.endswith("~]")
    assert len(text) >= 1.3 * len("Police officers met in Kigali.")


# ---------------------------------------------------------------------------
# Catalogs


@pytest.fixture()
def project(tmp_path):
    for name in ("source", "locales"):
        shutil.copytree(ROOT / name, tmp_path / name)
    for name in ("glossary.csv", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def _entries(path: Path) -> dict[str, object]:
    return {entry.msgid: entry for entry in read_po(path) if entry.msgid}


def _run(*args: str) -> object:
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def test_pseudo_drafts_are_fuzzy_with_the_engine_named(project):
    catalog = project / "locales" / "fr" / f"{DOC}.po"
    human = _entries(catalog)
    catalog.unlink()
    assert _run("update", "-C", str(project), "--lang", "fr").exit_code == 0
    result = _run("mt", "-C", str(project), "--lang", "fr", "--engine", "pseudo")
    assert result.exit_code == 0, result.output
    entries = _entries(catalog)
    assert set(entries) == set(human)
    for entry in entries.values():
        assert "fuzzy" in entry.flags
        assert machine_note("pseudo en->fr 1", entry.msgstr) in entry.comment.split("\n")
        assert entry.msgstr.startswith("[") and entry.msgstr.endswith("]")
    # Keep terms are untouched by the pseudo engine.
    assert any("Usalama IV" in e.msgstr and "Thunderstorm" in e.msgstr for e in entries.values())
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(catalog)], check=True)
    # build leaves drafts out; a second run changes no byte.
    before = catalog.read_bytes()
    assert _run("mt", "-C", str(project), "--lang", "fr", "--engine", "pseudo").exit_code == 0
    assert catalog.read_bytes() == before
    # And update keeps the provenance comment.
    assert _run("update", "-C", str(project), "--lang", "fr").exit_code == 0
    assert catalog.read_bytes() == before


def test_human_translations_are_never_changed(project):
    catalog = project / "locales" / "fr" / f"{DOC}.po"
    text = catalog.read_text(encoding="utf-8")
    # One entry fuzzy (a translator's draft), one emptied.
    entries = list(read_po(catalog))
    fuzzy_id = entries[1].msgid
    empty_id = entries[2].msgid
    from translate.po import format_po

    catalog_obj = read_po(catalog)
    for entry in catalog_obj:
        if entry.msgid == fuzzy_id:
            entry.flags = ["fuzzy"]
        if entry.msgid == empty_id:
            entry.msgstr = ""
    catalog.write_text(format_po(catalog_obj), encoding="utf-8")
    before = _entries(catalog)
    result = _run("mt", "-C", str(project), "--lang", "fr", "--engine", "pseudo",
                  "--retranslate-machine")
    assert result.exit_code == 0, result.output
    after = _entries(catalog)
    for msgid, entry in after.items():
        if msgid == empty_id:
            assert entry.msgstr.startswith("[") and "fuzzy" in entry.flags
        else:
            assert entry.msgstr == before[msgid].msgstr
            assert entry.flags == before[msgid].flags
    assert text != catalog.read_text(encoding="utf-8")


def test_retranslate_machine_redoes_only_machine_drafts(project):
    catalog = project / "locales" / "fr" / f"{DOC}.po"
    catalog.unlink()
    _run("update", "-C", str(project), "--lang", "fr")
    settings = load_settings(project)
    proj = Project(settings)

    class Marker(Dictionary):
        def describe(self, source, target):
            return "dictionary en->fr 2"

    machine_translate(proj, ["fr"], engine="pseudo")
    first = _entries(catalog)
    results = machine_translate(proj, ["fr"], engine="pseudo")
    assert results[0].machine == 0 and results[0].untranslated == 0
    results = machine_translate(proj, ["fr"], engine="pseudo", retranslate_machine=True)
    assert results[0].machine == len(first)
    assert _entries(catalog).keys() == first.keys()


def test_translation_memory_fills_exact_matches_from_other_catalogs(project):
    # A second document repeats the footer line of the first.
    source = project / "source"
    (source / "second.txt").write_text(
        "A new heading\n\nThunderstorm was a success for all member states of INTERPOL, "
        "its General Secretariat said in Lyon today.\n\n"
        "The official website of the Ministry of Internal Affairs of the Russian Federation\n", encoding="utf-8")
    assert _run("extract", "-C", str(project)).exit_code == 0
    assert _run("update", "-C", str(project), "--lang", "fr").exit_code == 0
    result = _run("mt", "-C", str(project), "--lang", "fr", "--engine", "pseudo",
                  "--format", "json")
    assert result.exit_code == 0, result.output
    entries = _entries(project / "locales" / "fr" / "second.txt.po")
    footer = next(e for m, e in entries.items() if m.startswith("The official"))
    human = _entries(project / "locales" / "fr" / f"{DOC}.po")
    assert footer.msgstr == human[footer.msgid].msgstr
    assert "fuzzy" not in footer.flags
    assert f"translation memory: locales/fr/{DOC}.po" in footer.comment.split("\n")
    others = [e for m, e in entries.items() if not m.startswith("The official")]
    assert others and all("fuzzy" in e.flags for e in others)
    import json

    [fr] = json.loads(result.output)
    assert (fr["memory"], fr["machine"]) == (1, len(others))


def test_missing_model_names_the_pair_and_how_to_install(project):
    catalog = project / "locales" / "fr" / f"{DOC}.po"
    catalog.unlink()
    _run("update", "-C", str(project), "--lang", "fr")
    before = catalog.read_bytes()
    result = CliRunner().invoke(app, ["mt", "-C", str(project), "--lang", "fr"])
    assert result.exit_code == 1
    assert "no argos model for en->fr -- install one: translate models install en-fr" \
        in result.output
    assert "--file translate-en_fr-<version>.argosmodel" in result.output
    assert catalog.read_bytes() == before
    # The main job goes on, says which pair had no model, exits 0 unless strict.
    result = CliRunner().invoke(app, ["run", "-C", str(project)])
    assert result.exit_code == 0, result.output
    assert "warning: fr: no argos model for en->fr" in result.output
    assert (project / "build" / "ru" / DOC).exists()
    assert not (project / "build" / "fr" / DOC).exists()
    result = CliRunner().invoke(app, ["run", "-C", str(project), "--strict"])
    assert result.exit_code == 3


def test_unknown_engine_is_an_error(project):
    result = CliRunner().invoke(app, ["mt", "-C", str(project), "--engine", "nope"])
    assert result.exit_code == 1
    assert "unknown engine 'nope'" in result.output
