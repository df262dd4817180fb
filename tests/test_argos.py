"""The argos engine on real argos packages, run by real argostranslate and
CTranslate2, offline.

tests/data/argos/ holds two tiny real packages (en->eo and eo->en, where
"eo" is an artificial word-for-word language; tests/argos/make_models.py made
them), and the lexicon of that language.  conftest.py points argostranslate
at a throw-away folder before anything imports it.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.catalog import machine_note
from translate.cli import app
from translate.po import read_po

DATA = Path(__file__).parent / "data" / "argos"
EN_EO = DATA / "translate-en_eo-1_0.argosmodel"
EO_EN = DATA / "translate-eo_en-1_0.argosmodel"
LEXICON = json.loads((DATA / "lexicon.json").read_text(encoding="utf-8"))


def _case(template: str, word: str) -> str:
    if len(template) > 1 and template.isupper():
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def pseudo(english: str, second: tuple[str, ...] = ()) -> str:
    """The "eo" the language's rules give for an English text (with the
    second rendering of the ambiguous words in ``second``)."""

    def word(match: re.Match[str]) -> str:
        text = match.group()
        if "_" in text or text == "Thunderstorm":  # identifiers, and the protected name
            return text
        key = text.lower()
        if key in LEXICON["ambiguous"]:
            return _case(text, LEXICON["ambiguous"][key][1 if key in second else 0])
        return _case(text, LEXICON["words"][key])

    return re.sub(r"[A-Za-z]+(?:_[A-Za-z]+)*", word, english)


def relabel(package: Path, folder: Path, name: str, **metadata: str) -> Path:
    """A copy of a package under another folder name, with other metadata."""
    copy = folder / f"{name}.argosmodel"
    old = package.name.removesuffix(".argosmodel")
    with zipfile.ZipFile(package) as source, zipfile.ZipFile(copy, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.endswith("/metadata.json"):
                data = json.dumps({**json.loads(data), **metadata}).encode()
            target.writestr(info.filename.replace(old, name, 1), data)
    return copy


def run(*args: str) -> object:
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def installed():
    """Both packages installed with our installer into the test folder."""
    from translate.engines.argos import install_file, installed_packages

    for path in (EN_EO, EO_EN):
        install_file(path)
    return installed_packages()


@pytest.fixture()
def engine(installed):
    from translate.engines.argos import ArgosEngine

    return ArgosEngine()


SENTENCES = [
    "The police officer opened the conference.",
    "The report was important. Police officers from all countries took part in the meeting.",
    "The secretary general said: the results of the operation were important!",
    "International cooperation against crime is our new security report.",
]


def test_packages_are_installed_and_listed(installed):
    pairs = {(p.source, p.target, p.version) for p in installed}
    assert pairs == {("en", "eo", "1.0"), ("eo", "en", "1.0")}
    result = run("models", "list", "--format", "json")
    rows = [row for row in json.loads(result.output) if row["engine"] == "argos"]
    assert [(r["source"], r["target"], r["status"]) for r in rows] == \
        [("en", "eo", "installed"), ("eo", "en", "installed")]


def test_exact_translations(engine):
    out = engine.translate(SENTENCES, "en", "eo")
    assert [found[0] for found in out] == [pseudo(text) for text in SENTENCES]
    assert engine.describe("en", "eo") == "argos en->eo 1.0"


def test_placeholders_numbers_and_lines_are_copied(engine):
    texts = ["The report of {0} was opened in 2019 by {1}.",
             "Police officers were there.\nThe meeting was held."]
    out = engine.translate(texts, "en", "eo")
    assert [found[0] for found in out] == [pseudo(text) for text in texts]


def test_same_output_as_argostranslate_except_underscores(engine):
    """Our batched engine gives argostranslate.translate.translate()'s output
    on the same model and beam size (it splits sentences itself; the package
    ships a tiny MiniSBD splitter so argostranslate needs no download)."""
    import argostranslate.translate as argos

    argos.get_installed_languages.cache_clear()
    for text in SENTENCES:
        assert engine.translate([text], "en", "eo")[0][0] == argos.translate(text, "en", "eo")
    # argostranslate turns "_" into a space when it decodes; we do not.
    text = "The file_count of the report was 24."
    ours = engine.translate([text], "en", "eo")[0][0]
    theirs = argos.translate(text, "en", "eo")
    assert ours == pseudo(text)
    assert "file_count" in ours
    assert theirs == ours.replace("file_count", "file count")


def test_hypotheses_hold_the_alternative_rendering(engine):
    [found] = engine.translate(["The officer opened the meeting."], "en", "eo", hypotheses=4)
    assert found[0] == pseudo("The officer opened the meeting.")
    assert pseudo("The officer opened the meeting.", second=("officer",)) in found


def test_pivot_through_english(installed, tmp_path):
    """fr->eo with only fr->en and en->eo installed goes through English.  The
    fr->en package here is the eo->en one relabelled: its "French" is eo."""
    from translate.engines.argos import ArgosEngine, install_file

    relabelled = relabel(EO_EN, tmp_path, "translate-fr_en-1_0", from_code="fr",
                         from_name="French (pseudo)")
    item = install_file(relabelled)
    try:
        engine = ArgosEngine()
        assert engine.describe("fr", "eo") == "argos fr->en->eo 1.0+1.0"
        english = "The police officer opened the conference."
        source = pseudo(english)
        assert engine.translate([source], "fr", "eo")[0][0] == source
    finally:
        shutil.rmtree(item.path)


@pytest.mark.parametrize("name, members, message", [
    ("not-a-zip", None, "not an argos package (not a zip archive)"),
    ("no-metadata", {"pkg/model/model.bin": b"x", "pkg/sentencepiece.model": b"x"},
     "no pkg/metadata.json in the package"),
    ("escape", {"pkg/metadata.json": b'{"from_code": "en", "to_code": "xx"}',
                "pkg/../../evil.txt": b"x"}, "unsafe path in package: 'pkg/../../evil.txt'"),
    ("absolute", {"/etc/evil": b"x"}, "unsafe path in package: '/etc/evil'"),
    ("no-model", {"pkg/metadata.json": b'{"from_code": "en", "to_code": "xx"}',
                  "pkg/sentencepiece.model": b"x"}, "no pkg/model/model.bin in the package"),
    ("two-folders", {"a/metadata.json": b"{}", "b/metadata.json": b"{}"},
     "a package holds one folder, this one holds 2: a, b"),
])
def test_a_bad_package_installs_nothing(installed, tmp_path, name, members, message):
    from translate.engines.argos import _argos

    path = tmp_path / f"{name}.argosmodel"
    if members is None:
        path.write_bytes(b"this is not a zip file")
    else:
        with zipfile.ZipFile(path, "w") as archive:
            for member, data in members.items():
                archive.writestr(member, data)
    folder = Path(_argos().settings.package_data_dir)
    before = sorted(p.name for p in folder.iterdir())
    result = CliRunner().invoke(app, ["models", "install", "--file", str(path)])
    assert result.exit_code == 1
    assert result.output == f"Error: {path}: {message} -- " + result.output.split(" -- ")[1]
    assert message in result.output
    assert sorted(p.name for p in folder.iterdir()) == before
    assert not (tmp_path.parent / "evil.txt").exists()


def test_installing_from_the_index_without_a_network_is_a_clear_error(installed):
    result = CliRunner().invoke(app, ["models", "install", "ru"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: http://127.0.0.1:9/index.json: cannot read the argos "
                                    "package index")
    assert "translate models install --file" in result.output


# ---------------------------------------------------------------------------
# The whole job on a project translated into "eo"

SOURCE = """The new security report

