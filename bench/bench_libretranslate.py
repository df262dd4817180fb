"""LibreTranslate pool benchmark: the pool client against the best hand-written
client of the same servers and against the in-process argos engine.

In one run, on real LibreTranslate 1.9 instances started from the recipe of
docs/libretranslate.md (tests/libretranslate/recipe.py, so ``.venv-tools/
libretranslate`` must exist: ``.ci/run`` creates it) serving the repository's
test argos packages, 2,000 sentences of the test model's vocabulary go

* through the pool client (:class:`LibreTranslateEngine`), with one and with
  two instances;
* through (a) a hand-written client of the same servers: lists of each size
  in ``--sizes``, with the same concurrency (``concurrency`` requests in
  flight per server), the best size kept;
* through (b) the in-process argos engine on the same model, with the
  servers' threads (one CTranslate2 thread per instance: one worker, and two
  workers for two instances);
* through the pool with two instances, one of which is killed (SIGKILL) when
  half the sentences are done: the time lost against an undisturbed run, and
  what was sent again.

Every output is compared with the hand-written client's (which is what the
servers give per segment) and with the in-process engine's.  Each server is
warmed up first (its first request loads the model).  The figures are
printed, never asserted: the test suite does not time anything.

Usage:  python bench/bench_libretranslate.py [--sentences 2000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# argostranslate reads its folders when first imported: a throw-away one.
HOME = Path(tempfile.mkdtemp(prefix="bench-libretranslate-"))
for _name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
    os.environ[_name] = str(HOME / _name.lower())
os.environ["ARGOS_PACKAGES_DIR"] = str(HOME / "packages")

from tests.libretranslate.recipe import PACKAGES, Site, start  # noqa: E402
from translate.engines.libretranslate import LibreTranslateEngine  # noqa: E402

LEXICON = json.loads((ROOT / "tests" / "data" / "argos" / "lexicon.json").read_text("utf-8"))
CONCURRENCY = 2


def sentences(count: int, seed: int = 2019) -> list[str]:
    """Distinct sentences of 4-14 words of the test model's vocabulary."""
    words = sorted(word for word in LEXICON["words"] if word.isalpha())
    rng = random.Random(seed)
    found: dict[str, None] = {}
    while len(found) < count:
        picked = [rng.choice(words) for _ in range(rng.randint(4, 14))]
        found[" ".join(picked).capitalize() + "."] = None
    return list(found)


