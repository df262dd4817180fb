"""The checks of one catalog entry (``translate.checks.entries``), each alone
on a hand-made entry and catalog context, and the list they form."""

from __future__ import annotations

import pytest

from translate.catalog import machine_note
from translate.checks import CODES, MAX_LANGUAGE_FINDINGS, Finding
from translate.checks.entries import (ENTRY_CHECKS, CatalogContext, Stop, check_fuzzy,
                                      check_glossary_terms, check_language, check_markup_entry,
                                      check_obsolete, check_unchanged, check_untranslated)
from translate.checks.language import LanguageGuesser
from translate.glossary import parse_glossary
from translate.po import parse_po
from translate.segment import get_format

CATALOG = "locales/fr/news.txt.po"
HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: fr\\n"\n\n'
GLOSSARY = parse_glossary(
    "term,variants,kind,case,fr\n"
    "General Secretariat,,term,,Secrétariat général\n"
    "Afripol,AFRIPOL,keep,,AFRIPOL\n".encode("utf-8"))
#: The codes a check of one entry reports; every other code of CODES is about
#: a file, a document, a language or the glossary itself.
ENTRY_CODES = {"obsolete", "untranslated", "fuzzy", "glossary-missing", "glossary-forbidden",
               "glossary-altered", "inline-markup", "link", "number", "placeholder",
               "unchanged", "wrong-language"}
OTHER_CODES = {"missing-catalog", "missing-entry", "incomplete", "stale-source",
               "stale-catalog", "stale-template", "parse-error", "duplicate", "header",
               "header-field", "plural-forms", "plural-rule", "format-string", "newline",
               "source-error", "glossary-lint", "source-language",
               # The published site (translate/checks/site.py).
               "site-missing-page", "site-unpublished", "site-stale", "site-alternate",
               "site-link", "site-html", "site-url"}
SPANISH = ("La conferencia reunió a los jefes de policía de los países africanos para "
           "hablar de la delincuencia organizada")


def entry(body: str):
    """The one entry of a catalog made of a header and ``body``, read as every
    check reads catalogs."""
    (only,) = [item for item in parse_po(HEADER + body, CATALOG) if item.msgid]
    return only


def context(**kwargs) -> CatalogContext:
    return CatalogContext(CATALOG, "fr", **kwargs)


def test_untranslated_stops_the_entry() -> None:
    found = check_untranslated(context(), entry('msgid "Hello world"\nmsgstr ""\n'))
    assert isinstance(found, Stop)
    assert list(found) == [Finding(CATALOG, 6, "untranslated", "error",
                                   "untranslated: 'Hello world'", "fr")]


def test_a_translated_entry_is_not_untranslated() -> None:
    assert not check_untranslated(context(), entry('msgid "Hello"\nmsgstr "Bonjour"\n'))
    # A plural entry is translated when any of its forms is.
    plural = entry('msgid "one"\nmsgid_plural "many"\nmsgstr[0] ""\nmsgstr[1] "plusieurs"\n')
    assert not check_untranslated(context(), plural)


def test_a_machine_draft_is_reported_as_one() -> None:
    draft = entry(f'#. {machine_note("argos en-fr 1.9", "Bonjour")}\n'
                  '#. glossary: missing General Secretariat\n'
                  '#, fuzzy\nmsgid "Hello"\nmsgstr "Bonjour"\n')
    found = check_fuzzy(context(), draft)
    assert isinstance(found, Stop)
    [finding] = found
    assert (finding.code, finding.severity, finding.line) == ("fuzzy", "error", 9)  # the msgid line
    assert finding.message == (
        "machine translation draft (argos en-fr 1.9), not reviewed (terms it could not "
        "apply: General Secretariat): 'Hello' -- review it and remove the fuzzy flag")


def test_an_edited_draft_is_a_fuzzy_translation() -> None:
    edited = entry(f'#. {machine_note("argos en-fr 1.9", "Bonjour")}\n'
                   '#, fuzzy\nmsgid "Hello"\nmsgstr "Bonjour à tous"\n')
    [finding] = check_fuzzy(context(), edited)
    assert finding.message == ("fuzzy translation of 'Hello' -- review it and remove the "
                               "fuzzy flag")
    assert not check_fuzzy(context(), entry('msgid "Hello"\nmsgstr "Bonjour"\n'))


def test_obsolete_entries_stop_before_anything_else() -> None:
    obsolete = entry('#~ msgid "Old text"\n#~ msgstr ""\n')
    found = check_obsolete(context(), obsolete)
    assert isinstance(found, Stop)
    assert [(f.code, f.severity, f.message) for f in found] == [
        ("obsolete", "warning",
         "obsolete entry 'Old text' -- delete it when it is no longer useful")]
    assert not check_obsolete(context(), entry('msgid "Hello"\nmsgstr ""\n'))


def test_a_missing_glossary_term() -> None:
    wrong = entry('msgid "The General Secretariat met."\nmsgstr "Le secrétariat s\'est réuni."\n')
    [finding] = check_glossary_terms(context(glossary=GLOSSARY), wrong)
    assert (finding.code, finding.severity, finding.line) == ("glossary-missing", "error", 6)
    assert finding.message == ("'General Secretariat' missing, expected 'Secrétariat général' "
                               "(see glossary.csv:2)")
    right = entry('msgid "The General Secretariat met."\n'
                  'msgstr "Le Secrétariat général s\'est réuni."\n')
    assert not check_glossary_terms(context(glossary=GLOSSARY), right)
    # Without a glossary there is nothing to check.
    assert not check_glossary_terms(context(), wrong)


