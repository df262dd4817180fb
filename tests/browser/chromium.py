"""Drive Debian's headless Chromium over the DevTools protocol, on a pipe.

``--remote-debugging-pipe`` makes Chromium read protocol commands on its file
descriptor 3 and write responses and events on 4, each message a JSON object
followed by a NUL byte.  That needs nothing beyond the standard library: no
WebDriver, no websocket client, no Playwright (whose own browser cannot be
downloaded here, and whose protocol version need not match Debian's build).

A :class:`Page` records what a real visitor's browser would show a developer:
console errors, uncaught exceptions, every request it makes (and it blocks
any request that leaves the allowed origin), the status of each document.
"""

from __future__ import annotations

import base64
import fcntl
import json
import math
import os
import select
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

__all__ = ["Browser", "BrowserError", "Page", "FLAGS"]

#: The flags the tests run Chromium with: headless, no sandbox (containers
#: have no user namespaces), and nothing that reaches for the network by
#: itself (this machine's network is closed; a site check must not depend
#: on it either).
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
    "--disable-extensions", "--disable-default-apps", "--no-default-browser-check",
    "--hide-scrollbars", "--mute-audio", "--disable-dev-shm-usage",
)

#: How long one protocol command may take before the test gives up.
TIMEOUT = 30.0


class BrowserError(RuntimeError):
    """Chromium failed a command, died, or did not answer in time."""


def _high(fd: int) -> int:
    """The same pipe end on a descriptor above 9, so that mapping it to 3 or
    4 in the child can never overwrite the other end."""
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return moved


class Browser:
    """One headless Chromium process and its DevTools pipe.

    Args:
        executable: The ``chromium`` program.
        profile: A fresh, empty folder for ``--user-data-dir``.
        log: Where Chromium's own stderr goes (shown when it fails).
    """

    def __init__(self, executable: str, profile: Path, log: Path) -> None:
        commands_read, self._commands = os.pipe()
        self._events, events_write = os.pipe()
        commands_read, events_write = _high(commands_read), _high(events_write)
        self._log = log
        with open(log, "wb") as stderr:
            # bash (not dash) maps the pipes to 3 and 4: dash's redirections
            # take single-digit descriptors only.  A new session, so that
            # close() can end Chromium's helper processes with it.
            self._process = subprocess.Popen(
                ["bash", "-c", f'exec "$0" "$@" 3<&{commands_read} 4>&{events_write} '
                               f'{commands_read}<&- {events_write}>&-',
                 executable, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe",
                 "about:blank"],
                pass_fds=(commands_read, events_write), stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True)
        os.close(commands_read)
        os.close(events_write)
        self._buffer = b""
        self._next_id = 0
        self._results: dict[int, dict] = {}
        self._sessions: dict[str, Page] = {}
        self.version = self.call("Browser.getVersion")["product"]

    # -- the protocol --------------------------------------------------------

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> int:
        """Send a command without waiting for its answer; its id."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        data = json.dumps(message).encode("utf-8") + b"\0"
        try:
            while data:
                data = data[os.write(self._commands, data):]
        except OSError as error:
            raise BrowserError(f"Chromium stopped reading commands ({error}){self._tail()}")
        return self._next_id

    def call(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float = TIMEOUT) -> dict:
        """Send a command and return its result.

        Raises:
            BrowserError: Chromium answered with an error, or not in time.
        """
        command = self.send(method, params, session)
        self.wait(lambda: command in self._results, timeout, method)
        answer = self._results.pop(command)
        if "error" in answer:
            raise BrowserError(f"{method}: {answer['error'].get('message')}")
        return answer.get("result", {})

    def wait(self, condition: Callable[[], bool], timeout: float = TIMEOUT,
             what: str = "an event") -> None:
        """Read messages (dispatching events to their pages) until
        ``condition()`` holds.

        Raises:
            BrowserError: Chromium closed the pipe, or the time ran out.
        """
        deadline = time.monotonic() + timeout
        while not condition():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise BrowserError(f"no answer from Chromium for {what} in {timeout:.0f} s"
                                   f"{self._tail()}")
            ready, _, _ = select.select([self._events], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(self._events, 1 << 20)
            if not chunk:
                raise BrowserError(f"Chromium exited while waiting for {what}{self._tail()}")
            self._buffer += chunk
            while b"\0" in self._buffer:
                raw, _, self._buffer = self._buffer.partition(b"\0")
                self._dispatch(json.loads(raw))

    def _dispatch(self, message: dict) -> None:
        if "id" in message:
            self._results[message["id"]] = message
            return
        page = self._sessions.get(message.get("sessionId", ""))
        if page is not None:
            page._on_event(message["method"], message.get("params", {}))

    def _tail(self) -> str:
        try:
            lines = self._log.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return ""
        return ("\nChromium's last words:\n" + "\n".join(lines[-15:])) if lines else ""

    # -- pages ---------------------------------------------------------------

    def new_page(self, allowed_origin: str) -> Page:
        """A new tab that lets requests reach ``allowed_origin``
        (``http://127.0.0.1:PORT``) only, and records everything else it
        tried to load."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"]
        page = Page(self, session, target, allowed_origin)
        self._sessions[session] = page
        page._enable()
        return page

    def close(self) -> None:
        """Ask Chromium to quit, and end its process group if it does not."""
        if self._process.poll() is None:
            try:
                self.send("Browser.close")
                self._process.wait(timeout=10)
            except (BrowserError, subprocess.TimeoutExpired):
                pass
        if self._process.poll() is None:
            os.killpg(self._process.pid, signal.SIGKILL)
            self._process.wait(timeout=10)
        else:
            # Helpers Chromium left behind share its process group.
            try:
                os.killpg(self._process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for fd in (self._commands, self._events):
            try:
                os.close(fd)
            except OSError:
                pass


@dataclass
class Visit:
    """What one navigation showed.

    Attributes:
        url: The address asked for.
        status: The HTTP status of the document (0 if none arrived).
        requests: Every URL the page requested, the document's included.
        blocked: Requests that left the allowed origin (they were failed).
        console: Console messages and log entries at level error, and
            uncaught exceptions, as text.
    """

    url: str
    status: int = 0
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)


