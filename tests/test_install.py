"""Installing argos packages safely (issue 10, item 5): hostile and damaged
archives are refused with one ``Error:`` line and leave the packages folder
exactly as it was; a valid package still installs.

The archives are real zip files built here from the small real package of
tests/data/argos/ (a zip bomb of zeros, damaged deflate streams, a garbage
model), and the model check runs the real CTranslate2 and sentencepiece.
conftest.py points argostranslate at a throw-away folder.
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import struct
import threading
import zipfile
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.cli import app
from translate.errors import PackageError

DATA = Path(__file__).parent / "data" / "argos"
EN_EO = DATA / "translate-en_eo-1_0.argosmodel"
TOP = "translate-en_eo-1_0"
MODEL = f"{TOP}/model/model.bin"


def packages_folder() -> Path:
    from translate.engines.argos import _argos

    return Path(_argos().settings.package_data_dir)


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Every file (with its bytes) and folder under ``root``: hidden staging
    folders left behind show up too."""
    if not root.exists():
        return {}
    return {p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else None)
            for p in sorted(root.rglob("*"))}


@pytest.fixture
def installed() -> dict[str, bytes | None]:
    """The valid package installed; the packages folder as it then is."""
    from translate.engines.argos import install_file

    install_file(EN_EO)
    return snapshot(packages_folder())


def members() -> dict[str, bytes]:
    with zipfile.ZipFile(EN_EO) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def repack(path: Path, changes: dict[str, bytes | None] | None = None,
           compression: int = zipfile.ZIP_DEFLATED) -> Path:
    """The valid package written again, with members replaced, added or
    (``None``) removed."""
    content = {**members(), **(changes or {})}
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in content.items():
            if data is not None:
                archive.writestr(name, data)
    return path


def central_entry(data: bytes, name: str) -> int:
    """The offset of ``name``'s record in the central directory."""
    start = data.index(b"PK\x05\x06")
    offset = struct.unpack("<I", data[start + 16:start + 20])[0]
    while data[offset:offset + 4] == b"PK\x01\x02":
        length, extra, comment = struct.unpack("<HHH", data[offset + 28:offset + 34])
        if data[offset + 46:offset + 46 + length].decode() == name:
            return offset
        offset += 46 + length + extra + comment
    raise AssertionError(f"{name} not in the archive")


def patch(path: Path, name: str, **fields: int) -> Path:
    """Rewrite header fields of one member, in the central directory (what
    zipfile trusts) and in the member's local header."""
    data = bytearray(path.read_bytes())
    central = central_entry(bytes(data), name)
    local = struct.unpack("<I", data[central + 42:central + 46])[0]
    places = {"flags": (8, 6, "<H"), "method": (10, 8, "<H"), "crc": (16, 14, "<I"),
              "compressed": (20, 18, "<I"), "size": (24, 22, "<I")}
    for field, value in fields.items():
        in_central, in_local, form = places[field]
        width = struct.calcsize(form)
        data[central + in_central:central + in_central + width] = struct.pack(form, value)
        data[local + in_local:local + in_local + width] = struct.pack(form, value)
    path.write_bytes(bytes(data))
    return path


def stream_start(path: Path, name: str) -> int:
    """Where a member's compressed bytes start in the file."""
    data = path.read_bytes()
    with zipfile.ZipFile(path) as archive:
        offset = archive.getinfo(name).header_offset
    length, extra = struct.unpack("<HH", data[offset + 26:offset + 30])
    return offset + 30 + length + extra


def install(path: Path):
    return CliRunner().invoke(app, ["models", "install", "--file", str(path)])


def assert_refused(path: Path, before: dict, *fragments: str) -> str:
    """One ``Error:`` line naming the file, exit 1, and nothing changed."""
    result = install(path)
    assert result.exit_code == 1, result.output
    assert result.output.startswith(f"Error: {path}: "), result.output
    assert result.output.count("\n") == 1 and " -- " in result.output, result.output
    assert "internal error" not in result.output
    for fragment in fragments:
        assert fragment in result.output, result.output
    assert snapshot(packages_folder()) == before
    return result.output


# ---------------------------------------------------------------------------
# What installs


def test_the_valid_package_installs_exactly_and_twice_the_same(tmp_path: Path) -> None:
    from translate.engines.argos import ArgosEngine

    result = install(EN_EO)
    assert result.exit_code == 0, result.output
    folder = packages_folder() / TOP
    assert result.output == f"installed argos en->eo 1.0 ({folder})\n"
    assert {p.relative_to(folder.parent).as_posix(): p.read_bytes()
            for p in folder.rglob("*") if p.is_file()} == members()
    first = snapshot(packages_folder())
    assert install(EN_EO).exit_code == 0
    assert snapshot(packages_folder()) == first
    assert ArgosEngine().translate(["The police."], "en", "eo")[0][0] != "The police."


