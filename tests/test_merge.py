"""`update` semantics: those of GNU msgmerge --previous, checked against it."""

from __future__ import annotations

import subprocess
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from translate.catalog import count_entries, make_template, merge
from translate.po import Catalog, format_po, parse_po
from translate.segment import parse_document

from .conftest import gettext_tool, msgfmt_check

NOW = "2026-01-02 03:04+0000"

BASE = [
    "The conference was attended by leadership of the General Secretariat.",
    "Members of the Executive Committee took part in the meeting in Kigali.",
    "Representatives of law enforcement agencies of 42 member states attended.",
    "The main topics were terrorism and organized crime in the region.",
    "The event was opened by the Prime Minister of Rwanda, Edward Ngirente.",
    "No country can single-handedly defeat crime, he said to the delegates.",
    "The Secretary General delivered a welcoming speech on the first day.",
    "Operations Usalama IV and Thunderstorm targeted crimes against wildlife.",
    "Trigger III and Epervier were aimed at combating human trafficking.",
    "Lionfish was aimed at combating drug trafficking across the continent.",
    "Cybercrime in Africa was discussed in detail by the delegates.",
    "Environmental crime was also on the agenda of the conference.",
]


def template_of(paragraphs: list[str]) -> Catalog:
    document = parse_document("doc.txt", "\n\n".join(paragraphs) + "\n")
    return parse_po(format_po(make_template(document, "source/doc.txt", None, NOW)))


def translate_all(catalog: Catalog) -> Catalog:
    for entry in catalog:
        if not entry.obsolete and not entry.msgstr:
            entry.msgstr = "FR " + entry.msgid
    return parse_po(format_po(catalog))


def states(catalog: Catalog) -> dict[str, str]:
    out = {}
    for entry in catalog:
        if entry.obsolete:
            state = "obsolete"
        elif not entry.msgstr:
            state = "untranslated"
        elif "fuzzy" in entry.flags:
            state = "fuzzy"
        else:
            state = "translated"
        out[entry.msgid] = state
    return out


def msgmerge(tmp: Path, catalog: Catalog, template: Catalog) -> str:
    old, pot, new = tmp / "old.po", tmp / "new.pot", tmp / "gnu.po"
    old.write_bytes(format_po(catalog).encode(catalog.encoding or "utf-8"))
    pot.write_text(format_po(template), encoding="utf-8")
    subprocess.run([gettext_tool("msgmerge"), "--previous", "-q", "-o", str(new), str(old),
                    str(pot)], check=True)
    return new.read_text(encoding="utf-8")


EDITS = {
    "one word changed": lambda p: [p[0].replace("leadership", "the leadership")] + p[1:],
    "paragraphs deleted": lambda p: p[:3] + p[5:],
    "paragraphs added": lambda p: p[:2] + ["A new paragraph about the African police."] + p[2:],
    "paragraph rewritten": lambda p: ["Something entirely different was said here."] + p[1:],
    "paragraphs moved": lambda p: p[6:] + p[:6],
    "paragraph duplicated": lambda p: p + [p[1]],
    "several small edits": lambda p: [x.replace("the", "a", 1) for x in p],
}


def test_update_agrees_with_msgmerge_on_a_series_of_edits(tmp_path: Path) -> None:
    catalog = translate_all(merge(template_of(BASE), None, "fr", "source/doc.txt", NOW))
    paragraphs = BASE
    for name, edit in EDITS.items():
        paragraphs = edit(paragraphs)
        template = template_of(paragraphs)
        ours = format_po(merge(template, catalog, "fr", "source/doc.txt", NOW))
        theirs = msgmerge(tmp_path, catalog, template)
        assert states(parse_po(ours)) == states(parse_po(theirs)), name
        assert ours == theirs, name
        catalog = parse_po(ours)
    # The series exercised every outcome.
    assert set(states(catalog).values()) >= {"translated", "fuzzy", "untranslated", "obsolete"}


def test_obsolete_translation_comes_back_when_its_segment_does(tmp_path: Path) -> None:
    catalog = translate_all(merge(template_of(BASE), None, "fr", "source/doc.txt", NOW))
    removed = parse_po(format_po(merge(template_of(BASE[1:]), catalog, "fr", "d", NOW)))
    assert states(removed)[BASE[0]] == "obsolete"
    back = merge(template_of(BASE), removed, "fr", "d", NOW)
    assert states(back)[BASE[0]] == "translated"
    assert format_po(back) == msgmerge(tmp_path, removed, template_of(BASE))


