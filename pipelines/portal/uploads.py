"""Hostile-input guards for uploaded files, applied before intake reads a single cell.

- size: the limit (`KYOSO_MAX_UPLOAD_MB`, default 50; `kyoso submit`: `KYOSO_MAX_CLI_UPLOAD_MB`, default
  2,048) is enforced while copying, so an oversized upload is never read past the limit;
- type by content, never by name: a zip must be a real .xlsx package, Parquet by its magic bytes, anything
  else must be text without NUL bytes (intake then decides UTF-8 or CP932, naming any undecodable byte);
- .xlsx zip-bomb guard: part count, total uncompressed size (`KYOSO_MAX_XLSX_UNCOMPRESSED_MB`, default 200)
  and compression ratio from the central directory, then every part is decompressed with a running cap
  (and CRC check) so lying headers fail too;
- the uploaded name is never a path: the copy gets a generated name in a private temporary folder.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from pipelines.submissions.text import display_name

CHUNK = 1 << 20
MAX_XLSX_PARTS = 2_000
MAX_XLSX_RATIO = 200  # uncompressed / compressed, for parts over 1 MiB
_XLSX_COMPRESSIONS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


class RejectedUpload(Exception):
    """An upload refused before validation; both messages are safe to show to the uploader."""

    def __init__(self, rule: str, message_ja: str, message_en: str) -> None:
        super().__init__(f"{message_ja} / {message_en}")
        self.rule, self.message_ja, self.message_en = rule, message_ja, message_en

    def __reduce__(self):  # crosses from the upload worker process to the server
        return RejectedUpload, (self.rule, self.message_ja, self.message_en)


@dataclass(frozen=True)
class ReceivedUpload:
    path: Path  # generated name in a private folder; the extension comes from the content
    display_name: str  # the uploader's file name, sanitized; data only, never a path
    kind: str  # xlsx / csv / parquet
    size: int

    def discard(self) -> None:
        shutil.rmtree(self.path.parent, ignore_errors=True)


def max_upload_bytes() -> int:
    return int(float(os.environ.get("KYOSO_MAX_UPLOAD_MB", "50")) * 2**20)


def max_cli_upload_bytes() -> int:
    """`kyoso submit` may take national survey files: `KYOSO_MAX_CLI_UPLOAD_MB`, default 2,048."""
    return int(float(os.environ.get("KYOSO_MAX_CLI_UPLOAD_MB", "2048")) * 2**20)


def max_xlsx_uncompressed_bytes() -> int:
    """Cap on a workbook's expanded size; large surveys belong in CSV or Parquet."""
    return int(float(os.environ.get("KYOSO_MAX_XLSX_UNCOMPRESSED_MB", "200")) * 2**20)


def too_large(limit: int) -> RejectedUpload:
    megabytes = limit / 2**20
    return RejectedUpload(
        "upload.too_large",
        f"ファイルが大きすぎます（上限 {megabytes:g} MB）。分割して提出してください。",
        f"The file is too large (limit {megabytes:g} MB). Please split it.",
    )


def check_upload(source: Path | bytes, max_bytes: int | None = None) -> str:
    """The content kind (xlsx, csv or parquet) of an upload, or RejectedUpload."""
    limit = max_bytes if max_bytes is not None else max_upload_bytes()
    size = len(source) if isinstance(source, bytes) else Path(source).stat().st_size
    if size > limit:
        raise too_large(limit)
    if size == 0:
        raise RejectedUpload("upload.empty", "ファイルが空です。", "The file is empty.")
    with io.BytesIO(source) if isinstance(source, bytes) else open(source, "rb") as handle:
        head = handle.read(8)
        if head.startswith(b"PK"):
            _check_xlsx(handle)
            return "xlsx"
        if head.startswith(b"PAR1") and size >= 8:
            handle.seek(-4, os.SEEK_END)
            if handle.read(4) == b"PAR1":
                return "parquet"
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            raise RejectedUpload(
                "upload.legacy_excel",
                "旧形式の .xls またはパスワード付きのExcelファイルは受け付けられません。"
                "パスワードを外し .xlsx で保存してください。",
                "Legacy .xls or password-protected Excel files are not accepted. Remove the password, save as .xlsx.",
            )
        handle.seek(0)
        while chunk := handle.read(CHUNK):  # streamed: `kyoso submit` takes files of gigabytes
            if b"\x00" in chunk:
                raise _unknown_type()
        # Text without NUL bytes is a CSV; intake decides UTF-8 or CP932 and points at an undecodable byte.
        return "csv"