def hand_written(urls: list[str], texts: list[str], size: int) -> tuple[float, list[str]]:
    """Sentences per second of the plain client: lists of ``size``, round
    robin over the servers, ``CONCURRENCY`` requests in flight per server."""
    batches = [(i, texts[i:i + size]) for i in range(0, len(texts), size)]
    local = threading.local()
    out: list[str] = [""] * len(texts)

    def post(item: tuple[int, list[str]]) -> None:
        start, batch = item
        url = urls[(start // size) % len(urls)]
        connections = local.__dict__.setdefault("connections", {})
        connection = connections.get(url)
        if connection is None:
            host, port = url.removeprefix("http://").split(":")
            connection = connections[url] = http.client.HTTPConnection(host, int(port),
                                                                       timeout=120)
        body = json.dumps({"q": batch, "source": "en", "target": "eo"})
        connection.request("POST", "/translate", body, {"Content-Type": "application/json"})
        reply = connection.getresponse()
        data = reply.read()
        assert reply.status == 200, data
        out[start:start + len(batch)] = json.loads(data)["translatedText"]

    started = time.perf_counter()
    with ThreadPoolExecutor(CONCURRENCY * len(urls)) as pool:
        list(pool.map(post, batches))
    return len(texts) / (time.perf_counter() - started), out


def pool_client(urls: list[str], texts: list[str], kill=None) -> tuple[float, list[str], object]:
    """Sentences per second of the pool client (discovery done before)."""
    engine = LibreTranslateEngine(urls=urls, concurrency=CONCURRENCY, timeout=30)
    engine.check("en", "eo")
    progress = None
    if kill is not None:
        def progress(done: int, total: int) -> None:
            if done >= total // 2 and kill.process.poll() is None:
                kill.kill()
    started = time.perf_counter()
    found = engine.translate(texts, "en", "eo", progress=progress)
    return len(texts) / (time.perf_counter() - started), [f[0] for f in found], engine


def in_process(texts: list[str], workers: int) -> tuple[float, list[str]]:
    from translate.engines.argos import ArgosEngine

    engine = ArgosEngine(threads=1, workers=workers)
    engine.translate(texts[:20], "en", "eo")  # loads the model
    started = time.perf_counter()
    found = engine.translate(texts, "en", "eo")
    return len(texts) / (time.perf_counter() - started), [f[0] for f in found]


def best(runs: list[tuple[float, list[str]]]) -> tuple[float, list[str]]:
    return max(runs, key=lambda run: run[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, the best kept")
    parser.add_argument("--sizes", default="1,10,25,50,100",
                        help="list sizes the hand-written client tries")
    options = parser.parse_args()
    texts = sentences(options.sentences)
    sizes = [int(size) for size in options.sizes.split(",")]

    from translate.engines.argos import install_file

    for package in PACKAGES:
        install_file(package)
    site = Site(HOME / "site")
    servers = start(site, 2)
    try:
        for server in servers:  # the first request loads the model
            hand_written([server.url], texts[:20], 10)
        one, two = [servers[0].url], [s.url for s in servers]
        print(f"{len(texts)} sentences, {os.cpu_count()} cores, LibreTranslate "
              f"{CONCURRENCY} requests in flight per instance, ARGOS_INTRA_THREADS=1\n")
        results = {}
        for label, urls in (("1 instance", one), ("2 instances", two)):
            # Interleaved rounds, the best of each kept: the machine's other
            # work then weighs on every client alike.
            by_size: dict[int, tuple[float, list[str]]] = {}
            runs = []
            for _ in range(options.repeat):
                for size in sizes:
                    found = hand_written(urls, texts, size)
                    if size not in by_size or found[0] > by_size[size][0]:
                        by_size[size] = found
                runs.append(pool_client(urls, texts))
            size = max(by_size, key=lambda s: by_size[s][0])
            rate, found, engine = max(runs, key=lambda run: run[0])
            results[label] = (by_size, size, rate, found, engine)
            print(f"{label}:")
            for each, (speed, _) in by_size.items():
                print(f"  hand-written, lists of {each:<3}      {speed:7.1f} sentences/s"
                      + ("  (best)" if each == size else ""))
            print(f"  pool client                  {rate:7.1f} sentences/s   "
                  f"= {rate / by_size[size][0]:.0%} of the best hand-written")
            texts_sent = sum(s.texts for s in engine.pool.stats())
            print(f"  pool requests: {sum(s.requests for s in engine.pool.stats())}, texts "
                  f"translated {texts_sent} (each once: {texts_sent == len(texts)}), "
                  f"same as per segment: {found == by_size[size][1]}")
        argos_one = best([in_process(texts, 1) for _ in range(options.repeat)])
        argos_two = best([in_process(texts, 2) for _ in range(options.repeat)])
        print("in-process argos engine, same model, one thread per worker:")
        print(f"  1 worker                     {argos_one[0]:7.1f} sentences/s")
        print(f"  2 workers                    {argos_two[0]:7.1f} sentences/s")
        reference = results["2 instances"][3]
        differ = sum(1 for a, b in zip(argos_two[1], reference) if a != b)
        print(f"  outputs that differ from the servers': {differ} of {len(texts)} (LibreTranslate "
              "makes the final punctuation like the source's)")
        rate1, rate2 = results["1 instance"][2], results["2 instances"][2]
        print(f"\npool, 2 instances / 1 instance: {rate2 / rate1:.2f}x")
        # One instance killed half-way, against an undisturbed run just before.
        print("\n2 instances, one killed (SIGKILL) when half the sentences are done:")
        for _ in range(options.repeat):
            calm = pool_client(two, texts)[0]
            rate, found, engine = pool_client(two, texts, kill=servers[1])
            stats = {s.url: s for s in engine.pool.stats()}
            killed = stats[servers[1].url]
            done = sum(s.texts for s in stats.values())
            print(f"  {len(texts) / rate:.2f} s against {len(texts) / calm:.2f} s undisturbed: "
                  f"{len(texts) / rate - len(texts) / calm:+.2f} s; the killed instance's "
                  f"failed requests {dict(killed.failures)} (at most {CONCURRENCY} in flight), "
                  f"texts translated {done} (each once: {done == len(texts)}), same output: "
                  f"{found == reference}")
            servers[1].stop()
            servers[1:] = start(site, 1)
            hand_written([servers[1].url], texts[:20], 10)
            two = [s.url for s in servers]
    finally:
        for server in servers:
            server.stop()


if __name__ == "__main__":
    main()
