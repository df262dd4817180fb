"""The argos engine: installed argostranslate packages, run by CTranslate2.

This is the only module that imports argostranslate, and it imports only
``argostranslate.package`` and ``argostranslate.settings`` (with ctranslate2 and
sentencepiece): ``argostranslate.translate`` would cost seconds, because its
sentence splitter imports stanza and torch, and it downloads a splitter model
on first use.  The translation itself follows ``argostranslate.translate``
(same tokenizer, same beam search settings, sentences joined the same way) but
batches every sentence of a run into a few large CTranslate2 calls with the
model loaded once, and it does not turn ``_`` into a space when decoding
(argostranslate returns ``%(file_count)d`` as ``%(file count)d``).

Package management lives here too: listing installed packages, reading and
refreshing the package index, downloading and installing a package, and
installing an ``.argosmodel`` file offline with every member checked first.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..errors import EngineError, ModelNotInstalled, PackageError
from . import Progress
from .sentences import split_sentences

__all__ = [
    "ArgosEngine", "ModelPackage", "installed_packages", "available_packages",
    "refresh_index", "install_file", "install_pair", "find_route",
]

log = logging.getLogger(__name__)

PIVOT = "en"
INDEX_TIMEOUT = 30
#: Sentences per CTranslate2 call: large enough to batch well, small enough
#: that progress moves and an interrupted run keeps most of its work.
CHUNK_SENTENCES = 1024


def _argos() -> Any:
    """``argostranslate.package``, imported on first use."""
    try:
        import argostranslate.package as package
    except ImportError as error:
        raise EngineError(None, None, f"argostranslate is not installed ({error})",
                          "pip install argostranslate torch==2.13.0, or choose "
                          "another engine with --engine") from None
    return package


def _install_hint(source: str, target: str) -> str:
    return (f"install one: translate models install {source}-{target} (needs a network), "
            f"or offline: translate models install --file translate-{source}_{target}-<version>"
            ".argosmodel")


@dataclass(frozen=True)
class ModelPackage:
    """An argos package, installed or in the package index.

    Attributes:
        source: Source language code.
        target: Target language code.
        version: The package's version.
        installed: Whether it is installed.
        path: Its folder, when installed.
        links: Download addresses, for one in the index.
        size: Download size in bytes, if the index says.
    """

    source: str
    target: str
    version: str
    installed: bool
    path: str = ""
    links: tuple[str, ...] = ()
    size: int = 0

    def to_dict(self) -> dict:
        data = asdict(self)
        data["links"] = list(self.links)
        return data


def installed_packages() -> list[ModelPackage]:
    """The installed argos translation packages, sorted by pair."""
    package = _argos()
    found = []
    for directory in package.settings.package_dirs:
        if not Path(directory).is_dir():
            continue
        for path in sorted(Path(directory).iterdir()):
            metadata = path / "metadata.json"
            if not path.is_dir() or not metadata.is_file():
                continue
            try:
                data = json.loads(metadata.read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                log.warning("%s: unreadable package metadata (%s); skipped", metadata, error)
                continue
            if data.get("type", "translate") != "translate" or not data.get("from_code") \
                    or not data.get("to_code"):
                continue
            found.append(ModelPackage(data["from_code"], data["to_code"],
                                      str(data.get("package_version", "")), True, str(path)))
    return sorted(found, key=lambda p: (p.source, p.target, p.version, p.path))


def _index_path() -> Path:
    return Path(_argos().settings.local_package_index)


def refresh_index() -> int:
    """Download the argos package index.

    Returns:
        The number of packages in it.

    Raises:
        EngineError: The index cannot be reached or read.
    """
    import urllib.request

    from ..fsutil import write_atomic

    url = _argos().settings.remote_package_index
    try:
        with urllib.request.urlopen(url, timeout=INDEX_TIMEOUT) as response:
            data = response.read()
        count = len(json.loads(data))
    except (OSError, ValueError) as error:
        raise EngineError(url, None, f"cannot read the argos package index ({error})",
                          "without a network, install a package file: "
                          "translate models install --file <package>.argosmodel") from None
    write_atomic(_index_path(), data)
    return count


def available_packages(refresh: bool = False) -> list[ModelPackage]:
    """The packages of the argos index (downloaded first if asked, or if there
    is no copy yet and ``refresh`` is true)."""
    path = _index_path()
    if refresh or not path.exists():
        if not refresh:
            return []
        refresh_index()
    try:
        index = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise EngineError(path, None, f"unreadable package index ({error})",
                          "run translate models list --refresh") from None
    found = []
    for item in index if isinstance(index, list) else []:
        if not isinstance(item, dict) or item.get("type", "translate") != "translate":
            continue
        if item.get("from_code") and item.get("to_code"):
            found.append(ModelPackage(item["from_code"], item["to_code"],
                                      str(item.get("package_version", "")), False,
                                      links=tuple(item.get("links", ())),
                                      size=int(item.get("size", 0) or 0)))
    return sorted(found, key=lambda p: (p.source, p.target, p.version))


def find_route(source: str, target: str,
               packages: Sequence[ModelPackage] | None = None) -> list[ModelPackage]:
    """The installed packages that translate ``source`` into ``target``: one
    package, or two through English.

    Raises:
        ModelNotInstalled: Neither exists, with both ways to install one.
    """
    packages = installed_packages() if packages is None else packages

    def newest(a: str, b: str) -> ModelPackage | None:
        matches = [p for p in packages if p.source == a and p.target == b]
        return max(matches, key=lambda p: _version_key(p.version)) if matches else None

    direct = newest(source, target)
    if direct is not None:
        return [direct]
    if PIVOT not in (source, target):
        first, second = newest(source, PIVOT), newest(PIVOT, target)
        if first is not None and second is not None:
            return [first, second]
    raise ModelNotInstalled(None, None, f"no argos model for {source}->{target}",
                            _install_hint(source, target))


def _version_key(version: str) -> tuple:
    return tuple(int(part) if part.isdigit() else 0 for part in version.split("."))


# ---------------------------------------------------------------------------
# Installing


def _check_archive(archive: zipfile.ZipFile, display: str) -> tuple[str, dict]:
    """The package's folder name and metadata, after checking every member."""
    names = archive.namelist()
    if not names:
        raise PackageError(display, None, "empty package", "download it again")
    tops = set()
    for info in archive.infolist():
        name = info.filename
        parts = Path(name).parts
        if name.startswith(("/", "\\")) or ".." in parts or ":" in name or not parts:
            raise PackageError(display, None, f"unsafe path in package: {name!r}",
                               "the file is not a genuine argos package; do not install it")
        if (info.external_attr >> 16) & 0o170000 == 0o120000:
            raise PackageError(display, None, f"symbolic link in package: {name!r}",
                               "the file is not a genuine argos package; do not install it")
        tops.add(parts[0])
    if len(tops) != 1:
        raise PackageError(display, None, "a package holds one folder, this one holds "
                           f"{len(tops)}: " + ", ".join(sorted(tops)[:3]),
                           "is this an argos .argosmodel file?")
    top = tops.pop()
    try:
        metadata = json.loads(archive.read(f"{top}/metadata.json"))
    except KeyError:
        raise PackageError(display, None, f"no {top}/metadata.json in the package",
                           "is this an argos .argosmodel file?") from None
    except ValueError as error:
        raise PackageError(display, None, f"malformed metadata.json ({error})",
                           "download the package again") from None
    if not isinstance(metadata, dict) or not metadata.get("from_code") \
            or not metadata.get("to_code"):
        raise PackageError(display, None, "metadata.json names no from_code and to_code",
                           "is this an argos translation package?")
    members = set(names)
    if f"{top}/model/model.bin" not in members:
        raise PackageError(display, None, f"no {top}/model/model.bin in the package",
                           "the package is incomplete; download it again")
    if not {f"{top}/sentencepiece.model", f"{top}/bpe.model"} & members:
        raise PackageError(display, None, "no tokenizer (sentencepiece.model or bpe.model) "
                           "in the package", "the package is incomplete; download it again")
    return top, metadata