The police officer opened the conference of Thunderstorm in 2019.

The officer said: the results of the operation were important!

Police officers from all countries took part in the meeting. The report was important.

The police officer opened the conference of Thunderstorm in 2019.
"""

GLOSSARY = """term,variants,kind,case,eo,eo_variants,eo_forbidden,note
Thunderstorm,,keep,sensitive,,,,operation code name
officer,officers,term,,{officer},{officers},{wrong},rank
"""


@pytest.fixture()
def project(tmp_path, installed):
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "news.txt").write_text(SOURCE, encoding="utf-8")
    second = LEXICON["ambiguous"]["officer"][1]
    (tmp_path / "glossary.csv").write_text(GLOSSARY.format(
        officer=second, officers=LEXICON["words"]["officers"],
        wrong=LEXICON["ambiguous"]["officer"][0]), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.translate]\nsource_language = "en"\nlanguages = ["eo"]\n', encoding="utf-8")
    return tmp_path


def test_run_translates_with_the_glossary_applied(project):
    result = run("run", "-C", str(project))
    assert result.exit_code == 0, result.output
    catalog = project / "locales" / "eo" / "news.txt.po"
    entries = {e.msgid: e for e in read_po(catalog) if e.msgid}
    second = LEXICON["ambiguous"]["officer"][1]
    for msgid, entry in entries.items():
        assert "fuzzy" in entry.flags
        assert machine_note("argos en->eo 1.0", entry.msgstr) in entry.comment.split("\n")
        assert not any(line.startswith("glossary: missing") for line in entry.comment.split("\n"))
        # The glossary asks for the second rendering of "officer": the
        # engine's alternative hypotheses have it.
        assert entry.msgstr == pseudo(msgid, second=("officer",))
        if "Thunderstorm" in msgid:
            assert "Thunderstorm" in entry.msgstr
    assert any(second in e.msgstr for e in entries.values())
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(catalog)], check=True)
    # Drafts are not published until reviewed; a second run changes nothing.
    assert not (project / "build" / "eo" / "news.txt").exists()
    before = catalog.read_bytes()
    assert run("run", "-C", str(project)).exit_code == 0
    assert catalog.read_bytes() == before


def test_an_interrupted_run_keeps_its_work_and_resumes(project, monkeypatch):
    import translate.mt as mt
    from translate.engines.argos import ArgosEngine

    assert run("extract", "-C", str(project)).exit_code == 0
    assert run("update", "-C", str(project)).exit_code == 0
    catalog = project / "locales" / "eo" / "news.txt.po"
    monkeypatch.setattr(mt, "BATCH", 2)
    real = ArgosEngine.translate
    calls = []

    def interrupted(self, texts, *args, **kwargs):
        calls.append(texts)
        if len(calls) > 2:
            raise KeyboardInterrupt
        return real(self, texts, *args, **kwargs)

    monkeypatch.setattr(ArgosEngine, "translate", interrupted)
    result = CliRunner().invoke(app, ["mt", "-C", str(project)])
    assert result.exit_code == 130
    done = [e for e in read_po(catalog) if e.msgid and e.msgstr]
    assert 1 <= len(done) < 4
    monkeypatch.setattr(ArgosEngine, "translate", real)
    result = run("mt", "-C", str(project), "--format", "json")
    assert result.exit_code == 0
    [eo] = json.loads(result.output)
    assert eo["machine"] == 4 - len(done)
    entries = [e for e in read_po(catalog) if e.msgid]
    assert all(e.msgstr for e in entries)


def test_translation_commands_never_import_torch_for_other_commands(project):
    code = ("import sys; from typer.testing import CliRunner; from translate.cli import app; "
            f"r = CliRunner().invoke(app, ['run', '-C', {str(project)!r}, '--engine', 'pseudo']); "
            f"r2 = CliRunner().invoke(app, ['models', 'list']); "
            "print(r.exit_code, r2.exit_code, sorted(m for m in sys.modules if m.split('.')[0] in "
            "('torch', 'stanza', 'ctranslate2', 'spacy') or m == 'argostranslate.translate'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "0 0 []"


def test_install_from_the_package_index_over_http(installed, tmp_path, monkeypatch):
    """The download path, against a real HTTP server on this machine that
    serves an index and a package, as the argos index does."""
    import functools
    import http.server
    import threading

    from translate.engines.argos import _argos

    served = tmp_path / "served"
    served.mkdir()
    relabelled = relabel(EN_EO, served, "translate-en_cy-1_1", to_code="cy",
                         package_version="1.1")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(served))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    (served / "index.json").write_text(json.dumps([
        {"type": "translate", "from_code": "en", "to_code": "cy", "package_version": "1.1",
         "links": [base + relabelled.name]},
    ]), encoding="utf-8")
    settings = _argos().settings
    monkeypatch.setattr(settings, "remote_package_index", base + "index.json")
    try:
        result = run("models", "list", "--refresh", "--format", "json")
        rows = {(r["engine"], r["source"], r["target"], r["status"])
                for r in json.loads(result.output)}
        assert ("argos", "en", "cy", "available") in rows
        result = run("models", "install", "cy", "--format", "json")
        [item] = json.loads(result.output)
        assert (item["source"], item["target"], item["version"]) == ("en", "cy", "1.1")
        from translate.engines.argos import ArgosEngine

        assert ArgosEngine().describe("en", "cy") == "argos en->cy 1.1"
        text = "The police officer opened the conference."
        assert ArgosEngine().translate([text], "en", "cy")[0][0] == pseudo(text)
    finally:
        server.shutdown()
        shutil.rmtree(Path(settings.package_data_dir) / "translate-en_cy-1_1",
                      ignore_errors=True)
