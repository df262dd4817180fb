"""Language identification for `translate check` (``translate.langid``): the
verdict must not depend on the languages a project configures or selects,
and no correct translation or English document may be reported as another
language.

The texts are real: the sample's reviewed catalogs, German, Italian and
Portuguese translations of the sample release (``tests/data/langid/``), this
repository's README and the long descriptions (READMEs) of the installed
Python packages."""

from __future__ import annotations

import importlib.metadata
import json
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.checks import MAX_LANGUAGE_FINDINGS
from translate.cli import app
from translate import langid
from translate.langid import DETECTABLE, LanguageGuesser, profiles, related
from translate.languages import _TABLE
from translate.po import format_po, read_po
from translate.segment import parse_document

from .conftest import DATA

ROOT = Path(__file__).resolve().parent.parent
DOC = "interpol-african-regional-conference.txt"
SAMPLE_LANGUAGES = ("ru", "fr", "es", "ar")
MORE_LANGUAGES = ("de", "it", "pt")
runner = CliRunner()
NO_GLOSSARY = 'glossary = ""\n'
#: Every language the tool can create catalogs for: what the verdict must not
#: depend on is exactly this list, so the guesser is handed all of it.
ALL_LANGUAGES = sorted(_TABLE)
#: Packages whose long description is an English README (with code, names
#: and URLs); those installed are read.
ENGLISH_READMES = ("typer", "polib", "hypothesis", "rapidfuzz", "markdown-it-py", "rich",
                   "pydantic", "tqdm", "regex", "charset-normalizer", "sentencepiece",
                   "httpx", "httpcore", "smart-open", "srsly", "wasabi", "confection",
                   "annotated-types", "catalogue", "cloudpathlib", "stanza", "thinc",
                   "ctranslate2", "argostranslate", "sympy", "pytest", "idna", "h11",
                   "sortedcontainers", "mpmath", "cloudpickle", "wrapt", "blis", "cymem",
                   "sacremoses", "torch", "spacy", "langdetect", "PyStemmer",
                   "snowballstemmer", "packaging", "click", "pygments", "jinja2",
                   # A table of language names and codes: all-profile langdetect
                   # takes some of it for Indonesian.
                   "minisbd")

UKRAINIAN = ("Боротьба з незаконним обігом наркотиків у регіоні також є пріоритетом "
             "Організації та національних правоохоронних органів африканських держав. "
             "Учасники конференції наголосили, що це питання потребує тісної співпраці.")


def check(*args: str):
    return runner.invoke(app, ["check", *args], catch_exceptions=False)


def findings(result) -> list[tuple[str, str, str]]:
    data = json.loads(result.output)
    return [(f["path"], f["code"], f["message"]) for f in data["findings"]]


def catalog_path(language: str) -> Path:
    return Path("locales") / language / f"{DOC}.po"


def reviewed(path: Path) -> list[str]:
    return [entry.msgstr for entry in read_po(path)
            if entry.msgid and entry.msgstr and "fuzzy" not in entry.flags]


def translations(language: str) -> list[str]:
    """The reviewed translations of the sample release in one language."""
    if language in SAMPLE_LANGUAGES:
        return reviewed(ROOT / "locales" / language / f"{DOC}.po")
    return reviewed(DATA / "langid" / f"{language}.po")