def install_file(path: str | Path) -> ModelPackage:
    """Install an ``.argosmodel`` file, replacing an installed package of the
    same name.  Nothing is installed unless the whole package checks out and
    extracts: it is unpacked beside the packages folder and moved in place.

    Raises:
        PackageError: Not a zip file, no metadata.json, a member path that
            would leave the packages folder, a missing model.
    """
    path = Path(path)
    display = str(path)
    if not path.is_file():
        raise PackageError(display, None, "no such file", "check the path")
    if not zipfile.is_zipfile(path):
        raise PackageError(display, None, "not an argos package (not a zip archive)",
                           "download it again")
    package = _argos()
    destination = Path(package.settings.package_data_dir)
    destination.mkdir(parents=True, exist_ok=True)
    try:
        with zipfile.ZipFile(path) as archive:
            top, metadata = _check_archive(archive, display)
            staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=destination))
            try:
                archive.extractall(staging)
                final = destination / top
                old = None
                if final.exists():
                    old = destination / f".replaced-{top}-{os.getpid()}"
                    final.rename(old)
                (staging / top).rename(final)
                if old is not None:
                    shutil.rmtree(old, ignore_errors=True)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
    except zipfile.BadZipFile as error:
        raise PackageError(display, None, f"corrupt package ({error})",
                           "download it again") from None
    _forget_installed()
    return ModelPackage(metadata["from_code"], metadata["to_code"],
                        str(metadata.get("package_version", "")), True, str(final))


