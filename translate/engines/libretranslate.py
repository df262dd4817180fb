"""The libretranslate engine: a pool of LibreTranslate servers behind one client.

LibreTranslate serves argos models over HTTP; a site scales it out as several
instances (docs/libretranslate.md).  This module is the client for such a
pool, and it is built around what the server does and does not do:

* **Discovery first.**  Before anything is sent, each server is asked for its
  languages (``GET /languages``) and limits (``GET /frontend/settings``:
  ``charLimit``, whether it checks API keys).  A server that checks keys is
  sent one empty request, which it refuses with "missing q" if the key is
  good and with 403 if not: a wrong key stops the run before any catalog is
  touched.  A pair that no server offers is refused with one message naming
  what each server offers.
* **Lists within the limits.**  ``q`` goes as a list.  The server translates
  a list item by item, so a request is sized by time, not by count: each
  server's requests aim at :data:`TARGET_SECONDS` of work, from its measured
  seconds per text, at most :data:`MAX_BATCH` texts and the batch limit (from
  the settings, or learned from the server's 400 answer, which the API
  publishes nowhere else).  A text longer than the character limit is cut at
  line breaks, then sentences, then words, and put back together.
* **Spread by load.**  Each server has ``concurrency`` requests in flight; its
  workers take work from one shared queue when they are free, so a fast
  server takes more and a slow or failing one less, and near the end the
  remaining texts are shared evenly among the free workers.
* **Failures.**  429 (LibreTranslate sends no ``Retry-After``, and its window
  is a minute), timeouts, refused and reset connections, 5xx and replies that
  do not hold one translation per text are retried with exponential backoff
  and jitter; the server is taken out meanwhile (a circuit breaker: after the
  pause, one request probes it) and its work goes to the others; after a 429
  the pauses grow up to a minute.  400 and 403 (bad key, bad request) are
  not retried: the server's message is the error.  A request that succeeded
  is never sent again.
* **What the server changes.**  LibreTranslate's decoder turns ``_`` into a
  space and its reply is HTML-unescaped: an identifier (``file_count``) and a
  character reference (``&amp;``) of the source are put back as they were
  when the reply has them changed.

Glossary protection (``keep`` terms, placeholders, Markdown markup as
``{0}``, ``{1}`` ... tokens) is done by :mod:`translate.mt` as for every
engine; hypotheses are LibreTranslate's ``alternatives``.  The API cannot
suppress phrases in the decoder: ``suppress`` is ignored, and the glossary's
checks of the hypotheses still apply.
"""

from __future__ import annotations

import html
import http.client
import json
import logging
import math
import os
import random
import re
import socket
import threading
import time
from collections import Counter, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from ..errors import ConfigError, EngineError, ModelNotInstalled
from . import ModelRow, Progress
from .sentences import split_sentences

__all__ = ["LibreTranslateEngine", "LibreTranslatePool", "ServerStats", "DEFAULT_API_KEY_ENV"]

log = logging.getLogger(__name__)

#: The environment variable the API key is read from, unless ``api_key_env``
#: names another.  The key itself never goes into pyproject.toml.
DEFAULT_API_KEY_ENV = "LIBRETRANSLATE_API_KEY"
#: Seconds of work a request aims at: long enough that HTTP costs nothing
#: beside the translation, short enough that the work spreads over the
#: servers and a failed request loses little.
TARGET_SECONDS = 0.3
#: Texts in a server's first request, before its speed is known.
FIRST_BATCH = 8
#: The most texts in one request.
MAX_BATCH = 64
#: Backoff after a failure: the first pause and the longest, in seconds.
BACKOFF = (0.5, 30.0)
#: Backoff after a 429: LibreTranslate's limits count over a minute.
RATE_BACKOFF = (1.0, 60.0)
#: How many 429 answers one text may get before the run gives up.
RATE_LIMITED_ATTEMPTS = 12
#: Weight of the newest request in a server's measured speed.
SPEED_WEIGHT = 0.3