def test_fuzzy_entry_edited_again_keeps_the_first_previous_msgid() -> None:
    catalog = translate_all(merge(template_of(BASE), None, "fr", "d", NOW))
    once = merge(template_of([BASE[0] + " Again."] + BASE[1:]), catalog, "fr", "d", NOW)
    twice = merge(template_of([BASE[0] + " Again and again."] + BASE[1:]),
                  parse_po(format_po(once)), "fr", "d", NOW)
    entry = twice[0]
    assert "fuzzy" in entry.flags and entry.previous_msgid == BASE[0]
    assert entry.msgstr == "FR " + BASE[0]


def test_new_catalog_has_a_complete_header_for_each_language(tmp_path: Path) -> None:
    expected = {"ru": "nplurals=3;", "fr": "nplurals=2; plural=(n > 1);",
                "es": "nplurals=2; plural=(n != 1);", "ar": "nplurals=6;"}
    for code, plural in expected.items():
        catalog = merge(template_of(BASE), None, code, "source/doc.txt", NOW)
        assert catalog.metadata["Language"] == code
        assert catalog.metadata["Plural-Forms"].startswith(plural)
        assert catalog.metadata["Content-Type"] == "text/plain; charset=UTF-8"
        path = tmp_path / f"{code}.po"
        path.write_text(format_po(catalog), encoding="utf-8")
        result = msgfmt_check(path)
        assert result.returncode == 0 and result.stderr == "", result.stderr


def test_merge_twice_changes_nothing() -> None:
    catalog = translate_all(merge(template_of(BASE), None, "fr", "d", NOW))
    template = template_of(EDITS["one word changed"](BASE))
    once = format_po(merge(template, catalog, "fr", "d", NOW))
    twice = format_po(merge(template, parse_po(once), "fr", "d", NOW))
    assert once == twice


# --- nothing a translator wrote is ever lost --------------------------------

VOCABULARY = ["police", "crime", "Interpol", "Africa", "delegates", "conference", "agency",
              "cooperation", "operation", "wildlife", "trafficking", "the", "of", "and"]
sentence = st.lists(st.sampled_from(VOCABULARY), min_size=3, max_size=9).map(
    lambda words: " ".join(words).capitalize() + ".")


@settings(max_examples=60, deadline=None)
@given(st.lists(sentence, min_size=1, max_size=8), st.data())
def test_no_update_ever_drops_a_translation(paragraphs: list[str], data: st.DataObject) -> None:
    catalog = merge(template_of(paragraphs), None, "fr", "d", NOW)
    counter = 0
    for _ in range(data.draw(st.integers(1, 6), label="rounds")):
        # A translator translates some entries (or retranslates fuzzy ones).
        for entry in catalog:
            if not entry.obsolete and data.draw(st.booleans(), label="translate"):
                counter += 1
                entry.msgstr = f"T{counter}"
                entry.flags = [f for f in entry.flags if f != "fuzzy"]
                entry.previous_msgid = None
        catalog = parse_po(format_po(catalog))
        before = {entry.msgstr for entry in catalog if entry.msgstr}
        # The document is edited.
        action = data.draw(st.sampled_from(["edit", "delete", "insert", "move", "duplicate"]))
        index = data.draw(st.integers(0, len(paragraphs) - 1))
        if action == "edit":
            paragraphs[index] = paragraphs[index][:-1] + " " + data.draw(sentence)
        elif action == "delete" and len(paragraphs) > 1:
            del paragraphs[index]
        elif action == "insert":
            paragraphs.insert(index, data.draw(sentence))
        elif action == "move":
            paragraphs.append(paragraphs.pop(index))
        else:
            paragraphs.append(paragraphs[index])
        catalog = parse_po(format_po(merge(template_of(paragraphs), catalog, "fr", "d", NOW)))
        after = {entry.msgstr for entry in catalog if entry.msgstr}
        assert before <= after
        translated, fuzzy, untranslated, _ = count_entries(catalog)
        assert translated + fuzzy + untranslated == len(set(paragraphs))