def _unknown_type() -> RejectedUpload:
    return RejectedUpload(
        "upload.unknown_type",
        "ファイルの形式を判別できません。Excel（.xlsx）、CSV（UTF-8 または Shift_JIS）、Parquet で提出してください。",
        "Unrecognized file type. Upload Excel (.xlsx), CSV (UTF-8 or Shift_JIS) or Parquet.",
    )


def _not_xlsx(reason: str) -> RejectedUpload:
    return RejectedUpload(
        "upload.not_xlsx",
        f"Excel（.xlsx）ファイルとして読み取れません（{reason}）。Excelで保存し直してください。",
        f"The file is not a readable Excel (.xlsx) workbook ({reason}). Please save it again from Excel.",
    )


def _check_xlsx(handle: BinaryIO) -> None:
    handle.seek(0)
    try:
        with zipfile.ZipFile(handle) as package:
            parts = package.infolist()
            names = {part.filename for part in parts}
            if not {"[Content_Types].xml", "xl/workbook.xml"} <= names:
                raise _not_xlsx("workbook parts missing")
            if any(part.compress_type not in _XLSX_COMPRESSIONS or part.flag_bits & 0x1 for part in parts):
                raise _not_xlsx("unsupported compression or encryption")
            declared, cap = sum(part.file_size for part in parts), max_xlsx_uncompressed_bytes()
            too_compressed = any(
                part.file_size > 2**20 and part.file_size > MAX_XLSX_RATIO * max(part.compress_size, 1)
                for part in parts
            )
            if len(parts) > MAX_XLSX_PARTS or declared > cap or too_compressed:
                raise _zip_bomb()
            total = 0
            for part in parts:
                with package.open(part) as member:
                    while chunk := member.read(CHUNK):
                        total += len(chunk)
                        if total > cap:
                            raise _zip_bomb()
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as error:
        raise _not_xlsx(type(error).__name__) from None


def _zip_bomb() -> RejectedUpload:
    return RejectedUpload(
        "upload.zip_bomb",
        "Excelファイルの展開後のサイズまたは部品数が上限を超えています。",
        "The Excel file expands beyond the allowed size or number of parts.",
    )


def _copy_limited(stream: BinaryIO, target: Path, limit: int) -> int:
    copied = 0
    with open(target, "xb") as out:
        while chunk := stream.read(CHUNK):
            copied += len(chunk)
            if copied > limit:
                raise too_large(limit)
            out.write(chunk)
    return copied


def safe_upload_copy(
    source: BinaryIO | bytes | Path, original_name: str, max_bytes: int | None = None
) -> ReceivedUpload:
    """Copy an upload into a fresh private folder (mode 0700) under a generated name, checked as above."""
    limit = max_bytes if max_bytes is not None else max_upload_bytes()
    folder = Path(tempfile.mkdtemp(prefix="kyoso-upload-"))
    target = folder / "upload"
    try:
        if isinstance(source, bytes):
            size = _copy_limited(io.BytesIO(source), target, limit)
        elif isinstance(source, (str, Path)):
            with open(source, "rb") as stream:
                size = _copy_limited(stream, target, limit)
        else:
            size = _copy_limited(source, target, limit)
        kind = check_upload(target, limit)
        final = target.rename(folder / f"upload.{kind}")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return ReceivedUpload(final, display_name(original_name), kind, size)