def test_a_repacked_valid_package_installs(installed, tmp_path: Path) -> None:
    """Stored instead of deflated, under another name: a package is judged
    by what it holds, not by how it was zipped."""
    from translate.engines.argos import install_file, installed_packages

    content = {name.replace(TOP, "translate-en_eo-1_1", 1): data
               for name, data in members().items()}
    content["translate-en_eo-1_1/metadata.json"] = json.dumps(
        {**json.loads(content["translate-en_eo-1_1/metadata.json"]),
         "package_version": "1.1"}).encode()
    path = tmp_path / "repacked.argosmodel"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for name, data in content.items():
            archive.writestr(name, data)
    try:
        item = install_file(path)
        assert (item.source, item.target, item.version) == ("en", "eo", "1.1")
        assert ("en", "eo", "1.1") in {(p.source, p.target, p.version)
                                       for p in installed_packages()}
    finally:
        shutil.rmtree(packages_folder() / "translate-en_eo-1_1", ignore_errors=True)


# ---------------------------------------------------------------------------
# Zip bombs and disk space


def test_a_zip_bomb_of_zeros_is_refused(installed, tmp_path: Path) -> None:
    """A package that is mostly one member of zeros: 64 MiB from 64 KiB."""
    path = repack(tmp_path / "bomb.argosmodel", {f"{TOP}/padding.bin": bytes(64 << 20)})
    assert path.stat().st_size < 2 << 20
    assert_refused(path, installed, "not a valid argos package",
                   f"'{TOP}/padding.bin' would unpack to 64.0 MiB", "times its size")


def test_a_package_that_is_all_zeros_is_refused(installed, tmp_path: Path) -> None:
    path = repack(tmp_path / "zeros.argosmodel", {MODEL: bytes(128 << 20)})
    assert_refused(path, installed, "not a valid argos package: it would unpack to",
                   "times its size")


def test_a_package_declaring_more_than_the_limit_is_refused_before_extracting(
        installed, tmp_path: Path) -> None:
    """Two members that declare almost 4 GiB each: refused on the sizes
    alone, before a byte is extracted or the disk space is even looked at."""
    path = repack(tmp_path / "huge.argosmodel",
                  {f"{TOP}/a.bin": b"a", f"{TOP}/b.bin": b"b"}, zipfile.ZIP_STORED)
    for name in (f"{TOP}/a.bin", f"{TOP}/b.bin"):
        patch(path, name, size=0xFFFFFFF0)
    assert_refused(path, installed, "would unpack to 8.0 GiB, more than the 4.0 GiB")


def test_the_size_limit_can_be_lowered(installed, tmp_path: Path) -> None:
    from translate.engines.argos import install_file

    with pytest.raises(PackageError) as raised:
        install_file(EN_EO, max_unpacked=1 << 20)
    assert raised.value.path == str(EN_EO) and raised.value.line is None
    assert "would unpack to 1.5 MiB, more than the 1.0 MiB" in raised.value.reason
    assert snapshot(packages_folder()) == installed