def _forget_installed() -> None:
    import sys

    translate = sys.modules.get("argostranslate.translate")
    if translate is not None:
        translate.get_installed_languages.cache_clear()
    _TRANSLATORS.clear()


def install_pair(source: str, target: str,
                 progress: Callable[[int, int], None] | None = None) -> list[ModelPackage]:
    """Download and install the package(s) for a pair from the argos index
    (two through English when there is no direct one).

    Raises:
        EngineError: No network.
        ModelNotInstalled: The index has no package for the pair.
    """
    packages = available_packages(refresh=True)
    try:
        route = find_route(source, target, packages)
    except ModelNotInstalled:
        raise ModelNotInstalled(None, None, f"the argos index has no model for {source}->{target}",
                                "see translate models list --refresh for the pairs it has; "
                                "or choose another engine (--engine apertium)") from None
    return [install_file(_download(item, progress)) for item in route]


def _download(item: ModelPackage, progress: Callable[[int, int], None] | None) -> Path:
    import urllib.request

    folder = Path(_argos().settings.downloads_dir)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"translate-{item.source}_{item.target}.argosmodel"
    errors = []
    for link in item.links:
        partial = target.with_suffix(".part")
        try:
            with urllib.request.urlopen(link, timeout=INDEX_TIMEOUT) as response, \
                    open(partial, "wb") as out:
                total = int(response.headers.get("Content-Length") or item.size or 0)
                done = 0
                while block := response.read(1 << 16):
                    out.write(block)
                    done += len(block)
                    if progress is not None:
                        progress(done, total)
            partial.replace(target)
            return target
        except OSError as error:
            errors.append(f"{link}: {error}")
            partial.unlink(missing_ok=True)
    raise EngineError(None, None, f"cannot download the {item.source}->{item.target} package ("
                      + "; ".join(errors or ["no download address"]) + ")",
                      "without a network, install a package file: "
                      "translate models install --file <package>.argosmodel")


# ---------------------------------------------------------------------------
# Translating

_TRANSLATORS: dict[tuple[str, int, int], Any] = {}


class _Model:
    """One installed package, loaded: tokenizer and CTranslate2 translator."""

    def __init__(self, item: ModelPackage, threads: int, workers: int) -> None:
        import ctranslate2

        package = _argos()
        self.item = item
        root = Path(item.path)
        metadata = json.loads((root / "metadata.json").read_text(encoding="utf-8"))
        self.target_prefix = metadata.get("target_prefix", "") or ""
        self.tokenizer = package.Package(root).tokenizer
        self.sentencepiece = None
        if (root / "sentencepiece.model").exists():
            import sentencepiece

            self.sentencepiece = sentencepiece.SentencePieceProcessor(
                model_file=str(root / "sentencepiece.model"))
        settings = package.settings
        if not workers and not threads and settings.get_setting("ARGOS_INTER_THREADS") is None \
                and settings.get_setting("ARGOS_INTRA_THREADS") is None:
            # Unless told otherwise: one batch per core, one thread each.  On
            # 2 cores this translated 45 % more sentences per second at beam
            # 1 (27 % at beam 4) than one batch at a time on both cores.
            workers, threads = min(os.cpu_count() or 1, 4), 1
        workers = workers or settings.inter_threads
        threads = threads or settings.intra_threads
        key = (str(root / "model"), threads, workers)
        translator = _TRANSLATORS.get(key)
        if translator is None:
            translator = _TRANSLATORS[key] = ctranslate2.Translator(
                str(root / "model"), device=settings.device, inter_threads=workers,
                intra_threads=threads, compute_type=settings.compute_type)
        self.translator = translator

    def encode(self, sentence: str) -> list[str]:
        if self.sentencepiece is not None:
            return self.sentencepiece.encode(sentence, out_type=str)
        return self.tokenizer.encode(sentence)

    def decode(self, tokens: list[str]) -> str:
        if self.sentencepiece is not None:
            # As argostranslate, without its replace("_", " ").
            text = self.sentencepiece.decode_pieces(tokens).replace("\u2581", " ")
        else:
            text = self.tokenizer.decode(tokens)
        if self.target_prefix and text.startswith(self.target_prefix):
            text = text[len(self.target_prefix):]
        return text[1:] if text.startswith(" ") else text