_LIMIT_RE = re.compile(r"\((\d+)\)[^()]*\((\d+)\)")
_ALTERNATIVES_LIMIT_RE = re.compile(r"alternatives.*?<=\s*(\d+)")
# An identifier the server's decoder would give back with spaces.
_IDENTIFIER_RE = re.compile(r"(?<![\w{])[^\W\d_][^\W_]*(?:_[^\W_]+)+(?![\w}])")
# A character reference the server's reply would come back unescaped.
_REFERENCE_RE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_TRANSIENT = (OSError, http.client.HTTPException, socket.timeout, ValueError)


def _normalized(code: str) -> str:
    """A language code as codes are compared: ``pt_BR``, ``pt-br`` -> ``pt-br``."""
    return code.strip().replace("_", "-").lower()


@dataclass
class ServerStats:
    """What one server did in this engine's runs.

    Attributes:
        url: The server's address.
        name: Its name in comments and messages (host, or host:port).
        requests: Requests that succeeded.
        texts: Texts those requests translated (each exactly once).
        failures: Failed requests by kind: ``429``, ``timeout``,
            ``connection``, ``5xx``, ``bad-reply``.
        learned: Limits learned from the server's 400 answers.
    """

    url: str
    name: str
    requests: int = 0
    texts: int = 0
    failures: Counter = field(default_factory=Counter)
    learned: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict:
        """The counters as a JSON object."""
        return {"url": self.url, "name": self.name, "requests": self.requests,
                "texts": self.texts, "failures": dict(self.failures),
                "learned": dict(self.learned)}


class _Server:
    """One LibreTranslate server: address, what it offers, limits and health."""

    def __init__(self, url: str, name: str) -> None:
        parts = urlsplit(url)
        self.url = url
        self.name = name
        self.https = parts.scheme == "https"
        self.host = parts.hostname or ""
        self.port = parts.port or (443 if self.https else 80)
        self.prefix = parts.path.rstrip("/")
        self.offers: dict[str, list[str]] = {}
        self.char_limit: int | None = None
        self.batch_limit: int | None = None
        self.alternatives_limit: int | None = None
        self.checks_keys = False
        self.reachable = False
        self.error = ""
        # Health: consecutive failures (429s included, for the backoff) and
        # errors (429s aside: a server answering 429 is alive), out until,
        # requests in flight.
        self.failures = 0
        self.errors = 0
        self.open_until = 0.0
        self.in_flight = 0
        self.seconds_per_text: float | None = None
        self.warm = False
        self.last_error = ""
        self.stats = ServerStats(url, name)

    def connection(self, timeout: float) -> http.client.HTTPConnection:
        cls = http.client.HTTPSConnection if self.https else http.client.HTTPConnection
        return cls(self.host, self.port, timeout=timeout)

    def code(self, language: str) -> str | None:
        """The server's code for one of our language codes: the same code
        whatever its case and separator, or the only one with its base
        (``zh`` -> ``zh-Hans``)."""
        wanted = _normalized(language)
        codes = set(self.offers) | {t for targets in self.offers.values() for t in targets}
        exact = [c for c in codes if _normalized(c) == wanted]
        if exact:
            return exact[0]
        if "-" not in wanted:
            based = sorted(c for c in codes if _normalized(c).split("-")[0] == wanted)
            if len(based) == 1:
                return based[0]
        return None

    def pair(self, source: str, target: str) -> tuple[str, str] | None:
        """The server's codes for a pair it offers, or None."""
        src, tgt = self.code(source), self.code(target)
        if src is None or tgt is None or tgt not in self.offers.get(src, ()):
            return None
        return src, tgt

    def wait(self, now: float) -> float:
        """Seconds before a worker of this server may send: its circuit is open,
        or it is being probed by another request after a failure."""
        if now < self.open_until:
            return self.open_until - now
        if self.failures and self.in_flight:
            return 0.1
        return 0.0

    def failed(self, rate_limited: bool) -> None:
        """Open the circuit for a backoff with jitter, longer each time."""
        self.failures += 1
        if not rate_limited:
            self.errors += 1
        first, longest = RATE_BACKOFF if rate_limited else BACKOFF
        pause = min(longest, first * 2 ** (self.failures - 1))
        # "Equal jitter": at least half the pause, so that retries of several
        # clients spread out without ever coming back at once.
        self.open_until = time.monotonic() + pause * random.uniform(0.5, 1.0)

    def succeeded(self, seconds: float, texts: int) -> None:
        self.failures = self.errors = 0
        self.open_until = 0.0
        if not self.warm:
            # The first request loads the model: its time says nothing of
            # the server's speed.
            self.warm = True
        elif texts:
            speed = seconds / texts
            self.seconds_per_text = speed if self.seconds_per_text is None else \
                (1 - SPEED_WEIGHT) * self.seconds_per_text + SPEED_WEIGHT * speed
        self.stats.requests += 1
        self.stats.texts += texts


