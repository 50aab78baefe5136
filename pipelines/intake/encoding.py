"""CSV character encoding: UTF-8 (with or without BOM) or CP932, decided strictly, never guessed.

Both checks stream the file in chunks, so a large CP932 file is transcoded to a UTF-8 temp file
without ever holding the whole text in memory.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from pipelines.intake.issues import ReadError

CHUNK_BYTES = 1 << 20


@dataclass(frozen=True)
class DecodeFailure:
    encoding: str
    offset: int  # byte offset of the first byte that does not decode
    line: int  # 1-based line of that byte


def _stream(path: Path, encoding: str, sink: BinaryIO | None) -> DecodeFailure | None:
    """Decode `path` strictly with `encoding`, writing UTF-8 to `sink` if given; the first failure or None."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    offset = 0
    lines_before = 0
    with open(path, "rb") as handle:
        while True:
            chunk = handle.read(CHUNK_BYTES)
            pending = decoder.getstate()[0]
            try:
                text = decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as error:
                bad = offset - len(pending) + error.start
                head = (pending + chunk)[: error.start]
                return DecodeFailure(encoding, bad, lines_before - pending.count(b"\n") + head.count(b"\n") + 1)
            if sink is not None:
                sink.write(text.encode("utf-8"))
            if not chunk:
                return None
            offset += len(chunk)
            lines_before += chunk.count(b"\n")


def _check_binary(path: Path) -> None:
    with open(path, "rb") as handle:
        head = handle.read(2)
        if head in (b"\xff\xfe", b"\xfe\xff"):
            raise ReadError(
                "file.encoding",
                "UTF-16 の CSV は読み込めません。"
                "「CSV UTF-8（コンマ区切り）」または Shift_JIS の CSV で保存してください。",
                "UTF-16 CSV files are not supported. Save as 'CSV UTF-8 (comma delimited)' or Shift_JIS CSV.",
            )
        handle.seek(0)
        while chunk := handle.read(CHUNK_BYTES):
            if b"\x00" in chunk:
                raise ReadError(
                    "file.format",
                    "ファイルの形式を認識できません（.xlsx、CSV、Parquet のいずれでもありません）。"
                    "ファイルが壊れていないか、正しいファイルかをご確認ください。",
                    "The file format is not recognized (not .xlsx, CSV or Parquet). "
                    "Please check that the file is the right one and not damaged.",
                )


def utf8_csv(path: Path, workdir: Path) -> tuple[Path, str]:
    """A UTF-8 version of the CSV at `path` (the file itself, or a transcoded copy in `workdir`) and its encoding."""
    _check_binary(path)
    utf8_failure = _stream(path, "utf-8", None)
    if utf8_failure is None:
        return path, "utf-8"
    target = workdir / "transcoded.csv"
    with open(target, "wb") as sink:
        cp932_failure = _stream(path, "cp932", sink)
    if cp932_failure is None:
        return target, "cp932"
    # The encoding that decodes further is the one the file was meant to be in; point at its bad byte.
    failure = max(utf8_failure, cp932_failure, key=lambda f: f.offset)
    name = "UTF-8" if failure.encoding == "utf-8" else "Shift_JIS（CP932）"
    raise ReadError(
        "file.encoding",
        f"文字コードを判別できません。UTF-8 としても Shift_JIS（CP932）としても読めない文字があります"
        f"（{failure.line}行目、先頭から{failure.offset}バイト目。{name} で保存されたファイルと思われます）。"
        "UTF-8 または Shift_JIS の CSV として保存し直してください。",
        f"The character encoding cannot be determined: the file is neither valid UTF-8 nor valid Shift_JIS "
        f"(CP932). First undecodable byte at offset {failure.offset} (line {failure.line}; the file looks like "
        f"{'UTF-8' if failure.encoding == 'utf-8' else 'CP932'}). Please save it again as UTF-8 or Shift_JIS CSV.",
        value=f"line {failure.line}, byte {failure.offset}",
    )
