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
installing an ``.argosmodel`` file offline with every member checked first
(paths, sizes against zip bombs, free disk space) and its model loaded before
it goes live.
"""

from __future__ import annotations

import json
import logging
import lzma
import os
import shutil
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..errors import EngineError, ModelNotInstalled, PackageError
from . import ModelRow, Progress
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

#: The most a package may unpack to.  Real argos packages unpack to 30-400 MB;
#: this leaves room for much larger models and none for a zip bomb.
MAX_UNPACKED_BYTES = 4 << 30
#: The most a package, or one of its members, may unpack to per byte it
#: holds.  Model weights compress poorly (1.1-3 times); only padding such as
#: zeros compresses hundreds of times.
MAX_RATIO = 200
#: Below this size, a package or member is not held to MAX_RATIO: a small
#: text file of repeated lines may compress that well and can do no harm.
RATIO_FLOOR = 1 << 20
#: The disk space left free, beyond the unpacked package, for installing it.
FREE_MARGIN = 64 << 20
#: metadata.json is read into memory: a few hundred bytes in real packages.
MAX_METADATA_BYTES = 1 << 20
#: What zipfile and the decompressors raise on a damaged archive or stream
#: (bz2 raises OSError, caught where members are read).
_DAMAGED = (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, NotImplementedError,
            struct.error)
_COMPRESSIONS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
_NOT_GENUINE = "the file is not a genuine argos package; do not install it"


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


def _size(count: int) -> str:
    """A byte count for a message: ``1.5 MiB``."""
    if count < 1024:
        return f"{count} bytes"
    value = count / 1024
    for unit in ("KiB", "MiB"):
        if value < 1024:
            return f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GiB"


def _check_sizes(archive: zipfile.ZipFile, display: str, limit: int) -> int:
    """The declared unpacked size of a package, refused above ``limit`` or
    when it, or one member, compresses more than :data:`MAX_RATIO` times: a
    zip bomb.  Extraction does not trust these sizes either."""
    infos = archive.infolist()
    unpacked = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos)
    if unpacked > limit:
        raise PackageError(display, None, f"not a valid argos package: it would unpack to "
                           f"{_size(unpacked)}, more than the {_size(limit)} a package may "
                           "hold", _NOT_GENUINE)
    found = [("it", unpacked, packed)] + [(repr(info.filename), info.file_size,
                                            info.compress_size) for info in infos]
    for what, size, compressed in found:
        if size > RATIO_FLOOR and size > MAX_RATIO * max(compressed, 1):
            raise PackageError(display, None, f"not a valid argos package: {what} would unpack "
                               f"to {_size(size)} from {_size(compressed)} "
                               f"({size // max(compressed, 1)} times its size; models compress "
                               f"at most a few times)", _NOT_GENUINE)
    return unpacked


def _check_archive(archive: zipfile.ZipFile, display: str,
                   limit: int | None = None) -> tuple[str, dict]:
    """The package's folder name and metadata, after checking every member
    (paths, links, encryption, compression, sizes) before reading any."""
    names = archive.namelist()
    if not names:
        raise PackageError(display, None, "empty package", "download it again")
    tops = set()
    for info in archive.infolist():
        name = info.filename
        parts = Path(name).parts
        if name.startswith(("/", "\\")) or ".." in parts or ":" in name or not parts:
            raise PackageError(display, None, f"unsafe path in package: {name!r}", _NOT_GENUINE)
        if (info.external_attr >> 16) & 0o170000 == 0o120000:
            raise PackageError(display, None, f"symbolic link in package: {name!r}",
                               _NOT_GENUINE)
        if info.flag_bits & 0x1:
            raise PackageError(display, None, f"not a valid argos package: {name!r} is "
                               "encrypted", "argos packages are never encrypted; download "
                               "it again")
        if info.compress_type not in _COMPRESSIONS:
            raise PackageError(display, None, f"not a valid argos package: {name!r} uses "
                               f"compression method {info.compress_type}, which zip files "
                               "of argos packages never use", "download it again")
        tops.add(parts[0])
    if len(tops) != 1:
        raise PackageError(display, None, "a package holds one folder, this one holds "
                           f"{len(tops)}: " + ", ".join(sorted(tops)[:3]),
                           "is this an argos .argosmodel file?")
    top = tops.pop()
    _check_sizes(archive, display, MAX_UNPACKED_BYTES if limit is None else limit)
    try:
        info = archive.getinfo(f"{top}/metadata.json")
        if info.file_size > MAX_METADATA_BYTES:
            raise PackageError(display, None, f"not a valid argos package: {top}/metadata.json "
                               f"holds {_size(info.file_size)}", _NOT_GENUINE)
        metadata = json.loads(archive.read(info))
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


def _check_room(folder: Path, needed: int, display: str) -> None:
    """Refuse a package that would not fit on the disk of ``folder``, with
    :data:`FREE_MARGIN` to spare (the folder need not exist yet)."""
    probe = folder
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    _total, _used, free = shutil.disk_usage(probe)
    if free < needed + FREE_MARGIN:
        raise PackageError(display, None, f"not enough disk space: the package unpacks to "
                           f"{_size(needed)} and {probe} has {_size(free)} free",
                           f"free some space (at least {_size(needed + FREE_MARGIN - free)} "
                           "more), or set ARGOS_PACKAGES_DIR to a folder on a larger disk")


def _extract(archive: zipfile.ZipFile, staging: Path, display: str, limit: int) -> None:
    """Unpack every member under ``staging``, member by member, stopping at
    the first that yields more bytes than it declared or takes the total
    over ``limit``: the sizes :func:`_check_sizes` checked are only what
    the archive claims."""
    written = 0
    for info in archive.infolist():
        target = staging.joinpath(*Path(info.filename).parts)
        if info.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        yielded = 0
        with archive.open(info) as stream, open(target, "wb") as out:
            while True:
                try:
                    block = stream.read(1 << 20)
                except (*_DAMAGED, OSError) as error:
                    raise PackageError(display, None, f"not a valid argos package: "
                                       f"{info.filename!r} is damaged ({error})",
                                       "download it again") from None
                if not block:
                    break
                yielded += len(block)
                written += len(block)
                if yielded > info.file_size or written > limit:
                    raise PackageError(display, None, f"not a valid argos package: "
                                       f"{info.filename!r} holds more than the "
                                       f"{_size(info.file_size)} it declares", _NOT_GENUINE)
                out.write(block)


def _first_line(error: BaseException, staging: Path | None = None) -> str:
    """An exception's message as one short line, for an ``Error:`` line,
    with paths in the (soon removed) ``staging`` folder made relative."""
    text = " ".join(str(error).split()) or type(error).__name__
    if staging is not None:
        text = text.replace(f"{staging}{os.sep}", "")
    return text if len(text) <= 200 else text[:199] + "…"


def _check_tokenizer(root: Path, metadata: Mapping[str, Any]) -> list[str]:
    """Load an unpacked package's tokenizer the way argostranslate chooses
    it (sentencepiece.model first, else bpe.model) and tokenize a word.

    Returns:
        The tokens of a short English sentence.

    Raises:
        ValueError: A bpe.model line that is not two subword units.
        Exception: Whatever the tokenizer raises on a damaged model.
    """
    sample = "Hello."
    if (root / "sentencepiece.model").exists():
        import sentencepiece

        processor = sentencepiece.SentencePieceProcessor(
            model_file=str(root / "sentencepiece.model"))
        return processor.encode(sample, out_type=str)
    codes = (root / "bpe.model").read_text(encoding="utf-8").splitlines()
    # argostranslate's BPE reader writes to stderr and exits the process on
    # a malformed line: check every line the way it does, first.
    for number, line in enumerate(codes, 1):
        if number == 1 and line.startswith("#version:"):
            continue
        if len(line.strip("\r\n ").split(" ")) != 2:
            raise ValueError(f"bpe.model line {number} is not two subword units: {line[:40]!r}")
    from argostranslate.tokenizer import BPETokenizer

    tokenizer = BPETokenizer(root / "bpe.model", str(metadata.get("from_code", "en")),
                             str(metadata.get("to_code", "en")))
    return tokenizer.encode(sample)


def _check_model(root: Path, display: str) -> None:
    """Load an unpacked package as translating would (argostranslate's
    package reader, the tokenizer, CTranslate2 on the CPU) and translate a
    sentence, so that a damaged model fails here and not later in ``mt``.

    Raises:
        PackageError: The package, its tokenizer or its model does not load.
    """
    hint = "the package is damaged; download it again"
    try:
        import ctranslate2
    except ImportError as error:
        raise EngineError(None, None, f"ctranslate2 is not installed ({error})",
                          "pip install argostranslate torch==2.13.0") from None
    # Broad catches: whatever a damaged file makes these libraries raise
    # (RuntimeError from C++, ValueError, OSError, ...), the package is bad.
    try:
        metadata = json.loads((root / "metadata.json").read_text(encoding="utf-8"))
        _argos().Package(root)
    except Exception as error:
        raise PackageError(display, None, "the package does not load: "
                           f"{_first_line(error, root.parent)}", hint) from None
    try:
        tokens = _check_tokenizer(root, metadata)
    except Exception as error:
        raise PackageError(display, None, "the tokenizer does not load: "
                           f"{_first_line(error, root.parent)}", hint) from None
    try:
        translator = ctranslate2.Translator(str(root / "model"), device="cpu",
                                            inter_threads=1, intra_threads=1)
    except Exception as error:
        raise PackageError(display, None, "the model does not load: "
                           f"{_first_line(error, root.parent)}", hint) from None
    prefix = metadata.get("target_prefix") or ""
    try:
        translator.translate_batch([tokens or ["."]], beam_size=1, max_decoding_length=8,
                                   target_prefix=[[prefix]] if prefix else None)
    except Exception as error:
        raise PackageError(display, None, "the model does not translate: "
                           f"{_first_line(error, root.parent)}", hint) from None
    finally:
        # Free the model before the folder moves.
        del translator


def install_file(path: str | Path, *, max_unpacked: int | None = None) -> ModelPackage:
    """Install an ``.argosmodel`` file, replacing an installed package of the
    same name.

    Nothing is installed unless the whole package checks out: every member
    is checked before anything is extracted (paths, sizes against zip bombs,
    the free disk space), then it is unpacked into a staging folder inside
    the packages folder, counting the bytes each member really yields, and
    its model and tokenizer are loaded there with CTranslate2 and
    sentencepiece; only then is it moved in place.  On any error the
    staging folder is removed and the packages folder is as it was.

    Args:
        path: The package file.
        max_unpacked: The most it may unpack to, in bytes (default:
            :data:`MAX_UNPACKED_BYTES`).

    Raises:
        PackageError: Not a zip file, a damaged archive or stream, no
            metadata.json, a member path that would leave the packages
            folder, a zip bomb, not enough disk space, a missing model or
            one that does not load.
    """
    path = Path(path)
    display = str(path)
    limit = MAX_UNPACKED_BYTES if max_unpacked is None else max_unpacked
    if not path.is_file():
        raise PackageError(display, None, "no such file", "check the path")
    if not zipfile.is_zipfile(path):
        raise PackageError(display, None, "not an argos package (not a zip archive)",
                           "download it again")
    package = _argos()
    destination = Path(package.settings.package_data_dir)
    try:
        with zipfile.ZipFile(path) as archive:
            top, metadata = _check_archive(archive, display, limit)
            _check_room(destination, sum(info.file_size for info in archive.infolist()),
                        display)
            destination.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=destination))
            try:
                _extract(archive, staging, display, limit)
                _check_model(staging / top, display)
                final = destination / top
                old = None
                if final.exists():
                    old = destination / f".replaced-{top}-{os.getpid()}"
                    final.rename(old)
                try:
                    (staging / top).rename(final)
                except OSError:
                    if old is not None:  # put the installed package back
                        old.rename(final)
                    raise
                if old is not None:
                    shutil.rmtree(old, ignore_errors=True)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
    except _DAMAGED as error:
        raise PackageError(display, None, f"not a valid argos package: {error}",
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
                    done += len(block)
                    # A server that never stops would fill the disk: no
                    # package is larger packed than it may be unpacked.
                    if max(done, total) > MAX_UNPACKED_BYTES:
                        raise OSError(f"larger than the {_size(MAX_UNPACKED_BYTES)} a package "
                                      "may hold")
                    out.write(block)
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
    enforce_terms = True
    #: What ``[tool.translate.engine_options.argos]`` may set.
    OPTIONS: dict[str, Any] = {"beam_size": int, "threads": int, "workers": int,
                               "batch_tokens": int, "options": dict[str, Any]}

    def __init__(self, beam_size: int = 4, threads: int = 0, workers: int = 0,
                 batch_tokens: int = 2048, options: Mapping[str, Any] | None = None) -> None:
        self.beam_size = beam_size
        self.threads = threads
        self.workers = workers
        self.batch_tokens = batch_tokens
        self.options = dict(options or {})
        self._models: dict[str, _Model] = {}

    def models(self, refresh: bool = False) -> list[ModelRow]:
        """The installed packages, then those of the package index that are
        not installed.

        Args:
            refresh: Download the index first (needs a network).

        Raises:
            EngineError: argostranslate is not installed, or ``refresh``
                and the index cannot be reached.
        """
        installed = installed_packages()
        have = {(p.source, p.target, p.version) for p in installed}
        rows = [ModelRow(self.name, p.source, p.target, p.version, "installed")
                for p in installed]
        rows += [ModelRow(self.name, p.source, p.target, p.version, "available")
                 for p in available_packages(refresh)
                 if (p.source, p.target, p.version) not in have]
        return rows

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
