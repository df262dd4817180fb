"""`--retranslate-machine` redoes only the drafts this tool wrote and nobody
touched since: never a translator's work (issue 10, item 1).

Every scenario runs the real command line on a throw-away project with the
real pseudo engine; a new "model" is simulated by changing the pseudo
engine's version and expansion, so that a redone draft can be told apart
from a kept one.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import polib
import pytest
from typer.testing import CliRunner

from translate.catalog import (
    MACHINE_PREFIX, REVIEWED_PREFIX, catalog_notes, machine_draft, machine_note, mark_reviewed,
)
from translate.cli import app
from translate.engines.pseudo import pseudo_localize
from translate.po import format_po, read_po

from .conftest import msgfmt_check

NEWS = """\
Storm season ends

The storm season ended on Monday after three weeks of heavy rain across the northern provinces.

Rescue teams from twelve regions worked day and night to reach the villages cut off by floods.

Schools will reopen next week once the engineers of the ministry have inspected the buildings.

The ministry thanked the volunteers for their help during the emergency.
"""

NOTES = """\
# Volunteers

Thank **you** to the [volunteers](https://example.org/v) who came from every region.

- Bring water and blankets to the town hall.
"""

GLOSSARY = """term,variants,kind,fr,note
rescue team,rescue teams,term,équipe de secours,teams of the civil protection
storm season,,term,saison des orages,June to September
ministry,,term,ministère,the ministry of the interior
"""

HUMAN = ("La saison des orages s'est achevée lundi après trois semaines de fortes pluies "
         "dans les provinces du nord.")
STORM = "The storm season ended"
RESCUE = "Rescue teams"
SCHOOLS = "Schools will reopen"
THANKS = "The ministry thanked"


def cli(*args: str) -> object:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def checksum(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


@pytest.fixture()
def news(project) -> Path:
    """A French project with the pseudo engine, machine-drafted once."""
    root = project('["fr"]', {"news.txt": NEWS, "notes.md": NOTES}, extra='engine = "pseudo"\n')
    # Glossary comments sit next to the provenance lines and must not move.
    (root / "glossary.csv").write_text(GLOSSARY, encoding="utf-8")
    cli("run")
    return root / "locales" / "fr" / "news.txt.po"


def entry_of(path: Path, starts: str) -> polib.POEntry:
    return next(e for e in read_po(path) if e.msgid.startswith(starts) and not e.obsolete)


def edit(path: Path, starts: str, **fields: object) -> None:
    """Change one entry as a PO editor would: its ``#.`` comments stay."""
    catalog = read_po(path)
    entry = next(e for e in catalog if e.msgid.startswith(starts))
    for name, value in fields.items():
        setattr(entry, name, value)
    path.write_text(format_po(catalog), encoding="utf-8")


def review(path: Path, starts: str, msgstr: str | None = None) -> None:
    """A translator reviews a draft: clears fuzzy, maybe rewrites the text."""
    entry = entry_of(path, starts)
    fields: dict[str, object] = {"flags": [f for f in entry.flags if f != "fuzzy"]}
    if msgstr is not None:
        fields["msgstr"] = msgstr
    edit(path, starts, **fields)


def new_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend the engine got a new model: another version, other output."""
    import translate.engines.pseudo as pseudo

    monkeypatch.setattr(pseudo, "VERSION", "2")
    monkeypatch.setattr(pseudo, "EXPANSION", 0.6)


def machine_lines(entry: polib.POEntry) -> list[str]:
    return [line for line in entry.comment.split("\n") if line.startswith("machine translation")]


# --- what mt writes -------------------------------------------------------------

def test_a_draft_records_the_checksum_of_the_text_written(news: Path) -> None:
    for path in (news, news.with_name("notes.md.po")):
        entries = [e for e in read_po(path) if e.msgid]
        assert entries
        for entry in entries:
            assert "fuzzy" in entry.flags
            assert machine_lines(entry) == [
                f"machine translation: pseudo en->fr 1 [{checksum(entry.msgstr)}]"]
            assert machine_draft(entry)
        assert msgfmt_check(path).returncode == 0


# --- the reproduction ---------------------------------------------------

def test_a_human_translation_made_fuzzy_by_a_source_edit_survives(
        news: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # One draft rewritten by hand and reviewed, one accepted as it was: both
    # are a translator's work, and both keep the tool's comment (#. stays).
    accepted = entry_of(news, RESCUE).msgstr
    review(news, STORM, HUMAN)
    review(news, RESCUE)
    source = news.parents[2] / "source" / "news.txt"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("three weeks", "four weeks")
                      .replace("twelve regions", "eleven regions"), encoding="utf-8")
    cli("run")
    storm, rescue = entry_of(news, STORM), entry_of(news, RESCUE)
    for entry, msgstr in ((storm, HUMAN), (rescue, accepted)):
        assert entry.msgstr == msgstr
        assert "fuzzy" in entry.flags and entry.previous_msgid
        # The claim is gone, the history stays.
        assert machine_lines(entry) == [REVIEWED_PREFIX + "pseudo en->fr 1"]
        assert not machine_draft(entry)
    new_model(monkeypatch)
    cli("run", "--retranslate-machine")
    for before in (storm, rescue):
        after = entry_of(news, before.msgid)
        assert after.msgstr == before.msgstr
        assert after.flags == before.flags
        assert after.previous_msgid == before.previous_msgid
        assert after.comment == before.comment
    # The drafts nobody touched were redone by the new model.
    schools = entry_of(news, SCHOOLS)
    assert schools.msgstr == pseudo_localize(schools.msgid)
    assert machine_lines(schools) == [
        f"machine translation: pseudo en->fr 2 [{checksum(schools.msgstr)}]"]
    assert msgfmt_check(news).returncode == 0


def test_only_untouched_drafts_are_redone(news: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    draft = entry_of(news, SCHOOLS).msgstr
    wip = draft.replace("[", "[Les écoles ", 1)     # work in progress, left fuzzy
    edit(news, SCHOOLS, msgstr=wip)
    before = entry_of(news, SCHOOLS)
    new_model(monkeypatch)
    result = CliRunner().invoke(app, ["mt", "--retranslate-machine", "--format", "json"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    # The title, three paragraphs of news.txt and three segments of notes.md.
    assert {r["language"]: r["machine"] for r in json.loads(result.output)} == {"fr": 7}
    kept = entry_of(news, SCHOOLS)
    assert kept.msgstr == wip and "fuzzy" in kept.flags
    assert kept.comment == before.comment        # its old line and checksum stay
    assert not machine_draft(kept)
    for starts in (STORM, RESCUE, THANKS):
        redone = entry_of(news, starts)
        assert redone.msgstr == pseudo_localize(redone.msgid)
        assert machine_lines(redone) == [
            f"machine translation: pseudo en->fr 2 [{checksum(redone.msgstr)}]"]
        assert "fuzzy" in redone.flags
    # Redoing again with the same model changes no byte.
    data = news.read_bytes()
    cli("mt", "--retranslate-machine")
    assert news.read_bytes() == data


def test_a_draft_without_checksum_is_never_redone(
        news: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Written by an older version of the tool: nothing proves it untouched.
    entry = entry_of(news, THANKS)
    legacy = [line if not line.startswith(MACHINE_PREFIX) else "machine translation: argos 1.9"
              for line in entry.comment.split("\n")]
    edit(news, THANKS, comment="\n".join(legacy))
    data = news.read_bytes()
    assert not machine_draft(entry_of(news, THANKS))
    new_model(monkeypatch)
    cli("mt", "--retranslate-machine")
    kept = entry_of(news, THANKS)
    assert (kept.msgstr, kept.comment) == (entry.msgstr, "\n".join(legacy))
    assert news.read_bytes() != data          # the other drafts were redone
    # Once reviewed, it loses the claim like any other.
    review(news, THANKS)
    cli("update")
    assert machine_lines(entry_of(news, THANKS)) == [REVIEWED_PREFIX + "argos 1.9"]


# --- a reviewed entry survives every command that writes a msgstr ---------------

@pytest.mark.parametrize("command", [
    ("update",), ("mt",), ("mt", "--retranslate-machine"), ("run",),
    ("run", "--retranslate-machine"),
])
def test_a_reviewed_entry_keeps_its_bytes_but_for_the_claim(
        news: Path, command: tuple[str, ...]) -> None:
    accepted = entry_of(news, RESCUE).msgstr
    review(news, STORM, HUMAN)
    review(news, RESCUE)                      # accepted as the machine wrote it
    assert "glossary: rescue team = équipe de secours" in entry_of(news, RESCUE).comment
    before = news.read_bytes()
    expected = before
    for draft in (entry_of(news, STORM), entry_of(news, RESCUE)):
        [line] = machine_lines(draft)
        old = f"#. {line}\n".encode()
        assert line.endswith("]") and before.count(old) == 1
        expected = expected.replace(old, f"#. {REVIEWED_PREFIX}pseudo en->fr 1\n".encode())
    cli(*command)
    assert news.read_bytes() == expected
    assert entry_of(news, STORM).msgstr == HUMAN
    assert entry_of(news, RESCUE).msgstr == accepted
    cli(*command)
    assert news.read_bytes() == expected
    cli("update")
    assert news.read_bytes() == expected
    assert msgfmt_check(news).returncode == 0


@pytest.mark.parametrize("command", ["mt", "run"])
def test_help_says_exactly_what_is_redone(command: str) -> None:
    result = cli(command, "--help")
    text = " ".join(result.output.split())
    assert ("--retranslate-machine Also redo the fuzzy entries whose text is still exactly the "
            "machine translation this tool wrote (checked against the checksum in their '#. "
            "machine translation:' comment); an entry a translator edited, reviewed or that "
            "has no checksum is never replaced.") in text


# --- translate check says what an entry is ---------------------------------------

def test_check_calls_only_an_untouched_draft_a_machine_translation(news: Path) -> None:
    edit(news, SCHOOLS, msgstr="[Les écoles rouvriront bientôt]")
    result = CliRunner().invoke(app, ["check", "--select", "fuzzy", "--format", "json"])
    assert result.exit_code == 1
    messages = [f["message"] for f in json.loads(result.output)["findings"]
                if f["path"].endswith("news.txt.po")]
    [thanks] = [m for m in messages if THANKS in m]
    [schools] = [m for m in messages if SCHOOLS in m]
    assert thanks.startswith("machine translation draft (pseudo en->fr 1), not reviewed:")
    assert schools.startswith("fuzzy translation of")
    assert "machine" not in schools


# --- the entry-state question, on its own ----------------------------------------

def _entry(msgstr: str, comment: str, fuzzy: bool = True, **fields: object) -> polib.POEntry:
    entry = polib.POEntry(msgid="Rescue teams met.\n", msgstr=msgstr, comment=comment,
                          flags=["fuzzy"] if fuzzy else [], **fields)
    return entry


def test_machine_draft_is_true_only_for_an_untouched_fuzzy_draft() -> None:
    text = "Les équipes — «secours» 🚒\n"
    note = machine_note("libretranslate en->fr (mt1, mt2)", text)
    assert note == f"machine translation: libretranslate en->fr (mt1, mt2) [{checksum(text)}]"
    assert machine_draft(_entry(text, "type: paragraph\n" + note))
    assert not machine_draft(_entry(text + "x", note))                  # edited
    assert not machine_draft(_entry(text.rstrip("\n"), note))            # even a newline
    assert not machine_draft(_entry(text, note, fuzzy=False))            # reviewed
    assert not machine_draft(_entry(text, "machine translation: argos en->fr 1.9"))  # legacy
    assert not machine_draft(_entry(text, f"translator: [{checksum(text)}]"))
    assert not machine_draft(_entry(text, REVIEWED_PREFIX + "argos en->fr 1.9"))
    assert not machine_draft(_entry(text, note, obsolete=True))
    assert not machine_draft(_entry("", machine_note("pseudo en->fr 1", "")))


def test_mark_reviewed_keeps_the_history_and_drops_the_claim() -> None:
    text = "Les équipes se sont réunies.\n"
    comment = "type: paragraph\n" + machine_note("argos en->fr 1.9", text) + "\nglossary: x = y"
    entry = _entry(text, comment, fuzzy=False)
    assert mark_reviewed(entry)
    assert entry.comment == ("type: paragraph\n" + REVIEWED_PREFIX + "argos en->fr 1.9"
                             "\nglossary: x = y")
    assert not mark_reviewed(entry)
    draft = _entry(text, comment)             # still fuzzy: not reviewed yet
    assert not mark_reviewed(draft) and draft.comment == comment
    assert catalog_notes(entry.comment, False) == [REVIEWED_PREFIX + "argos en->fr 1.9"]