@dataclass
class _Piece:
    """A text, or a part of one too long for a server, on its way."""

    text: str
    joiner: str = ""
    children: list[_Piece] = field(default_factory=list)
    result: list[str] | None = None
    attempts: int = 0
    rate_limited: int = 0
    last_error: str = ""

    def leaves(self) -> Iterable[_Piece]:
        if not self.children:
            yield self
        for child in self.children:
            yield from child.leaves()

    def hypotheses(self) -> list[str]:
        """Its translations, best first; a split piece's are its parts' of the
        same rank put back together."""
        if not self.children:
            return self.result or [""]
        parts = [child.hypotheses() for child in self.children]
        ranks = max(len(found) for found in parts)
        joined = [self.joiner.join(found[min(rank, len(found) - 1)] for found in parts)
                  for rank in range(ranks)]
        return list(dict.fromkeys(joined))


def _cut(piece: _Piece, limit: int) -> None:
    """Split a piece longer than ``limit`` characters: at line breaks, then
    between sentences, then between words; a word longer than the limit is
    cut where it must be."""
    text = piece.text
    if len(text) <= limit or piece.children:
        return
    if "\n" in text:
        piece.joiner, parts = "\n", text.split("\n")
    else:
        sentences = split_sentences(text)
        if len(sentences) > 1:
            piece.joiner, parts = " ", sentences
        elif " " in text.strip():
            piece.joiner, parts = " ", _fill(text.split(), limit)
        else:
            piece.joiner, parts = "", [text[i:i + limit] for i in range(0, len(text), limit)]
    piece.children = [_Piece(part) for part in parts]
    for child in piece.children:
        _cut(child, limit)


def _fill(words: list[str], limit: int) -> list[str]:
    """Words in runs of at most ``limit`` characters."""
    runs: list[str] = []
    for word in words:
        if runs and len(runs[-1]) + 1 + len(word) <= limit:
            runs[-1] += " " + word
        else:
            runs.append(word)
    return runs


def _repair(source: str, translation: str) -> str:
    """Undo what LibreTranslate does to a reply that our other engines do not:
    identifiers whose ``_`` its decoder turned into spaces, and character
    references its reply unescaped (only where the source has them and the
    reply has them changed)."""
    for identifier, count in Counter(_IDENTIFIER_RE.findall(source)).items():
        spaced = identifier.replace("_", " ")
        if identifier not in translation and spaced in translation and spaced not in source:
            translation = translation.replace(spaced, identifier, count)
    plain = _REFERENCE_RE.sub("", source)
    for reference, count in Counter(_REFERENCE_RE.findall(source)).items():
        character = html.unescape(reference)
        if character != reference and reference not in translation \
                and character in translation and character not in plain:
            translation = translation.replace(character, reference, count)
    return translation


class _Outcome:
    """What one request came to."""

    OK, LEARNED, RETRY, FATAL = range(4)

    def __init__(self, kind: int, results: list[list[str]] | None = None, failure: str = "",
                 message: str = "", rate_limited: bool = False) -> None:
        self.kind = kind
        self.results = results
        self.failure = failure
        self.message = message
        self.rate_limited = rate_limited