@pytest.fixture
def sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of this repository's sample project; the current folder is its root."""
    for name in ("pyproject.toml", "glossary.csv"):
        shutil.copy(ROOT / name, tmp_path / name)
    for name in ("source", "locales"):
        shutil.copytree(ROOT / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def english_readmes() -> dict[str, str]:
    """The long descriptions of the installed packages of ENGLISH_READMES and
    this repository's README, by name."""
    texts = {"README.md": (ROOT / "README.md").read_text(encoding="utf-8")}
    for name in ENGLISH_READMES:
        try:
            metadata = importlib.metadata.metadata(name)
        except importlib.metadata.PackageNotFoundError:
            continue
        text = metadata.get_payload() or metadata.get("Description") or ""
        if len(text) >= 2000:
            texts[name] = text
    assert len(texts) >= 8, f"too few READMEs installed: {sorted(texts)}"
    return texts


def windows(text: str) -> list[str]:
    """A README segmented as a Markdown document, then cut as `check` does for
    the source language (40 segments, 5,000 characters), from every 10th
    segment on."""
    segments = [segment.msgid for segment in parse_document("README.md", text).segments]
    return ["\n".join(segments[start:start + 40])[:5000]
            for start in range(0, max(len(segments) - 5, 1), 10)]


# --- the configured and selected languages do not matter -----------------------

def test_a_spanish_sentence_in_the_french_catalog_is_caught_with_lang_fr(sample: Path) -> None:
    path = catalog_path("fr")
    catalog = read_po(path)
    spanish = {entry.msgid: entry.msgstr for entry in read_po(catalog_path("es"))}
    entry = next(e for e in catalog if e.msgid.startswith("The fight against drug trafficking"))
    entry.msgstr = spanish[entry.msgid]
    path.write_text(format_po(catalog), encoding="utf-8")
    alone = check("--lang", "fr", "--format", "json", "--select", "wrong-language")
    assert [(p, code) for p, code, _ in findings(alone)] == [(str(path), "wrong-language")]
    assert "looks Spanish" in findings(alone)[0][2]
    # The same finding, word for word, with every language of the project.
    assert findings(check("--format", "json", "--select", "wrong-language")) == findings(alone)


def test_a_russian_document_in_an_english_to_french_and_spanish_project(project) -> None:
    russian = "\n\n".join(translations("ru")) + "\n"
    english = (ROOT / "source" / DOC).read_text(encoding="utf-8")
    project(languages='["fr", "es"]', documents={"news.txt": english, "ru-news.txt": russian},
            extra=NO_GLOSSARY)
    result = check("--format", "json", "--select", "source-language")
    assert result.exit_code == 1
    assert [(p, code) for p, code, _ in findings(result)] == [("source/ru-news.txt",
                                                               "source-language")]
    assert "looks Russian" in findings(result)[0][2]


def test_a_german_document_in_the_sample_project(sample: Path) -> None:
    Path("source/de-news.txt").write_text("\n\n".join(translations("de")) + "\n",
                                          encoding="utf-8")
    result = check("--format", "json", "--select", "source-language")
    assert result.exit_code == 1
    assert [(p, code) for p, code, _ in findings(result)] == [("source/de-news.txt",
                                                               "source-language")]
    assert "looks German" in findings(result)[0][2]


def test_the_verdict_does_not_depend_on_the_languages_given() -> None:
    spanish = translations("es")[8]
    few, every = LanguageGuesser(["en", "fr"]), LanguageGuesser(ALL_LANGUAGES)
    assert few.other_language(spanish, "fr") == every.other_language(spanish, "fr")
    assert every.other_language(spanish, "fr")[0] == "es"
    assert LanguageGuesser().other_language(spanish, "fr") == every.other_language(spanish, "fr")


# --- no false alarm -------------------------------------------------------------

@pytest.mark.parametrize("language", SAMPLE_LANGUAGES + MORE_LANGUAGES)
def test_no_correct_translation_is_reported(language: str) -> None:
    guesser = LanguageGuesser(ALL_LANGUAGES)
    texts = translations(language)
    assert len(texts) == 15
    # Names are left in: stricter than `check`, which removes them first.
    assert [text for text in texts if guesser.other_language(text, language)] == []


@pytest.mark.parametrize("language", MORE_LANGUAGES)
def test_german_italian_and_portuguese_are_told_apart(language: str) -> None:
    guesser = LanguageGuesser(ALL_LANGUAGES)
    long_texts = [text for text in translations(language) if len(text) >= 150]
    for other in ("en", "fr", "es", *MORE_LANGUAGES):
        if other != language:
            verdicts = {guesser.other_language(text, other) is not None and
                        guesser.other_language(text, other)[0] for text in long_texts}
            assert verdicts == {language}, other


def test_a_project_in_german_italian_and_portuguese_passes(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        text.replace('languages = ["ru", "fr", "es", "ar"]', 'languages = ["de", "it", "pt"]'),
        encoding="utf-8")
    shutil.copy(ROOT / "glossary.csv", tmp_path / "glossary.csv")
    shutil.copytree(ROOT / "source", tmp_path / "source")
    shutil.copytree(ROOT / "locales" / "templates", tmp_path / "locales" / "templates")
    for language in MORE_LANGUAGES:
        (tmp_path / "locales" / language).mkdir()
        shutil.copy(DATA / "langid" / f"{language}.po", tmp_path / catalog_path(language))
    monkeypatch.chdir(tmp_path)
    result = check("--format", "json", "--select", "language,missing")
    assert result.exit_code == 0, result.output
    assert findings(result) == []
    # ... and each catalog holding another's translations is caught.
    shutil.copy(DATA / "langid" / "pt.po", tmp_path / catalog_path("it"))
    messages = [message for _, code, message in
                findings(check("--format", "json", "--select", "wrong-language"))]
    assert sum("looks Portuguese" in message for message in messages) == MAX_LANGUAGE_FINDINGS
    assert len(messages) == MAX_LANGUAGE_FINDINGS + 1  # and "the rest was not checked"


def test_every_reviewed_sample_entry_passes_whatever_the_languages(sample: Path) -> None:
    for languages in (["fr"], ["ru", "ar"], list(SAMPLE_LANGUAGES)):
        args = [item for code in languages for item in ("--lang", code)]
        result = check("--format", "json", "--select", "language", *args)
        assert findings(result) == [], languages


def test_english_readmes_are_english() -> None:
    guesser = LanguageGuesser(ALL_LANGUAGES)
    reported = []
    checked = 0
    for name, text in english_readmes().items():
        for window in windows(text):
            if sum(c.isalpha() for c in window) >= 100:
                checked += 1
                other = guesser.other_language(window, "en")
                if other is not None:
                    reported.append((name, other, window[:80]))
    assert checked >= 100
    assert reported == []


def test_readmes_as_documents_of_a_project_pass(project) -> None:
    readmes = english_readmes()
    project(languages='["fr", "es"]',
            documents={f"{name}.md": text for name, text in readmes.items()}, extra=NO_GLOSSARY)
    result = check("--format", "json", "--select", "source-language")
    assert result.exit_code == 0, result.output
    assert findings(result) == []


# --- close relatives --------------------------------------------------------------

def test_ukrainian_and_russian_are_told_apart() -> None:
    guesser = LanguageGuesser()
    russian = translations("ru")[8]
    assert guesser.other_language(UKRAINIAN, "ru")[0] == "uk"
    assert guesser.other_language(russian, "uk")[0] == "ru"
    assert guesser.other_language(UKRAINIAN, "uk") is None
    assert guesser.other_language(russian, "ru") is None


def test_close_relatives_are_one_table() -> None:
    assert related("es", "pt") and related("pt", "gl") and related("fr", "ca")
    assert related("ru", "uk") and related("uk", "bg") and related("da", "nb")
    assert related("hr", "sr") and related("id", "ms") and related("cs", "sk")
    assert not related("fr", "es") and not related("en", "de") and not related("ru", "ar")
    assert not related("fr", "fr")


# --- cost ---------------------------------------------------------------------------

def test_checking_the_sample_does_not_load_langdetect(sample: Path) -> None:
    # Every reviewed translation of the sample is plainly in its language: the
    # quick look settles them all, and langdetect (0.05 s of profiles) is not
    # even imported.
    code = ("import sys\nfrom typer.testing import CliRunner\nfrom translate.cli import app\n"
            "result = CliRunner().invoke(app, ['check', '--select', 'language'])\n"
            "print(result.exit_code, 'langdetect' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=sample, check=True)
    assert done.stdout == "0 False\n"


def test_the_profiles_are_loaded_once_and_give_the_same_answers() -> None:
    text = translations("it")[4]
    first, second = LanguageGuesser(), LanguageGuesser(["it"])
    assert first.probabilities(text) == second.probabilities(text)
    assert first.probabilities(text)["it"] > 0.99
    assert profiles() is profiles()
    assert len(profiles().langlist) == 55


# --- the tables ---------------------------------------------------------------------

def test_every_language_of_the_tool_is_weighed() -> None:
    # An English paragraph has evidence against every other language the tool
    # can create catalogs for: each one is in the tables.
    english = (ROOT / "source" / DOC).read_text(encoding="utf-8")
    guesser = LanguageGuesser()
    unknown = [code for code in ALL_LANGUAGES
               if code != "en" and not guesser.rivals(english, code)]
    assert unknown == []
    assert guesser.rivals(english, "en") == []


def test_the_languages_langdetect_knows() -> None:
    assert set(LanguageGuesser().probabilities(translations("fr")[4])) == DETECTABLE


def test_the_tables_are_lowercase_and_nfc() -> None:
    for table in (langid._LATIN, langid._CYRILLIC, langid._ARABIC, langid._OTHER):
        for code, (letters, words) in table.items():
            for text in (letters, words):
                assert text == unicodedata.normalize("NFC", text).lower(), code


# --- what is not language -------------------------------------------------------------

def test_code_placeholders_and_capitals_say_nothing() -> None:
    guesser = LanguageGuesser()
    chinese = "无法和ldapsearchfilter一同使用ldapsearchattribute，请检查您的配置文件和参数设置"
    assert guesser.other_language(chinese, "zh_CN") is None
    synopsis = ("git commit-graph write [--object-dir <rép>] [--append] [--split[=<stratégie>]] "
                "[--reachable | --stdin-packs | --stdin-commits] [--changed-paths] "
                "[--[no-]max-new-filters <n>] [--[no-]progress] <options de division>")
    assert guesser.other_language(synopsis, "fr") is None
    # ... but the same words in a sentence are English.
    english = ("Write the commit graph of the objects that can be reached, and show the "
               "progress of the work while it runs")
    assert guesser.other_language(english, "fr")[0] == "en"


def test_latin_words_copied_from_the_msgid_are_left_out_in_another_script() -> None:
    msgid = "Use archive_cleanup_command and ldapbasedn with postgresql settings"
    msgstr = "Используйте archive_cleanup_command и ldapbasedn с настройками postgresql"
    assert "ldapbasedn" not in LanguageGuesser.without_copied(msgid, msgstr, "ru")
    assert "настройками" in LanguageGuesser.without_copied(msgid, msgstr, "ru")
    # In a Latin-script language a copied word may be text left untranslated.
    assert LanguageGuesser.without_copied(msgid, "Use settings", "fr") == "Use settings"


def test_a_script_the_tables_do_not_give_a_language_is_not_judged() -> None:
    guesser = LanguageGuesser()
    lacinka = ("Niemahčyma stvaryć kanfihuracyjny kataloh dla karystalnika, kali laska "
               "praviercie pravy dostupu i pasprabujcie znoŭ")
    assert guesser.other_language(lacinka, "be@latin") is None
    serbian = ("Ova mogućnost određuje šta će se desiti kada se dva puta klikne na naslovnu "
               "traku prozora, i koje su opcije trenutno ispravne")
    assert guesser.other_language(serbian, "sr@latin") is None
    assert guesser.other_language(serbian, "sr") is None