class Page:
    """One tab, attached in flat mode (its own session on the browser's pipe)."""

    def __init__(self, browser: Browser, session: str, target: str, allowed_origin: str) -> None:
        self.browser = browser
        self.session = session
        self.target = target
        self.allowed_origin = allowed_origin.rstrip("/")
        self.visit = Visit("about:blank")
        self._loaded = False
        self._frame = ""
        self._metrics: dict[str, Any] = {"width": 1280, "height": 900, "deviceScaleFactor": 1,
                                         "mobile": False}

    def call(self, method: str, params: dict | None = None, timeout: float = TIMEOUT) -> dict:
        return self.browser.call(method, params, self.session, timeout)

    def close(self) -> None:
        """Close the tab."""
        self.browser.call("Target.closeTarget", {"targetId": self.target})
        self.browser._sessions.pop(self.session, None)

    def _enable(self) -> None:
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable")
        # Every load asks the server again (no 304s): what a first visitor gets.
        self.call("Network.setCacheDisabled", {"cacheDisabled": True})
        # Every request pauses here first: the page may reach the local
        # server and nothing else.
        self.call("Fetch.enable", {"patterns": [{"urlPattern": "*"}]})
        self._frame = self.call("Page.getFrameTree")["frameTree"]["frame"]["id"]
        self.call("Emulation.setDeviceMetricsOverride", self._metrics)

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in ("data", "about", "blob"):
            return True
        return f"{parts.scheme}://{parts.netloc}" == self.allowed_origin

    def _on_event(self, method: str, params: dict) -> None:
        visit = self.visit
        if method == "Fetch.requestPaused":
            url = params["request"]["url"]
            if self._allowed(url):
                self.browser.send("Fetch.continueRequest", {"requestId": params["requestId"]},
                                  self.session)
            else:
                if url not in visit.blocked:
                    visit.blocked.append(url)
                self.browser.send("Fetch.failRequest", {"requestId": params["requestId"],
                                                        "errorReason": "BlockedByClient"},
                                  self.session)
        elif method == "Network.requestWillBeSent":
            visit.requests.append(params["request"]["url"])
            if not self._allowed(params["request"]["url"]) and \
                    params["request"]["url"] not in visit.blocked:
                visit.blocked.append(params["request"]["url"])
        elif method == "Network.responseReceived":
            if params.get("type") == "Document" and params.get("frameId") == self._frame:
                visit.status = params["response"]["status"]
        elif method == "Runtime.consoleAPICalled":
            if params["type"] in ("error", "assert"):
                text = " ".join(str(arg.get("value", arg.get("description", "")))
                                for arg in params.get("args", []))
                visit.console.append(f"console.{params['type']}: {text}")
        elif method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text", "")
            visit.console.append(f"uncaught exception: {text}")
        elif method == "Log.entryAdded":
            entry = params["entry"]
            # The browser's own probe for /favicon.ico is not the page's
            # doing (the page declares no icon), and its answer may arrive
            # during the next page's load: it would be blamed on that page.
            if entry["level"] == "error" and \
                    not entry.get("url", "").endswith("/favicon.ico"):
                visit.console.append(f"{entry['source']}: {entry['text']} {entry.get('url', '')}"
                                     .rstrip())
        elif method == "Page.loadEventFired":
            self._loaded = True

    def goto(self, url: str) -> Visit:
        """Load ``url`` and wait until it and its fonts are loaded.

        Returns:
            What the navigation showed (status, requests, console errors).
        """
        self.visit = Visit(url)
        self._loaded = False
        result = self.call("Page.navigate", {"url": url})
        if result.get("errorText"):
            self.visit.console.append(f"navigation failed: {result['errorText']}")
            return self.visit
        self.browser.wait(lambda: self._loaded, what=f"the load of {url}")
        self.evaluate("document.fonts.ready.then(() => true)")
        return self.visit

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (promises are
        awaited).

        Raises:
            BrowserError: The expression threw.
        """
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True})
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise BrowserError("JavaScript error: " + (
                details.get("exception", {}).get("description") or details.get("text", "")))
        return result["result"].get("value")

    def viewport(self, width: int, height: int, mobile: bool = False) -> None:
        """Emulate a window of ``width`` x ``height`` CSS pixels (a phone's
        when ``mobile``: its viewport meta tag then counts)."""
        self._metrics = {"width": width, "height": height, "deviceScaleFactor": 1,
                         "mobile": mobile}
        self.call("Emulation.setDeviceMetricsOverride", self._metrics)

    def media(self, media: str) -> None:
        """Emulate a CSS media type (``print``; "" for the screen)."""
        self.call("Emulation.setEmulatedMedia", {"media": media})

    def screenshot(self, path: Path) -> Path:
        """Save a PNG of the whole page at ``path``.

        The window is made as tall as the page for the shot, then given its
        height back: ``captureBeyondViewport`` draws a right-to-left page
        that fits its window shifted sideways (Chromium 150), which would
        show a layout the reader never sees.
        """
        metrics = self._metrics
        height = math.ceil(self.call("Page.getLayoutMetrics")["cssContentSize"]["height"])
        if height > metrics["height"]:
            self.call("Emulation.setDeviceMetricsOverride", {**metrics, "height": height})
        try:
            data = self.call("Page.captureScreenshot", {"format": "png"})["data"]
        finally:
            if height > metrics["height"]:
                self.call("Emulation.setDeviceMetricsOverride", metrics)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path