class LibreTranslatePool:
    """A client for a pool of LibreTranslate servers (see the module's
    docstring for how it discovers, sends, spreads and retries).

    Args:
        urls: The servers' addresses (``http://mt1:5000``; a path prefix is
            kept: ``https://example.org/lt``).
        api_key: The API key, or None.
        timeout: Seconds a request may take (connecting, then each read).
        concurrency: Requests in flight per server.
        batch_limit: The servers' ``--batch-limit`` (0: learned from their
            answers).
        retries: Failures in a row (429s aside) after which a server counts
            as down; the run gives up when every server is down, or when one
            text failed that many times on each server.
        key_hint: What to do about a refused key, for the error.

    Raises:
        ConfigError: An address that is not ``http://`` or ``https://``.
    """

    def __init__(self, urls: Sequence[str], api_key: str | None = None, timeout: float = 60.0,
                 concurrency: int = 2, batch_limit: int = 0, retries: int = 6,
                 key_hint: str = "") -> None:
        for url in urls:
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise ConfigError(None, None, f"engine_options.libretranslate.urls: {url!r} is "
                                  "not an http:// or https:// address",
                                  'write for example urls = ["http://mt1:5000"]')
        if len(set(urls)) != len(urls):
            raise ConfigError(None, None, "engine_options.libretranslate.urls names a server "
                              "twice", "list each server once (concurrency sets the requests "
                              "in flight per server)")
        self.api_key = api_key or None
        self.timeout = float(timeout)
        self.concurrency = max(1, int(concurrency))
        self.batch_limit = max(0, int(batch_limit))
        self.retries = max(1, int(retries))
        self.key_hint = key_hint
        self.servers = [_Server(url, name) for url, name in zip(urls, _names(urls))]
        self._discovered = False
        self._lock = threading.Lock()

    # -- discovery -----------------------------------------------------------

    def discover(self) -> None:
        """Ask every server for its languages and limits (once), and check the
        API key on those that check keys.

        Raises:
            EngineError: No server answers, or one refuses the API key.
        """
        with self._lock:
            if self._discovered:
                return
            threads = [threading.Thread(target=self._discover, args=(server,), daemon=True)
                       for server in self.servers]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            refused = [s for s in self.servers if s.error.startswith("refused:")]
            if refused:
                server = refused[0]
                raise EngineError(server.url, None, server.error.removeprefix("refused:"),
                                  self.key_hint)
            if not any(server.reachable for server in self.servers):
                details = "; ".join(f"{s.url}: {s.error}" for s in self.servers) \
                    or "none configured"
                raise EngineError(None, None, f"no LibreTranslate server answers ({details})",
                                  "start them (see docs/libretranslate.md), or fix "
                                  "engine_options.libretranslate.urls")
            for server in self.servers:
                if not server.reachable:
                    log.warning("%s: LibreTranslate does not answer (%s); translating with "
                                "the other servers", server.url, server.error)
            self._discovered = True

    def _discover(self, server: _Server) -> None:
        server.error = ""
        try:
            connection = server.connection(min(self.timeout, 30.0))
            try:
                languages = self._get(connection, server, "/languages")
                settings = self._get(connection, server, "/frontend/settings")
                server.offers = {str(item["code"]): [str(t) for t in item.get("targets", ())]
                                 for item in languages if isinstance(item, dict)}
                limit = settings.get("charLimit", -1) if isinstance(settings, dict) else -1
                server.char_limit = limit if isinstance(limit, int) and limit > 0 else None
                server.checks_keys = bool(isinstance(settings, dict) and settings.get("apiKeys"))
                if server.checks_keys:
                    self._check_key(connection, server)
                server.reachable = not server.error
            finally:
                connection.close()
        except (*_TRANSIENT, KeyError, TypeError) as error:
            server.error = _describe(error)

    def _get(self, connection: http.client.HTTPConnection, server: _Server, path: str) -> Any:
        connection.request("GET", server.prefix + path, headers=self._headers())
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise ValueError(f"GET {path} answered {response.status}")
        return json.loads(body)

    def _check_key(self, connection: http.client.HTTPConnection, server: _Server) -> None:
        """Send the empty request a server with keys refuses with "missing q"
        when the key is good (it translates nothing)."""
        body = {"q": "", "source": "en", "target": "en"}
        if self.api_key:
            body["api_key"] = self.api_key
        connection.request("POST", server.prefix + "/translate", json.dumps(body),
                           self._headers(json_body=True))
        response = connection.getresponse()
        message = _message(response.read())
        if response.status == 403 or (response.status == 400 and "missing" not in message
                                      and "api key" in message.lower()):
            what = "refused the API key" if self.api_key else "wants an API key"
            server.error = f"refused:the server {what} ({message!r})"

    def _headers(self, json_body: bool = False) -> dict[str, str]:
        # Error messages in English: their limits are read from them.
        headers = {"Accept": "application/json", "Accept-Language": "en",
                   "User-Agent": "translate-workflow"}
        if json_body:
            headers["Content-Type"] = "application/json"
        return headers

    def offering(self, source: str, target: str) -> list[_Server]:
        """The servers that offer a pair, in the settings' order."""
        self.discover()
        return [s for s in self.servers if s.reachable and s.pair(source, target)]

    def pairs(self) -> list[tuple[str, str]]:
        """Every pair some server offers (its codes as the servers write them)."""
        self.discover()
        found = {(source, target) for server in self.servers if server.reachable
                 for source, targets in server.offers.items() for target in targets
                 if source != target}
        return sorted(found)

    def check(self, source: str, target: str) -> list[_Server]:
        """The servers for a pair; refuses a pair that none offers.

        Raises:
            ModelNotInstalled: No server offers the pair.
            EngineError: As :meth:`discover`.
        """
        servers = self.offering(source, target)
        if not servers:
            offers = "; ".join(
                f"{s.name} offers " + (", ".join(f"{a}->{b}" for a, targets in
                                                 sorted(s.offers.items())
                                                 for b in targets if a != b) or "nothing")
                for s in self.servers if s.reachable)
            raise ModelNotInstalled(None, None, f"no LibreTranslate server offers "
                                    f"{source}->{target} ({offers})",
                                    f"install the argos package for {source}->{target} in the "
                                    "servers' packages folder and restart them, or choose "
                                    f"another engine for {target} (engines = "
                                    f'{{ {target} = "argos" }})')
        return servers

    # -- translating ---------------------------------------------------------

    def translate(self, texts: Sequence[str], source: str, target: str,
                  alternatives: int = 0, progress: Progress | None = None) -> list[list[str]]:
        """Translate texts over the servers that offer the pair.

        Args:
            texts: The texts (``\\n`` line breaks allowed).
            source: Source language code.
            target: Target language code.
            alternatives: Alternative translations to ask for per text.
            progress: Called with (texts done, texts in all).

        Returns:
            For each text, its translations, best first, without duplicates.

        Raises:
            ModelNotInstalled: No server offers the pair.
            EngineError: A server refused a request (its message), or a text
                failed on every server as many times as ``retries`` allows.
        """
        servers = self.check(source, target)
        unique = list(dict.fromkeys(texts))
        pieces = {text: _Piece(text) for text in unique}
        limits = [s.char_limit for s in servers if s.char_limit]
        if limits:
            for piece in pieces.values():
                _cut(piece, min(limits))
        leaves = [leaf for piece in pieces.values() for leaf in piece.leaves()
                  if leaf.text.strip()]
        for piece in pieces.values():
            for leaf in piece.leaves():
                if not leaf.text.strip():
                    leaf.result = [leaf.text]
        if leaves:
            _Run(self, servers, leaves, source, target, alternatives, progress,
                 len(unique)).run()
        elif progress is not None:
            progress(len(unique), len(unique))
        return [pieces[text].hypotheses() for text in texts]

    def stats(self) -> list[ServerStats]:
        """Per server, what it did so far."""
        return [server.stats for server in self.servers]

    def in_use(self) -> tuple[int, int]:
        """(servers taking work now, servers that answered discovery)."""
        now = time.monotonic()
        reachable = [s for s in self.servers if s.reachable]
        return sum(1 for s in reachable if now >= s.open_until), len(reachable)


