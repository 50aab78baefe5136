"""Hostile uploads: oversized, zip bombs, random bytes, fake workbooks, traversal names."""

from __future__ import annotations

import io
import os
import struct
import zipfile
from pathlib import Path

import polars as pl
import pytest

from pipelines.portal import uploads
from pipelines.portal.templates import write_template
from pipelines.portal.uploads import RejectedUpload, check_upload, safe_upload_copy

from .conftest import TOTTORI

MIB = 2**20


class EndlessStream(io.RawIOBase):
    """A never-ending upload that counts how much of it was read."""

    def __init__(self) -> None:
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        size = uploads.CHUNK if size < 0 else size
        self.consumed += size
        return b"a" * size


def _xlsx_package(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("xl/workbook.xml", "<workbook/>")
        for name, data in parts.items():
            package.writestr(name, data)
    return path


def _rejected(source, rule: str, **kwargs) -> RejectedUpload:
    with pytest.raises(RejectedUpload) as caught:
        if isinstance(source, Path):
            check_upload(source, **kwargs)
        else:
            safe_upload_copy(source, "upload.xlsx", **kwargs)
    assert caught.value.rule == rule and caught.value.message_ja and caught.value.message_en
    return caught.value


def test_oversized_upload_is_refused_before_it_is_fully_read(monkeypatch):
    monkeypatch.setenv("KYOSO_MAX_UPLOAD_MB", "2")
    stream = EndlessStream()
    error = _rejected(stream, "upload.too_large")
    assert "2 MB" in error.message_ja
    assert stream.consumed <= 2 * MIB + uploads.CHUNK
    _rejected(b"x" * 101, "upload.too_large", max_bytes=100)


def test_default_limit_is_50_megabytes(monkeypatch):
    monkeypatch.delenv("KYOSO_MAX_UPLOAD_MB", raising=False)
    assert uploads.max_upload_bytes() == 50 * MIB


def test_zip_bomb_by_compression_ratio(tmp_path):
    _rejected(_xlsx_package(tmp_path / "bomb.xlsx", {"xl/worksheets/sheet1.xml": bytes(20 * MIB)}), "upload.zip_bomb")


def test_zip_bomb_by_part_count(tmp_path):
    parts = {f"xl/media/image{i}.png": b"x" for i in range(uploads.MAX_XLSX_PARTS)}
    _rejected(_xlsx_package(tmp_path / "parts.xlsx", parts), "upload.zip_bomb")


def test_zip_bomb_by_total_uncompressed_size(tmp_path, monkeypatch):
    monkeypatch.setenv("KYOSO_MAX_XLSX_UNCOMPRESSED_MB", "1")
    _rejected(_xlsx_package(tmp_path / "big.xlsx", {"xl/sharedStrings.xml": os.urandom(2 * MIB)}), "upload.zip_bomb")


def test_zip_with_lying_sizes_is_refused(tmp_path):
    """A part whose headers claim 100 bytes but which inflates to 5 MiB fails its CRC check."""
    path = _xlsx_package(tmp_path / "liar.xlsx", {"xl/worksheets/sheet1.xml": bytes(5 * MIB)})
    data = bytearray(path.read_bytes())
    for signature, size_offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = data.rfind(signature)  # the last entry is the sheet, in both the local and central headers
        data[start + size_offset : start + size_offset + 4] = struct.pack("<I", 100)
    path.write_bytes(bytes(data))
    _rejected(path, "upload.not_xlsx")


@pytest.mark.parametrize(
    ("content", "rule"),
    [
        (os.urandom(64 * 1024), "upload.unknown_type"),
        (b"PK\x03\x04" + os.urandom(4096), "upload.not_xlsx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "upload.legacy_excel"),
        (b"", "upload.empty"),
        ("団体コード,年度\n".encode("utf-16"), "upload.unknown_type"),
    ],
    ids=["random", "broken-zip", "xls", "empty", "utf16"],
)
def test_content_that_is_no_accepted_type_is_refused(content, rule):
    _rejected(content, rule)


def test_zip_that_is_not_a_workbook_is_refused(tmp_path):
    with zipfile.ZipFile(tmp_path / "doc.xlsx", "w") as package:
        package.writestr("word/document.xml", "<document/>")
    _rejected(tmp_path / "doc.xlsx", "upload.not_xlsx")


def test_type_comes_from_content_not_name(tmp_path):
    write_template("platform_status", TOTTORI, tmp_path / "t.xlsx")
    pl.DataFrame({"a": [1]}).write_parquet(tmp_path / "p.parquet")
    cases = [
        ((tmp_path / "t.xlsx").read_bytes(), "report.csv", "xlsx"),
        ((tmp_path / "p.parquet").read_bytes(), "report.xlsx", "parquet"),
        ("団体コード,年度\n311006,令和7年度\n".encode("cp932"), "report.xlsx", "csv"),
        ("\ufeff団体コード,年度\n".encode(), "report", "csv"),
    ]
    for content, name, kind in cases:
        received = safe_upload_copy(content, name)
        assert (received.kind, received.path.name, received.path.read_bytes()) == (kind, f"upload.{kind}", content)
        received.discard()


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../../x.csv", "x.csv"),
        ("..\\..\\windows\\evil.csv", "evil.csv"),
        ("/etc/passwd", "passwd"),
        ("..", "upload"),
        ("報告\x00\n.csv", "報告.csv"),
        ("", "upload"),
    ],
)
def test_traversal_names_never_become_paths(tmp_path, monkeypatch, name, shown):
    workdir = tmp_path / "a" / "b"
    workdir.mkdir(parents=True)
    monkeypatch.chdir(workdir)
    received = safe_upload_copy(io.BytesIO(b"a,b\n1,2\n"), name)
    assert received.display_name == shown
    assert received.path.name == "upload.csv" and received.path.parent.name.startswith("kyoso-upload-")
    assert received.path.parent.stat().st_mode & 0o077 == 0
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a", "b"]
    received.discard()
    assert not received.path.parent.exists()
