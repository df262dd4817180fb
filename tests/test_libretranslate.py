"""The libretranslate engine against real LibreTranslate 1.9 servers.

The servers are started from docs/libretranslate.md's Compose file by
tests/libretranslate/recipe.py (the same program, arguments and environment,
on 127.0.0.1), from the LibreTranslate package that ``.ci/run`` installs in
``.venv-tools/libretranslate``; they serve the repository's test argos
packages (en->eo, eo->en, where "eo" is an artificial word-for-word
language).  The in-process argos engine on the same packages is the
reference.  Without the tools' environment these tests are skipped, and in
CI (``CI`` set) they fail.
"""

from __future__ import annotations

import http.server
import json
import random
import re
import subprocess
import threading
from pathlib import Path

import polib
import pytest
from typer.testing import CliRunner

import translate.mt as mt
from translate.cli import app
from translate.engines import get_engine
from translate.engines import libretranslate as lt
from translate.engines.libretranslate import LibreTranslateEngine, LibreTranslatePool
from translate.errors import ConfigError, EngineError, ModelNotInstalled

from .conftest import EPOCH, msgfmt_check, tree_bytes
from .libretranslate.recipe import VENV, Site, compose, require, service, start

DATA = Path(__file__).parent / "data" / "argos"
LEXICON = json.loads((DATA / "lexicon.json").read_text(encoding="utf-8"))
NOTE = re.compile(r"^#\. machine translation: (.*) \[([0-9a-f]{8})\]$", re.M)


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def sentences(count: int, seed: int = 7) -> list[str]:
    """Sentences of the test model's own vocabulary, of moderate length (its
    errors are on long and capitalized ones, see tests/argos/README.md)."""
    words = sorted(word for word in LEXICON["words"] if word.isalpha() and word != "officers")
    rng = random.Random(seed)
    out = []
    for number in range(count):
        picked = [rng.choice(words) for _ in range(rng.randint(4, 9))]
        if number % 5 == 0:
            picked.insert(len(picked) // 2, "officer")
        out.append(" ".join(picked).capitalize() + ".")
    return out


GLOSSARY = """term,variants,kind,case,eo,eo_variants,eo_forbidden,note
Thunderstorm,,keep,sensitive,,,,operation code name
officer,officers,term,,{officer},{officers},,rank
"""
REVIEWED = "Lobo zupa tonven: vifi bamu ri vopudi."


def normalized(data: bytes) -> str:
    """A catalog with the engine's description taken out of its
    ``#. machine translation:`` comments (the checksum stays)."""
    return NOTE.sub(lambda m: f"#. machine translation: ENGINE [{m.group(2)}]",
                    data.decode("utf-8"))


# ---------------------------------------------------------------------------
# Fixtures: the site of the recipe, servers, projects


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    require()
    return Site(tmp_path_factory.mktemp("libretranslate-site"))


@pytest.fixture(scope="module")
def pair(site):
    """Two instances shared by the tests that leave them running."""
    instances = start(site, 2)
    yield instances
    for instance in instances:
        instance.stop()


@pytest.fixture()
def servers(site):
    """Start instances for one test (with extra arguments); all are stopped
    at the end, also on failure."""
    started = []

    def make(count: int = 1, *extra: str):
        found = start(site, count, *extra)
        started.extend(found)
        return found

    yield make
    for instance in started:
        instance.stop()


@pytest.fixture(scope="module")
def installed():
    """The test packages installed for the in-process argos engine."""
    from translate.engines.argos import install_file

    for path in sorted(DATA.glob("*.argosmodel")):
        install_file(path)


def _document() -> str:
    found = sentences(120)
    found[3] = "The police officer opened the conference of Thunderstorm in 2019."
    found[4] = "The file_count of the report was 24."
    found[5] = REVIEWED_SOURCE
    return "The new security report\n\n" + "\n\n".join(found) + "\n"


REVIEWED_SOURCE = "The officer said: the report was important."
#: Markup, a link and a name to keep: tokens the engines must copy.
MARKDOWN = """\
# The new report

The **police officer** opened the `conference` of [Thunderstorm](https://example.org/t).

- The report was *important*.
- Police officers met in 2019.
"""


def _project(root: Path) -> Path:
    """A project translated into "eo", extracted and updated, with one entry a
    translator has reviewed."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "source").mkdir()
    (root / "source" / "news.txt").write_text(_document(), encoding="utf-8")
    (root / "source" / "brief.md").write_text(MARKDOWN, encoding="utf-8")
    (root / "glossary.csv").write_text(GLOSSARY.format(
        officer=LEXICON["ambiguous"]["officer"][1], officers=LEXICON["words"]["officers"]),
        encoding="utf-8")
    (root / "pyproject.toml").write_text(
        '[tool.translate]\nsource_language = "en"\nlanguages = ["eo"]\n', encoding="utf-8")
    for command in ("extract", "update"):
        result = run(command, "-C", str(root))
        assert result.exit_code == 0, result.output
    catalog = root / "locales" / "eo" / "news.txt.po"
    po = polib.pofile(str(catalog), wrapwidth=79)
    entry = po.find(REVIEWED_SOURCE)
    entry.msgstr = REVIEWED
    entry.tcomment = "reviewed by a translator"
    po.save(str(catalog))
    return root


def catalog_of(root: Path) -> Path:
    return root / "locales" / "eo" / "news.txt.po"


def markdown_of(root: Path) -> Path:
    return root / "locales" / "eo" / "brief.md.po"


def urls(*instances) -> str:
    return "engine_options.libretranslate.urls=" + json.dumps([i.url for i in instances])


def reviewed_block(root: Path) -> str:
    """The reviewed entry, as written in the catalog."""
    text = catalog_of(root).read_text(encoding="utf-8")
    return next(block for block in text.split("\n\n") if REVIEWED_SOURCE in block)


@pytest.fixture(scope="module")
def reference(tmp_path_factory, installed) -> tuple[str, str]:
    """The catalog the in-process argos engine writes, normalized, and the
    reviewed entry before any machine translation."""
    with pytest.MonkeyPatch.context() as patch:
        # The tests' fixed clock, which a module's fixture does not get.
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        root = _project(tmp_path_factory.mktemp("reference") / "project")
        before = reviewed_block(root)
        result = run("mt", "-C", str(root), "--engine", "argos")
    assert result.exit_code == 0, result.output
    data = catalog_of(root).read_bytes()
    assert b"machine translation: argos en->eo 1.0 [" in data
    return normalized(data), before, normalized(markdown_of(root).read_bytes())


@pytest.fixture()
def project(tmp_path) -> Path:
    return _project(tmp_path / "project")


# ---------------------------------------------------------------------------
# The recipe


def test_the_recipe_runs_libretranslate_offline_as_the_page_says(site) -> None:
    spec = service("mt1")
    assert compose()["services"]["mt2"]["command"] == spec["command"]
    assert spec["entrypoint"] == ["/app/venv/bin/libretranslate"]
    assert spec["command"] == ["--host", "0.0.0.0", "--port", "5000", "--disable-web-ui",
                               "--disable-files-translation"]
    assert not any("update-models" in argument for argument in spec["command"])
    env = spec["environment"]
    assert (env["ORT_DISABLE_TELEMETRY"], env["ARGOS_INTRA_THREADS"]) == ("1", "1")
    assert env["LT_UPDATE_MODELS"] == env["LT_FORCE_UPDATE_MODELS"] == "false"
    assert "./argos:/argos:ro" in spec["volumes"]
    # What runs here: the same program, arguments and environment, on 127.0.0.1.
    command = site.command(5123)
    assert command == [str(VENV / "bin" / "libretranslate"), "--host", "127.0.0.1", "--port",
                       "5123", "--disable-web-ui", "--disable-files-translation"]
    environment = site.environment()
    assert {key for key in env} <= set(environment)
    packages = Path(environment["ARGOS_PACKAGES_DIR"])
    assert sorted(p.name for p in packages.iterdir()) == ["translate-en_eo-1_0",
                                                          "translate-eo_en-1_0"]
    assert all((p / "minisbd").is_dir() for p in packages.iterdir())


# ---------------------------------------------------------------------------
# Discovery


def test_discovery_names_the_servers_and_refuses_a_pair_none_offers(pair) -> None:
    engine = LibreTranslateEngine(urls=[i.url for i in pair])
    names = ", ".join(f"127.0.0.1:{i.port}" for i in pair)
    assert engine.describe("en", "eo") == f"libretranslate en->eo ({names})"
    assert engine.describe("EO", "en") == f"libretranslate EO->en ({names})"
    assert {(r.source, r.target) for r in engine.models()} == {("en", "eo"), ("eo", "en")}
    with pytest.raises(ModelNotInstalled) as caught:
        engine.check("en", "fr")
    assert str(caught.value).startswith(
        f"no LibreTranslate server offers en->fr (127.0.0.1:{pair[0].port} offers en->eo, "
        "eo->en; ")
    assert "install the argos package for en->fr" in str(caught.value)


def test_a_pair_no_server_offers_is_one_error_and_nothing_is_written(pair, tmp_path) -> None:
    root = _project(tmp_path / "project")
    text = (root / "pyproject.toml").read_text(encoding="utf-8")
    (root / "pyproject.toml").write_text(text.replace('["eo"]', '["eo", "fr"]'),
                                         encoding="utf-8")
    assert run("update", "-C", str(root)).exit_code == 0
    before = (root / "locales" / "fr" / "news.txt.po").read_bytes()
    result = run("mt", "-C", str(root), "--lang", "fr", "--engine", "libretranslate",
                 "--set", urls(*pair))
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: fr: no LibreTranslate server offers en->fr (")
    assert (root / "locales" / "fr" / "news.txt.po").read_bytes() == before


def test_no_server_answering_is_one_clear_error() -> None:
    engine = LibreTranslateEngine(urls=["http://127.0.0.1:9"])
    with pytest.raises(EngineError) as caught:
        engine.check("en", "eo")
    assert str(caught.value).startswith("no LibreTranslate server answers "
                                        "(http://127.0.0.1:9: connection refused)")


def test_no_servers_configured_lists_no_models_and_cannot_translate() -> None:
    engine = get_engine("libretranslate")
    assert engine.models() == []
    with pytest.raises(EngineError, match="no LibreTranslate servers configured"):
        engine.check("en", "eo")


@pytest.mark.parametrize("option, value, message", [
    ("api_key", "secret", "the libretranslate engine has no option 'api_key'"),
    ("urls", "http://mt1:5000", "engine_options.libretranslate.urls should be a list of "
     "strings"),
])
def test_the_api_key_never_comes_from_the_settings(option, value, message) -> None:
    from translate.engines import check_options

    with pytest.raises(ConfigError) as caught:
        check_options("libretranslate", {option: value})
    assert message in str(caught.value)
    with pytest.raises(ConfigError, match="is not an http:// or https:// address"):
        LibreTranslateEngine(urls=["mt1:5000"])


# ---------------------------------------------------------------------------
# The same catalogs as the in-process argos engine


def test_the_pool_writes_the_catalogs_the_argos_engine_writes(pair, project, reference) -> None:
    expected, reviewed, markdown = reference
    assert reviewed_block(project) == reviewed
    result = run("mt", "-C", str(project), "--engine", "libretranslate", "--set", urls(*pair))
    assert result.exit_code == 0, result.output
    data = catalog_of(project).read_bytes()
    names = ", ".join(f"127.0.0.1:{i.port}" for i in pair)
    assert f"machine translation: libretranslate en->eo ({names}) [".encode() in data
    assert normalized(data) == expected
    assert normalized(markdown_of(project).read_bytes()) == markdown
    assert "`conference`" in markdown and "[Thunderstorm][1]" in markdown
    # The translator's entry is as it was; the identifier and the name to
    # keep came back as they were written.
    assert reviewed_block(project) == reviewed
    text = data.decode("utf-8")
    assert "file_count" in text.split('msgid "The file_count')[1].split("\n\n")[0]
    assert msgfmt_check(catalog_of(project)).returncode == 0
    # Nothing left to do: a second run writes nothing.
    assert run("mt", "-C", str(project), "--engine", "libretranslate",
               "--set", urls(*pair)).exit_code == 0
    assert catalog_of(project).read_bytes() == data


def test_glossary_hypotheses_come_from_alternatives(pair) -> None:
    engine = LibreTranslateEngine(urls=[i.url for i in pair])
    [found] = engine.translate(["The officer opened the meeting."], "en", "eo", hypotheses=4)
    first, second = LEXICON["ambiguous"]["officer"]
    assert found[0] == f"Vifi {first} mazi vifi nusnimel."
    assert f"Vifi {second} mazi vifi nusnimel." in found[1:]
    assert len(found) == len(set(found))


# ---------------------------------------------------------------------------
# Failures


def test_killing_one_server_mid_run_gives_the_same_catalogs(servers, project, reference,
                                                            monkeypatch) -> None:
    a, b = servers(2)
    monkeypatch.setattr(mt, "BATCH", 30)
    real = lt._Run._settle
    settled = []

    def settle(run, server, batch, outcome, elapsed):
        real(run, server, batch, outcome, elapsed)
        if outcome.kind == lt._Outcome.OK:
            settled.append(server.url)
            if len(settled) == 6:  # in the middle, with requests in flight
                b.kill()

    monkeypatch.setattr(lt._Run, "_settle", settle)
    engines = []
    real_get = mt.get_engine
    monkeypatch.setattr(mt, "get_engine", lambda *args, **kw: engines.append(
        real_get(*args, **kw)) or engines[-1])
    asked = []
    real_translate = LibreTranslatePool.translate

    def translate(pool, texts, *args, **kwargs):
        asked.append(len({text for text in texts if text.strip()}))
        return real_translate(pool, texts, *args, **kwargs)

    monkeypatch.setattr(LibreTranslatePool, "translate", translate)
    result = run("mt", "-C", str(project), "--engine", "libretranslate", "--set", urls(a, b))
    assert result.exit_code == 0, result.output
    assert b.process.poll() is not None
    assert normalized(catalog_of(project).read_bytes()) == reference[0]
    stats = {s.url: s for s in engines[0].pool.stats()}
    assert stats[b.url].failures["connection"] >= 1
    assert stats[a.url].texts > stats[b.url].texts
    # Every text was translated once: none was sent again after it succeeded.
    assert sum(s.texts for s in stats.values()) == sum(asked)


def test_losing_every_server_keeps_the_finished_batches_and_a_rerun_goes_on(
        servers, project, reference, monkeypatch) -> None:
    first = servers(2)
    monkeypatch.setattr(mt, "BATCH", 30)
    real = mt._translate_batch
    calls = []

    def batch(*args, **kwargs):
        found = real(*args, **kwargs)
        calls.append(1)
        if len(calls) == 1:
            for instance in first:
                instance.kill()
        return found

    monkeypatch.setattr(mt, "_translate_batch", batch)
    result = run("mt", "-C", str(project), "--engine", "libretranslate", "--set", urls(*first),
                 "--set", "engine_options.libretranslate.retries=2")
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: every LibreTranslate server failed (")
    assert line.endswith("what was translated is kept in the catalogs")
    drafts = [e for path in (catalog_of(project), markdown_of(project))
              for e in polib.pofile(str(path)) if "fuzzy" in e.flags]
    assert len(drafts) == 30  # the first batch, written before the servers were lost
    monkeypatch.setattr(mt, "_translate_batch", real)
    again = servers(2)
    result = run("mt", "-C", str(project), "--engine", "libretranslate", "--set", urls(*again))
    assert result.exit_code == 0, result.output
    assert normalized(catalog_of(project).read_bytes()) == reference[0]


def test_a_server_with_a_low_request_limit_answers_429_and_the_run_completes(
        servers, pair, project, reference, monkeypatch) -> None:
    # LibreTranslate 1.9 counts a request as its number of texts, but not a
    # request with more texts than the window has room for: with lists of
    # one text, the second request in a minute is refused.
    [limited] = servers(1, "--req-limit", "1", "--batch-limit", "1")
    engines = []
    real_get = mt.get_engine
    monkeypatch.setattr(mt, "get_engine", lambda *args, **kw: engines.append(
        real_get(*args, **kw)) or engines[-1])
    result = run("mt", "-C", str(project), "--engine", "libretranslate",
                 "--set", urls(limited, pair[0]))
    assert result.exit_code == 0, result.output
    assert normalized(catalog_of(project).read_bytes()) == reference[0]
    stats = {s.url: s for s in engines[0].pool.stats()}
    assert stats[limited.url].failures["429"] >= 1, [s.to_dict() for s in stats.values()]
    assert stats[pair[0].url].texts > stats[limited.url].texts


def test_a_server_that_hangs_is_timed_out_and_its_work_goes_elsewhere(servers, installed
                                                                      ) -> None:
    from translate.engines.argos import ArgosEngine

    good, hanging = servers(2)
    engine = LibreTranslateEngine(urls=[good.url, hanging.url], timeout=2)
    engine.check("en", "eo")
    hanging.pause()
    texts = sentences(60, seed=11)
    found = engine.translate(texts, "en", "eo")
    assert [f[0] for f in found] == [f[0] for f in ArgosEngine().translate(texts, "en", "eo")]
    stats = {s.url: s for s in engine.pool.stats()}
    assert stats[hanging.url].failures["timeout"] >= 1
    assert stats[hanging.url].texts == 0
    assert stats[good.url].texts == len(texts)


def test_a_wrong_api_key_is_one_error_and_nothing_is_written(servers, site, project,
                                                              monkeypatch, tmp_path) -> None:
    database = tmp_path / "db" / "api_keys.db"
    database.parent.mkdir()
    database.touch()
    subprocess.run([str(VENV / "bin" / "ltmanage"), "keys", "--api-keys-db-path",
                    str(database), "add", "1000", "--key", "the-right-key"], check=True,
                   capture_output=True, env=site.environment())
    [server] = servers(1, "--api-keys", "--api-keys-db-path", str(database))
    before = tree_bytes(project)
    monkeypatch.setenv("LIBRETRANSLATE_API_KEY", "a-wrong-key")
    result = run("mt", "-C", str(project), "--engine", "libretranslate", "--set", urls(server))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: eo: {server.url}: the server refused the API key ('Invalid API key') -- set "
        "the key in the environment variable LIBRETRANSLATE_API_KEY "
        "(engine_options.libretranslate.api_key_env names it)\n")
    assert tree_bytes(project) == before
    # The right key, from the variable the settings name.
    monkeypatch.delenv("LIBRETRANSLATE_API_KEY")
    monkeypatch.setenv("SITE_MT_KEY", "the-right-key")
    result = run("mt", "-C", str(project), "--engine", "libretranslate", "--set", urls(server),
                 "--set", "engine_options.libretranslate.api_key_env=SITE_MT_KEY")
    assert result.exit_code == 0, result.output


def test_limits_are_learned_and_long_texts_cut_and_put_back(servers, installed) -> None:
    from translate.engines.argos import ArgosEngine

    [server] = servers(1, "--batch-limit", "3", "--char-limit", "60",
                       "--alternatives-limit", "1")
    engine = LibreTranslateEngine(urls=[server.url])
    long = ("The police officer opened the conference. The report was important. "
            "Police officers from all countries took part in the meeting.")
    texts = [long, "The report was important.\nThe meeting was held."] + sentences(10, seed=3)
    found = engine.translate(texts, "en", "eo", hypotheses=4)
    reference = ArgosEngine().translate(texts, "en", "eo")
    assert [f[0] for f in found] == [r[0] for r in reference]
    assert all(len(f) <= 2 for f in found[2:])  # one alternative at most
    [stats] = engine.pool.stats()
    assert stats.learned == {"batch": 3, "alternatives": 1}
    assert stats.failures == {}


class _ShortReply(http.server.BaseHTTPRequestHandler):
    """A server that answers its first translation with one text too few."""

    calls: list[int] = []

    def log_message(self, *args) -> None:
        pass

    def _json(self, data) -> None:
        body = json.dumps(data).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if self.path == "/languages":
            self._json([{"code": "en", "name": "English", "targets": ["eo"]}])
        else:
            self._json({"charLimit": -1, "apiKeys": False})

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.calls.append(len(body["q"]))
        texts = [f"<{text}>" for text in body["q"]]
        self._json({"translatedText": texts[:-1] if len(self.calls) == 1 else texts})


def test_a_reply_without_one_translation_per_text_is_never_used() -> None:
    """LibreTranslate itself never does this, so a stand-in server does."""
    _ShortReply.calls = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _ShortReply)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        engine = LibreTranslateEngine(urls=[f"http://127.0.0.1:{server.server_address[1]}"],
                                      concurrency=1)
        found = engine.translate(["a", "b", "c"], "en", "eo")
        assert found == [["<a>"], ["<b>"], ["<c>"]]
        assert _ShortReply.calls == [3, 3]
        [stats] = engine.pool.stats()
        assert stats.failures == {"bad-reply": 1} and stats.texts == 3
    finally:
        server.shutdown()


# ---------------------------------------------------------------------------
# What the client repairs and how it cuts, without a server


def test_identifiers_and_references_the_server_changed_are_put_back() -> None:
    assert lt._repair("The file_count was 24.", "Vifi file count ri 24.") == \
        "Vifi file_count ri 24."
    assert lt._repair("Use file count here.", "file count") == "file count"
    assert lt._repair("AT&amp;T said", "AT&T zupa") == "AT&amp;T zupa"
    assert lt._repair("A & B", "A & B") == "A & B"


def test_a_text_over_the_limit_is_cut_at_lines_then_sentences_then_words() -> None:
    piece = lt._Piece("First one. Second one here.\nA very long line without any stop")
    lt._cut(piece, 14)
    assert piece.joiner == "\n"
    assert [c.text for c in piece.children[0].children] == ["First one.", "Second one here."]
    assert all(len(leaf.text) <= 14 for leaf in piece.leaves())
    for leaf in piece.leaves():
        leaf.result = [leaf.text.upper()]
    assert piece.hypotheses() == [piece.text.upper().replace("  ", " ")]


def test_server_names_are_hosts_unless_they_repeat() -> None:
    assert lt._names(["http://mt1:5000", "http://mt2:5000"]) == ["mt1", "mt2"]
    assert lt._names(["http://127.0.0.1:5001", "http://127.0.0.1:5002"]) == \
        ["127.0.0.1:5001", "127.0.0.1:5002"]


def test_the_progress_line_shows_speed_and_servers_in_use(pair, project, capsys,
                                                          monkeypatch) -> None:
    from translate.cli.common import Status
    from translate.config import load_settings
    from translate.mt import machine_translate
    from translate.project import Project

    monkeypatch.setattr(mt, "BATCH", 40)
    display = Status()
    display.enabled = True  # as on a terminal
    settings = load_settings(project).with_overrides(
        engine_options={"libretranslate": {"urls": [i.url for i in pair]}})
    [result] = machine_translate(Project(settings), engine="libretranslate",
                                 progress=display.phase("Translating"))
    assert result.machine > 40 and not result.error
    lines = capsys.readouterr().err.split("\r")
    last = [line for line in lines if line.strip()][-1]
    assert re.search(r"Translating +\[#+\] \d+/\d+ +[\d.]+ segments/s  2/2 servers", last)