class _Run:
    """One :meth:`LibreTranslatePool.translate` call: a queue of pieces and a
    few workers per server taking from it."""

    def __init__(self, pool: LibreTranslatePool, servers: list[_Server], leaves: list[_Piece],
                 source: str, target: str, alternatives: int, progress: Progress | None,
                 texts: int) -> None:
        self.pool = pool
        self.servers = servers
        self.queue: deque[_Piece] = deque(leaves)
        self.total = len(leaves)
        self.done = 0
        self.texts = texts
        self.source = source
        self.target = target
        self.alternatives = max(0, alternatives)
        self.progress = progress
        self.cond = threading.Condition()
        self.in_flight = 0
        self.error: EngineError | None = None

    def run(self) -> None:
        if self.progress is not None:
            self.progress(0, self.texts)
        workers = [threading.Thread(target=self._work, args=(server,), daemon=True,
                                    name=f"libretranslate {server.name} {n}")
                   for server in self.servers for n in range(self.pool.concurrency)]
        for worker in workers:
            worker.start()
        try:
            for worker in workers:
                # A timed join, so that Ctrl-C reaches the main thread.
                while worker.is_alive():
                    worker.join(0.5)
        except BaseException:
            with self.cond:
                self.error = self.error or EngineError(None, None, "interrupted")
                self.cond.notify_all()
            raise
        if self.error is not None:
            raise self.error
        if self.progress is not None:
            self.progress(self.texts, self.texts)

    def _size(self, server: _Server) -> int:
        """How many texts the server's next request takes."""
        if server.seconds_per_text:
            size = int(TARGET_SECONDS / server.seconds_per_text)
        else:
            size = FIRST_BATCH
        limits = [MAX_BATCH, server.batch_limit or self.pool.batch_limit or MAX_BATCH]
        # Near the end, the rest shared among the workers that can take it.
        now = time.monotonic()
        free = sum(self.pool.concurrency - s.in_flight for s in self.servers
                   if s.wait(now) == 0) or 1
        fair = math.ceil(len(self.queue) / max(1, free))
        return max(1, min(size, fair, *limits))

    def _work(self, server: _Server) -> None:
        connection: http.client.HTTPConnection | None = None
        try:
            while True:
                with self.cond:
                    batch = self._take(server)
                    if batch is None:
                        return
                if connection is None:
                    connection = server.connection(self.pool.timeout)
                started = time.monotonic()
                outcome = self._send(connection, server, batch)
                elapsed = time.monotonic() - started
                if outcome.kind != _Outcome.OK:
                    connection.close()
                    connection = None
                with self.cond:
                    self._settle(server, batch, outcome, elapsed)
                    self.cond.notify_all()
        finally:
            if connection is not None:
                connection.close()

    def _take(self, server: _Server) -> list[_Piece] | None:
        """The next batch for a worker of ``server`` (None: nothing is left),
        waiting while its circuit is open or the queue is empty but requests
        are in flight (they may fail and come back)."""
        while True:
            if self.error is not None or (not self.queue and not self.in_flight):
                self.cond.notify_all()
                return None
            pause = server.wait(time.monotonic())
            if pause > 0 or not self.queue:
                self.cond.wait(min(pause, 1.0) if pause > 0 else 1.0)
                continue
            size = self._size(server)
            batch = [self.queue.popleft() for _ in range(min(size, len(self.queue)))]
            server.in_flight += 1
            self.in_flight += 1
            return batch

    def _send(self, connection: http.client.HTTPConnection, server: _Server,
              batch: list[_Piece]) -> _Outcome:
        source, target = server.pair(self.source, self.target) or (self.source, self.target)
        alternatives = self.alternatives
        if server.alternatives_limit is not None:
            alternatives = min(alternatives, server.alternatives_limit)
        body: dict[str, Any] = {"q": [piece.text for piece in batch], "source": source,
                                "target": target, "format": "text"}
        if alternatives:
            body["alternatives"] = alternatives
        if self.pool.api_key:
            body["api_key"] = self.pool.api_key
        try:
            connection.request("POST", server.prefix + "/translate",
                               json.dumps(body, ensure_ascii=False).encode("utf-8"),
                               self.pool._headers(json_body=True))
            response = connection.getresponse()
            data = response.read()
        except (socket.timeout, TimeoutError) as error:
            return _Outcome(_Outcome.RETRY, failure="timeout", message=_describe(error))
        except _TRANSIENT as error:
            return _Outcome(_Outcome.RETRY, failure="connection", message=_describe(error))
        status = response.status
        if status == 200:
            results = _parse(data, len(batch), alternatives)
            if results is None:
                return _Outcome(_Outcome.RETRY, failure="bad-reply",
                                message="a reply without one translation per text")
            return _Outcome(_Outcome.OK, results=results)
        message = _message(data)
        if status == 429:
            return _Outcome(_Outcome.RETRY, failure="429", message=f"429 {message!r}",
                            rate_limited=True)
        if status >= 500:
            return _Outcome(_Outcome.RETRY, failure="5xx", message=f"{status} {message!r}")
        if status == 400 and self._learn(server, batch, message, alternatives):
            return _Outcome(_Outcome.LEARNED)
        hint = self.pool.key_hint if status == 403 else \
            "see the server's message; this request is not retried"
        return _Outcome(_Outcome.FATAL, message=f"the server refused the request ({status} "
                        f"{message!r})", failure=hint)

    def _learn(self, server: _Server, batch: list[_Piece], message: str,
               alternatives: int) -> bool:
        """Learn a limit from a 400 answer; whether the batch can go again."""
        match = _ALTERNATIVES_LIMIT_RE.search(message)
        if match and alternatives:
            server.alternatives_limit = int(match.group(1))
            server.stats.learned["alternatives"] = server.alternatives_limit
            return True
        match = _LIMIT_RE.search(message)
        if not match:
            return False
        size, limit = int(match.group(1)), max(1, int(match.group(2)))
        if size == len(batch) and len(batch) > limit:
            server.batch_limit = limit
            server.stats.learned["batch"] = limit
            return True
        if any(len(piece.text) == size for piece in batch) and size > limit:
            server.char_limit = limit
            server.stats.learned["characters"] = limit
            return True
        return False

    def _settle(self, server: _Server, batch: list[_Piece], outcome: _Outcome,
                elapsed: float) -> None:
        server.in_flight -= 1
        self.in_flight -= 1
        if outcome.kind == _Outcome.OK:
            assert outcome.results is not None
            for piece, found in zip(batch, outcome.results):
                piece.result = [_repair(piece.text, text) for text in found]
            server.succeeded(elapsed, len(batch))
            self.done += len(batch)
            if self.progress is not None:
                self.progress(self.done * self.texts // self.total, self.texts)
            return
        if outcome.kind == _Outcome.FATAL:
            self.error = self.error or EngineError(server.url, None, outcome.message,
                                                   outcome.failure)
            return
        if outcome.kind == _Outcome.LEARNED:
            again = []
            for piece in batch:
                if server.char_limit and len(piece.text) > server.char_limit:
                    _cut(piece, server.char_limit)
                again.extend(piece.leaves())
            self.queue.extendleft(reversed(again))
            return
        # A failure: the batch goes back first in line, the server pauses.
        server.stats.failures[outcome.failure] += 1
        server.failed(outcome.rate_limited)
        server.last_error = outcome.message
        log.debug("%s: %s; retrying elsewhere", server.url, outcome.message)
        for piece in batch:
            piece.last_error = f"{server.url}: {outcome.message}"
            if outcome.rate_limited:
                piece.rate_limited += 1
            else:
                piece.attempts += 1
        # Give up when every server is down, or when a text failed as often
        # as each server may fail in a row (a text no server can take).
        servers = len(self.servers)
        stuck = [piece for piece in batch if piece.attempts >= self.pool.retries * servers
                 or piece.rate_limited >= RATE_LIMITED_ATTEMPTS * servers]
        down = all(s.errors >= self.pool.retries for s in self.servers)
        if stuck or down:
            last = stuck[0].last_error if stuck else \
                "; ".join(f"{s.url}: {s.last_error}" for s in self.servers)
            self.error = self.error or EngineError(
                None, None, f"every LibreTranslate server failed ({last})",
                "start the servers (or fix them) and run again: what was translated "
                "is kept in the catalogs")
        self.queue.extendleft(reversed(batch))


def _parse(data: bytes, count: int, alternatives: int) -> list[list[str]] | None:
    """The hypotheses of each text in a 200 reply, or None for a reply that
    does not hold one translation per text (never used)."""
    try:
        reply = json.loads(data)
    except ValueError:
        return None
    if not isinstance(reply, dict):
        return None
    texts = reply.get("translatedText")
    if not isinstance(texts, list) or len(texts) != count \
            or not all(isinstance(text, str) for text in texts):
        return None
    others = reply.get("alternatives") if alternatives else None
    if others is not None and (not isinstance(others, list) or len(others) != count):
        return None
    results = []
    for index, text in enumerate(texts):
        found = [text]
        if others is not None and isinstance(others[index], list):
            found += [other for other in others[index] if isinstance(other, str) and other]
        results.append(list(dict.fromkeys(found)))
    return results


def _message(data: bytes) -> str:
    """The ``error`` of a LibreTranslate answer, or its start."""
    try:
        reply = json.loads(data)
        if isinstance(reply, dict) and "error" in reply:
            return str(reply["error"])
    except ValueError:
        pass
    return data[:200].decode("utf-8", "replace").strip()


def _describe(error: BaseException) -> str:
    """A network error in a few words."""
    if isinstance(error, (socket.timeout, TimeoutError)):
        return "timed out"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, (ConnectionResetError, http.client.RemoteDisconnected,
                          BrokenPipeError)):
        return "connection reset"
    return str(error) or type(error).__name__