def test_numbers_that_differ() -> None:
    wrong = entry('msgid "In 2019, 190 countries met."\nmsgstr "En 2018, 190 pays."\n')
    [finding] = check_markup_entry(context(), wrong)
    assert (finding.code, finding.message) == (
        "number", "numbers differ: missing '2019'; not in the msgid: '2018'")
    right = entry('msgid "In 2019, 190 countries met."\nmsgstr "En 2019, 190 pays."\n')
    assert not check_markup_entry(context(), right)


def test_markdown_markup_is_compared_in_markdown_catalogs_only() -> None:
    bold = entry('msgid "A **bold** move"\nmsgstr "Un geste audacieux"\n')
    assert not check_markup_entry(context(format=get_format("text")), bold)
    [finding] = check_markup_entry(context(format=get_format("markdown")), bold)
    assert finding.code == "inline-markup"


def test_an_unchanged_copy() -> None:
    copy = entry('msgid "The conference opened today."\nmsgstr "The conference opened today."\n')
    found = check_unchanged(context(glossary=GLOSSARY), copy)
    assert isinstance(found, Stop)
    assert [(f.code, f.message) for f in found] == [
        ("unchanged", "the translation is a copy of the msgid 'The conference opened today.' "
                      "-- translate it, or add its names to the glossary as 'keep'")]
    # A msgid of names to keep, numbers and URLs is rightly copied: nothing
    # to report, and nothing more to check.
    names = entry('msgid "AFRIPOL 2019 https://afripol.africa-union.org"\n'
                  'msgstr "AFRIPOL 2019 https://afripol.africa-union.org"\n')
    found = check_unchanged(context(glossary=GLOSSARY), names)
    assert isinstance(found, Stop) and not found
    assert not check_unchanged(context(), entry('msgid "Hello"\nmsgstr "Bonjour"\n'))


@pytest.fixture(scope="module")
def guesser() -> LanguageGuesser:
    return LanguageGuesser()


def test_a_translation_in_the_wrong_language(guesser: LanguageGuesser) -> None:
    spanish = entry(f'msgid "The conference brought police chiefs together."\n'
                    f'msgstr "{SPANISH}"\n')
    [finding] = check_language(context(guesser=guesser), spanish)
    assert (finding.code, finding.severity, finding.line) == ("wrong-language", "warning", 6)
    assert finding.message.startswith("the translation looks Spanish (p=")
    assert "not French (p=" in finding.message
    french = entry('msgid "The conference brought police chiefs together."\n'
                   'msgstr "La conférence a réuni les chefs de police des pays africains pour '
                   'parler de la criminalité organisée"\n')
    assert not check_language(context(guesser=guesser), french)
    # No guesser, no language check.
    assert not check_language(context(), spanish)


def test_the_language_check_gives_up_after_a_few_findings(guesser: LanguageGuesser) -> None:
    catalog = context(guesser=guesser)
    found: list[Finding] = []
    for number in range(MAX_LANGUAGE_FINDINGS + 3):
        found += check_language(catalog, entry(f'msgid "Text {number}"\nmsgstr "{SPANISH}"\n'))
    assert len(found) == MAX_LANGUAGE_FINDINGS + 1
    assert found[-1].message == (f"{MAX_LANGUAGE_FINDINGS} translations of this catalog look "
                                 "like another language than French; the rest of it was not "
                                 "checked for language")
    assert catalog.guesser is None and catalog.language_findings == MAX_LANGUAGE_FINDINGS
    # The cap is per catalog: a new context checks again.
    assert check_language(context(guesser=guesser),
                          entry(f'msgid "Text"\nmsgstr "{SPANISH}"\n'))


def test_the_checks_cover_every_code_of_one_entry() -> None:
    declared = [code for check in ENTRY_CHECKS for code in check.codes]
    assert len(declared) == len(set(declared)), "two checks report the same code"
    assert set(declared) == ENTRY_CODES
    # A code added to CODES is either reported by an entry check or listed
    # here as a code of a file, a document or a language.
    assert set(CODES) == ENTRY_CODES | OTHER_CODES
    assert not ENTRY_CODES & OTHER_CODES


def test_the_checks_that_stop_an_entry_come_first_and_always_run() -> None:
    gates = [check for check in ENTRY_CHECKS if check.gate]
    assert gates == [check_obsolete, check_untranslated, check_fuzzy]
    assert ENTRY_CHECKS[:3] == gates


def test_an_entry_goes_through_the_list_until_a_check_stops_it() -> None:
    """What the walk does with each entry: the checks in order, findings
    filtered by the codes selected, nothing after a Stop."""

    def run(item, **kwargs) -> list[str]:
        catalog = context(glossary=GLOSSARY, **kwargs)
        codes = catalog.codes
        out: list[str] = []
        for check in ENTRY_CHECKS:
            if not (check.gate or check.codes & codes):
                continue
            found = check(catalog, item)
            out += [finding.code for finding in found if finding.code in codes]
            if isinstance(found, Stop):
                break
        return out

    fuzzy_wrong = entry('#, fuzzy\nmsgid "In 2019 the General Secretariat"\n'
                        'msgstr "En 2018 le secrétariat"\n')
    assert run(fuzzy_wrong) == ["fuzzy"]
    # Deselecting fuzzy does not let its numbers be compared.
    assert run(fuzzy_wrong, codes=frozenset({"number"})) == []
    wrong = entry('msgid "In 2019 the General Secretariat"\nmsgstr "En 2018 le secrétariat"\n')
    assert run(wrong) == ["glossary-missing", "number"]
    assert run(wrong, codes=frozenset({"number"})) == ["number"]