def test_no_room_on_the_disk_is_refused(installed, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk cannot be filled in a test: the free space reported is
    made small, the rest is real."""
    real = shutil.disk_usage

    def almost_full(path):
        total, used, _free = real(path)
        return type(real(path))(total, used, 10 << 20)

    monkeypatch.setattr(shutil, "disk_usage", almost_full)
    path = repack(tmp_path / "fine.argosmodel")
    assert_refused(path, installed, "not enough disk space", "10.0 MiB free",
                   "free some space")


# ---------------------------------------------------------------------------
# Damaged archives


def test_a_damaged_deflate_stream_is_not_a_valid_package(installed, tmp_path: Path) -> None:
    """The stream of model.bin starts with an invalid deflate block type
    (zlib.error), where it used to end as an internal error."""
    path = repack(tmp_path / "damaged.argosmodel")
    data = bytearray(path.read_bytes())
    data[stream_start(path, MODEL)] = 0x07  # final block, type 3: does not exist
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as archive, pytest.raises(zlib.error):
        archive.read(MODEL)
    assert_refused(path, installed, "not a valid argos package: ", "download it again")


def test_a_truncated_stream_is_not_a_valid_package(installed, tmp_path: Path) -> None:
    path = repack(tmp_path / "truncated.argosmodel")
    with zipfile.ZipFile(path) as archive:
        size = archive.getinfo(MODEL).compress_size
    patch(path, MODEL, compressed=size // 2)
    assert_refused(path, installed, "not a valid argos package: ", "download it again")


def test_a_wrong_checksum_is_not_a_valid_package(installed, tmp_path: Path) -> None:
    path = repack(tmp_path / "crc.argosmodel", compression=zipfile.ZIP_STORED)
    data = bytearray(path.read_bytes())
    data[stream_start(path, MODEL) + 5000] ^= 0xFF
    path.write_bytes(bytes(data))
    assert_refused(path, installed, f"not a valid argos package: '{MODEL}' is damaged (Bad CRC-32")


def test_an_unknown_compression_method_is_not_a_valid_package(installed,
                                                               tmp_path: Path) -> None:
    path = patch(repack(tmp_path / "method.argosmodel"), MODEL, method=99)
    assert_refused(path, installed, "not a valid argos package: ", "compression method 99")


def test_an_encrypted_member_is_not_a_valid_package(installed, tmp_path: Path) -> None:
    path = repack(tmp_path / "encrypted.argosmodel")
    with zipfile.ZipFile(path) as archive:
        flags = archive.getinfo(MODEL).flag_bits
    patch(path, MODEL, flags=flags | 0x1)
    assert_refused(path, installed, "not a valid argos package: ", "encrypted")


def test_a_member_that_holds_more_than_it_declares_is_not_installed(installed,
                                                                    tmp_path: Path) -> None:
    """model.bin declares half its size, with the checksum of that half:
    the extra bytes are never written, and the half model does not load."""
    whole = members()[MODEL]
    path = repack(tmp_path / "more.argosmodel")
    patch(path, MODEL, size=len(whole) // 2, crc=zlib.crc32(whole[:len(whole) // 2]))
    assert_refused(path, installed, "does not load")


# ---------------------------------------------------------------------------
# A package that unpacks but whose model does not load


GARBAGE = bytes(range(256)) * 64


@pytest.mark.parametrize("changes, fragment", [
    ({MODEL: GARBAGE}, "the model does not load"),
    ({f"{TOP}/model/config.json": b"{not json"}, "the model does not load"),
    ({f"{TOP}/model/shared_vocabulary.json": b"[]"}, "the model does not "),
    ({f"{TOP}/sentencepiece.model": GARBAGE}, "the tokenizer does not load"),
    ({f"{TOP}/sentencepiece.model": None, f"{TOP}/bpe.model": b"one two three\n"},
     "the tokenizer does not load"),
], ids=["model.bin", "config.json", "vocabulary", "sentencepiece", "bpe"])
def test_a_package_whose_model_does_not_load_is_not_installed(
        installed, tmp_path: Path, capfd: pytest.CaptureFixture[str], changes: dict,
        fragment: str) -> None:
    """The package replaces the valid installed one of the same name: the
    valid one must survive, and still translate."""
    from translate.engines.argos import ArgosEngine

    path = repack(tmp_path / "garbage.argosmodel", changes)
    capfd.readouterr()
    assert_refused(path, installed, fragment, "download it again")
    assert capfd.readouterr().err == ""  # the library never prints (argos's BPE would)
    assert ArgosEngine().translate(["The police."], "en", "eo")[0][0] != "The police."


def test_a_valid_bpe_tokenizer_is_accepted(tmp_path: Path) -> None:
    """A well-formed bpe.model passes the tokenizer check (the model check
    is the same as for a sentencepiece package)."""
    from translate.engines.argos import _check_tokenizer

    folder = tmp_path / "pkg"
    folder.mkdir()
    (folder / "bpe.model").write_text("#version: 0.2\nt h\nth e\n", encoding="utf-8")
    tokens = _check_tokenizer(folder, {"from_code": "en", "to_code": "eo"})
    assert tokens and all(isinstance(token, str) for token in tokens)


# ---------------------------------------------------------------------------
# Downloading


def test_a_download_larger_than_any_package_is_cut_off(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A real HTTP server on this machine serves a file larger than the
    limit: the download stops, leaves no file, and nothing is installed."""
    from translate.engines import argos
    from translate.errors import EngineError

    served = tmp_path / "served"
    served.mkdir()
    (served / "big.argosmodel").write_bytes(bytes(3 << 20))

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(served)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setattr(argos, "MAX_UNPACKED_BYTES", 1 << 20)
    item = argos.ModelPackage("en", "xx", "1.0", False, links=(
        f"http://127.0.0.1:{server.server_address[1]}/big.argosmodel",))
    downloads = Path(argos._argos().settings.downloads_dir)
    try:
        with pytest.raises(EngineError) as raised:
            argos._download(item, None)
    finally:
        server.shutdown()
        server.server_close()
    assert "larger than the 1.0 MiB a package may hold" in str(raised.value)
    assert not any(downloads.glob("translate-en_xx*"))
