"""docs/libretranslate.md's recipe, run on this machine with real LibreTranslate.

The Compose file is read from the page (the YAML block after its ``tests:``
marker), and each instance is started as the file says: the same program
(its ``entrypoint``, from the LibreTranslate package installed in
``.venv-tools/libretranslate``), the same arguments and the same
environment, with the container's paths under a throw-away folder that
stands for the container's file system.  The only changes: an instance binds
127.0.0.1 on a free port instead of ``0.0.0.0:5000``.  The packages folder is
filled with the page's command (``translate models install --file`` with
``ARGOS_PACKAGES_DIR``) from the repository's test packages.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "libretranslate.md"
MARKER = "<!-- tests: the LibreTranslate recipe"
VENV = ROOT / ".venv-tools" / "libretranslate"
PACKAGES = sorted((ROOT / "tests" / "data" / "argos").glob("*.argosmodel"))
#: The image's home folder (the Dockerfile's ``ENV HOME``).
IMAGE_HOME = "/home/libretranslate"
MISSING = ("LibreTranslate is not installed in .venv-tools/libretranslate (.ci/run does it: "
           "python3 -m venv .venv-tools/libretranslate && "
           ".venv-tools/libretranslate/bin/pip install 'libretranslate==1.9.*')")


def compose() -> dict:
    """The Compose file of the recipe, parsed."""
    text = DOC.read_text(encoding="utf-8")
    after = text[text.index(MARKER):]
    match = re.search(r"```yaml\n(.*?)```", after, re.S)
    assert match, f"no yaml block after the marker in {DOC}"
    return yaml.safe_load(match.group(1))


def service(name: str = "mt1") -> dict:
    """One service of the recipe, with its shared part merged in."""
    return compose()["services"][name]


def require() -> Path:
    """The ``libretranslate`` program of the tools' environment; the test
    fails in CI (``CI`` set, where ``.ci/run`` installs it) and is skipped
    elsewhere when it is missing."""
    program = VENV / "bin" / "libretranslate"
    if not program.exists():
        if os.environ.get("CI"):
            pytest.fail(MISSING)
        pytest.skip(MISSING)
    return program


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Site:
    """The folders of the recipe under ``root``: the compose folder (with
    ``argos/packages`` filled as the page says) and the container's file
    system the volumes are mounted into."""

    def __init__(self, root: Path, spec: dict | None = None) -> None:
        self.root = root
        self.spec = spec or service()
        self.compose_dir = root / "site"
        self.container = root / "container"
        (self.compose_dir / "argos" / "packages").mkdir(parents=True, exist_ok=True)
        self.home = self._path(IMAGE_HOME)
        self.home.mkdir(parents=True, exist_ok=True)
        # The volumes: the container path is a link to the compose folder's.
        self.mounts: dict[str, Path] = {}
        for volume in self.spec.get("volumes", []):
            source, target, *_ = volume.split(":")
            local = (self.compose_dir / source).resolve()
            local.mkdir(parents=True, exist_ok=True)
            link = self._path(target)
            link.parent.mkdir(parents=True, exist_ok=True)
            if not link.exists():
                link.symlink_to(local, target_is_directory=True)
            self.mounts[target] = link
        self.fill_packages()

    def _path(self, container_path: str) -> Path:
        return self.container / container_path.lstrip("/")

    def fill_packages(self) -> None:
        """Step 1 of the page: ``ARGOS_PACKAGES_DIR=$PWD/argos/packages
        translate models install --file ... --file ...``."""
        folder = self.compose_dir / "argos" / "packages"
        if any(folder.iterdir()):
            return
        command = [sys.executable, "-m", "translate", "models", "install"]
        for package in PACKAGES:
            command += ["--file", str(package)]
        env = {**os.environ, "ARGOS_PACKAGES_DIR": str(folder)}
        done = subprocess.run(command, cwd=self.compose_dir, env=env, capture_output=True,
                              text=True)
        assert done.returncode == 0, done.stderr
        assert len(list(folder.iterdir())) == len(PACKAGES)

    def environment(self) -> dict[str, str]:
        """The service's environment, its container paths under the
        container folder; nothing of this process's environment but PATH."""
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(self.home),
               "LANG": "C.UTF-8"}
        for key, value in (self.spec.get("environment") or {}).items():
            value = str(value)
            if value.startswith("/"):
                value = str(self._path(value))
            env[key] = value
        return env

    def command(self, port: int, *extra: str) -> list[str]:
        """The service's program and arguments, on 127.0.0.1:``port``."""
        entrypoint = self.spec["entrypoint"]
        program = require().parent / Path(entrypoint[0]).name
        arguments = list(self.spec.get("command", []))
        for option, value in (("--host", "127.0.0.1"), ("--port", str(port))):
            arguments[arguments.index(option) + 1] = value
        return [str(program), *entrypoint[1:], *arguments, *extra]


class Instance:
    """One LibreTranslate server started as the recipe says."""

    def __init__(self, site: Site, *extra: str, env: dict[str, str] | None = None,
                 name: str = "mt") -> None:
        self.site = site
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.workdir = site.root / f"{name}-{self.port}"
        self.workdir.mkdir()
        self.log = self.workdir / "server.log"
        with open(self.log, "wb") as out:
            self.process = subprocess.Popen(
                site.command(self.port, *extra), cwd=self.workdir,
                env={**site.environment(), **(env or {})}, stdout=out,
                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)

    def wait_ready(self, seconds: float = 90) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"LibreTranslate exited:\n{self.log.read_text()}")
            try:
                with urllib.request.urlopen(self.url + "/languages", timeout=2) as reply:
                    if json.loads(reply.read()):
                        return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"LibreTranslate did not start:\n{self.log.read_text()}")

    def kill(self) -> None:
        """SIGKILL, as a crash or the OOM killer would."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def pause(self) -> None:
        """SIGSTOP: it still accepts connections (the kernel does) and never answers."""
        os.killpg(self.process.pid, signal.SIGSTOP)

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGCONT)
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            self.kill()


def start(site: Site, count: int, *extra: str, env: dict[str, str] | None = None
          ) -> list[Instance]:
    """``count`` instances, started together, ready."""
    instances = [Instance(site, *extra, env=env, name=f"mt{n + 1}") for n in range(count)]
    try:
        for instance in instances:
            instance.wait_ready()
    except BaseException:
        for instance in instances:
            instance.stop()
        raise
    return instances