class ArgosEngine:
    """Machine translation with installed argos packages.

    Args:
        beam_size: Beam width (argostranslate's default is 4).
        threads: CTranslate2 threads per batch (``intra_threads``).
        workers: Batches translated at once (``inter_threads``).  With
            neither given, argostranslate's settings ``ARGOS_INTRA_THREADS``
            and ``ARGOS_INTER_THREADS`` if set, else one batch per core (up
            to 4) with one thread each.
        batch_tokens: Tokens per CTranslate2 batch.
        options: Passed on to ``ctranslate2.Translator.translate_batch``
            (for example ``max_decoding_length``).
    """

    name = "argos"

    def __init__(self, beam_size: int = 4, threads: int = 0, workers: int = 0,
                 batch_tokens: int = 2048, options: Mapping[str, Any] | None = None) -> None:
        self.beam_size = beam_size
        self.threads = threads
        self.workers = workers
        self.batch_tokens = batch_tokens
        self.options = dict(options or {})
        self._models: dict[str, _Model] = {}

    def route(self, source: str, target: str) -> list[ModelPackage]:
        """The packages a pair goes through (see :func:`find_route`)."""
        return find_route(source, target)

    def describe(self, source: str, target: str) -> str:
        route = self.route(source, target)
        pair = "->".join([source] + [item.target for item in route])
        return f"argos {pair} " + "+".join(item.version or "?" for item in route)

    def check(self, source: str, target: str) -> None:
        self.route(source, target)

    def _model(self, item: ModelPackage) -> _Model:
        model = self._models.get(item.path)
        if model is None:
            model = self._models[item.path] = _Model(item, self.threads, self.workers)
        return model

    def translate(self, texts: Sequence[str], source: str, target: str, *,
                  hypotheses: int = 1, suppress: Sequence[str] = (),
                  progress: Progress | None = None) -> list[list[str]]:
        route = self.route(source, target)
        if len(route) == 1:
            return self._translate(self._model(route[0]), texts, hypotheses, suppress, progress)
        # Through English: the best English, then alternatives in the target.
        middle = [found[0] for found in self._translate(self._model(route[0]), texts, 1, (),
                                                         None)]
        return self._translate(self._model(route[1]), middle, hypotheses, suppress, progress)

    def _translate(self, model: _Model, texts: Sequence[str], hypotheses: int,
                   suppress: Sequence[str], progress: Progress | None) -> list[list[str]]:
        hypotheses = max(1, hypotheses)
        # Every distinct sentence of every line of every text, once.
        layout: list[list[list[int]]] = []
        sentences: dict[str, int] = {}
        for text in texts:
            lines = []
            for line in text.split("\n"):
                lines.append([sentences.setdefault(s, len(sentences))
                              for s in split_sentences(line)])
            layout.append(lines)
        order = list(sentences)
        results: list[list[list[str]]] = [[] for _ in order]
        suppressed = self._suppressed(model, suppress)
        prefix = [model.target_prefix] if model.target_prefix else None
        total = len(texts)
        for start in range(0, len(order), CHUNK_SENTENCES):
            chunk = order[start:start + CHUNK_SENTENCES]
            tokens = [model.encode(sentence) for sentence in chunk]
            batch = model.translator.translate_batch(
                tokens,
                target_prefix=[prefix] * len(tokens) if prefix else None,
                replace_unknowns=True,
                max_batch_size=self.batch_tokens,
                batch_type="tokens",
                beam_size=max(hypotheses, self.beam_size),
                num_hypotheses=hypotheses,
                length_penalty=0.2,
                suppress_sequences=suppressed or None,
                **self.options,
            )
            for offset, result in enumerate(batch):
                results[start + offset] = list(result.hypotheses)
            if progress is not None:
                progress(min(total, (start + len(chunk)) * total // max(1, len(order))), total)
        out = []
        for lines in layout:
            found = []
            for rank in range(hypotheses):
                text_lines = []
                for line in lines:
                    pieces: list[str] = []
                    for number in line:
                        options = results[number]
                        pieces.extend(options[min(rank, len(options) - 1)])
                    text_lines.append(model.decode(pieces) if pieces else "")
                found.append("\n".join(text_lines))
            unique = list(dict.fromkeys(found))
            out.append(unique)
        if progress is not None:
            progress(total, total)
        return out

    @staticmethod
    def _suppressed(model: _Model, phrases: Sequence[str]) -> list[list[str]]:
        sequences: list[list[str]] = []
        for phrase in phrases:
            for variant in dict.fromkeys((phrase, phrase[:1].upper() + phrase[1:],
                                          phrase[:1].lower() + phrase[1:])):
                tokens = model.encode(variant)
                if tokens and tokens not in sequences:
                    sequences.append(tokens)
        return sequences