def test_catalog_in_another_charset_becomes_utf8_like_msgmerge(tmp_path: Path) -> None:
    from translate.po import read_po

    catalog = read_po(Path(__file__).parent / "data/po/roundtrip/koi8-r.po")
    template = parse_po('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                        'msgid "General Secretariat"\nmsgstr ""\n\nmsgid "Jürgen Stock"\nmsgstr ""\n')
    ours = merge(template, catalog, "ru", "d", NOW)
    assert ours.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert ours[0].msgstr == "Генеральный секретариат"
    assert format_po(ours) == msgmerge(tmp_path, catalog, template)


# --- which fuzzy candidate wins: msgmerge's index, not "the first best" -----

HEADER = ('msgid ""\nmsgstr ""\n"Language: fr\\n"\n'
          '"Content-Type: text/plain; charset=UTF-8\\n"\n\n')


def po_text(entries: list[tuple[str | None, str, str]]) -> str:
    def quote(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    blocks = [HEADER.rstrip("\n") + "\n"]
    for msgctxt, msgid, msgstr in entries:
        context = f"msgctxt {quote(msgctxt)}\n" if msgctxt is not None else ""
        blocks.append(f"{context}msgid {quote(msgid)}\nmsgstr {quote(msgstr)}\n")
    return "\n".join(blocks)


def merged_both_ways(tmp: Path, old: list, new: list) -> tuple[str, str]:
    catalog, template = parse_po(po_text(old)), parse_po(po_text(new))
    ours = format_po(merge(template, catalog, "fr", "d", NOW))
    return ours, msgmerge(tmp, catalog, template)


def test_a_tie_goes_to_the_candidate_sharing_most_4_grams_like_msgmerge(tmp_path: Path) -> None:
    # Both old messages are as similar to the new one (16/17), but the second
    # shares more 4-grams of characters with it: msgmerge's index tries it
    # first, and keeps it.
    old = [(None, "abcdXefgh", "first"), (None, "abcdefgYh", "second")]
    ours, theirs = merged_both_ways(tmp_path, old, [(None, "abcdefgh", "")])
    assert ours == theirs
    assert parse_po(ours)[0].msgstr == "second"


def test_a_candidate_without_context_wins_a_tie_like_msgmerge(tmp_path: Path) -> None:
    old = [("menu", "the red cat", "with context"), (None, "the red hat", "without")]
    ours, theirs = merged_both_ways(tmp_path, old, [(None, "the red bat", "")])
    assert ours == theirs
    assert parse_po(ours)[0].msgstr == "without"
    # ... and one in the same context as the new message wins too.
    old = [("menu", "the red cat", "same context"), ("other", "the red hat", "other")]
    ours, theirs = merged_both_ways(tmp_path, old, [("menu", "the red bat", "")])
    assert ours == theirs
    assert parse_po(ours)[0].msgstr == "same context"


def test_messages_sharing_no_4_gram_are_not_fuzzy_matches_like_msgmerge(tmp_path: Path) -> None:
    # fstrcmp finds "c l o s e" similar to "close" (0.71), but msgmerge only
    # compares messages that share a 4-gram of characters with the new one.
    ours, theirs = merged_both_ways(tmp_path, [(None, "c l o s e", "T")],
                                    [(None, "close", "")])
    assert ours == theirs
    assert parse_po(ours)[0].msgstr == ""


WORDS = ["cat", "dog", "cow", "sat", "mat", "the", "on", "a", "of", "кот", "пёс", "été", "x"]
short_text = st.lists(st.sampled_from(WORDS), min_size=1, max_size=5).map(" ".join)
message = st.tuples(st.sampled_from([None, None, "a", "b"]), short_text)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.lists(message, min_size=1, max_size=7, unique=True),
       st.lists(message, min_size=1, max_size=6, unique=True))
def test_fuzzy_matches_agree_with_msgmerge_on_ties_and_contexts(tmp_path_factory, old: list,
                                                               new: list) -> None:
    tmp = tmp_path_factory.mktemp("merge")
    ours, theirs = merged_both_ways(tmp, [(c, m, f"T{i}") for i, (c, m) in enumerate(old)],
                                    [(c, m, "") for c, m in new])
    assert ours == theirs
