"""A static web server for a published site, on 127.0.0.1 and a free port.

The standard library's ``SimpleHTTPRequestHandler``, as ``python -m
http.server`` runs it: a folder URL serves its ``index.html``, like the web
servers a press office puts the site on.  It records each request's path
and status so that a test can tell what the browser really asked for.
"""

from __future__ import annotations

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

__all__ = ["StaticServer"]


class _Handler(SimpleHTTPRequestHandler):
    log: list[tuple[str, int]]

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        self.log.append((self.path, int(code) if str(code).isdigit() else 0))

    def log_message(self, format: str, *args: object) -> None:
        # Quiet: pytest shows what matters (the recorded requests) on failure.
        pass


class StaticServer:
    """Serve ``folder`` until :meth:`stop`.

    Attributes:
        origin: ``http://127.0.0.1:PORT``.
        log: (path, status) of every request, in order.
    """

    def __init__(self, folder: Path) -> None:
        self.log: list[tuple[str, int]] = []
        handler = type("Handler", (_Handler,), {"log": self.log})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler,
                                                                     directory=str(folder)))
        self._server.daemon_threads = True
        host, port = self._server.server_address[:2]
        self.origin = f"http://{host}:{port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True,
                                        name="site-server")
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and free the port."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)