def _names(urls: Sequence[str]) -> list[str]:
    """Short names of the servers: the host (``mt1``), or ``host:port``
    where hosts repeat, or the whole address where those do too."""
    hosts = [urlsplit(url).hostname or url for url in urls]
    if len(set(hosts)) == len(hosts):
        return hosts
    netlocs = [urlsplit(url).netloc for url in urls]
    if len(set(netlocs)) == len(netlocs):
        return netlocs
    return list(urls)


class LibreTranslateEngine:
    """Machine translation with a pool of LibreTranslate servers.

    Args:
        urls: The servers' addresses.
        api_key_env: The environment variable holding the API key (the key
            never goes into the settings); unset: no key.
        timeout: Seconds a request may take.
        concurrency: Requests in flight per server.
        batch_limit: The servers' ``--batch-limit``, if known (0: learned
            from their answers).
        retries: Failures in a row after which a server counts as down
            (the run gives up when all are).
    """

    name = "libretranslate"
    enforce_terms = True
    #: What ``[tool.translate.engine_options.libretranslate]`` may set.
    OPTIONS: dict[str, Any] = {"urls": list[str], "api_key_env": str, "timeout": float,
                               "concurrency": int, "batch_limit": int, "retries": int}

    def __init__(self, urls: Sequence[str] = (), api_key_env: str = DEFAULT_API_KEY_ENV,
                 timeout: float = 60.0, concurrency: int = 2, batch_limit: int = 0,
                 retries: int = 6) -> None:
        self.api_key_env = api_key_env
        key = os.environ.get(api_key_env, "") if api_key_env else ""
        self.pool = LibreTranslatePool(
            list(urls), key or None, timeout, concurrency, batch_limit, retries,
            key_hint=f"set the key in the environment variable {api_key_env} "
                     "(engine_options.libretranslate.api_key_env names it)")

    def _configured(self) -> None:
        if not self.pool.servers:
            raise EngineError(None, None, "no LibreTranslate servers configured",
                              "list them in pyproject.toml: [tool.translate.engine_options."
                              'libretranslate] urls = ["http://mt1:5000", "http://mt2:5000"]')

    def models(self, refresh: bool = False) -> list[ModelRow]:
        """The pairs the servers offer (none when no server is configured)."""
        if not self.pool.servers:
            return []
        return [ModelRow(self.name, source, target, "", "installed")
                for source, target in self.pool.pairs()]

    def describe(self, source: str, target: str) -> str:
        """``libretranslate en->fr (mt1, mt2)``: the servers offering the pair
        (LibreTranslate's API does not tell its models' versions)."""
        self._configured()
        servers = self.pool.check(source, target)
        return f"libretranslate {source}->{target} (" + ", ".join(s.name for s in servers) + ")"

    def check(self, source: str, target: str) -> None:
        self._configured()
        self.pool.check(source, target)

    def translate(self, texts: Sequence[str], source: str, target: str, *,
                  hypotheses: int = 1, suppress: Sequence[str] = (),
                  progress: Progress | None = None) -> list[list[str]]:
        self._configured()
        # LibreTranslate cannot suppress phrases; the glossary checks the
        # hypotheses instead.
        return self.pool.translate(texts, source, target, max(1, hypotheses) - 1, progress)

    def activity(self) -> str:
        """For the progress line: ``2/2 servers``."""
        using, reachable = self.pool.in_use()
        return f"{using}/{reachable} servers" if reachable else ""
