"""CSV encoding detection: strict UTF-8, else strict CP932, else a clear error; streamed in chunks."""

from pathlib import Path

import pytest

from pipelines.intake import encoding
from pipelines.intake.encoding import utf8_csv
from pipelines.intake.issues import ReadError

TEXT = "団体コード,市区町村名\r\n162019,富山市\r\n162027,高岡市\r\n"


def test_utf8_is_used_as_is(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(TEXT.encode("utf-8"))
    assert utf8_csv(path, tmp_path) == (path, "utf-8")


def test_utf8_with_bom_is_utf8(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(TEXT.encode("utf-8-sig"))
    assert utf8_csv(path, tmp_path)[1] == "utf-8"


def test_cp932_is_transcoded(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes((TEXT + "①,髙島屋\r\n").encode("cp932"))  # CP932-only characters (not in plain Shift_JIS)
    converted, name = utf8_csv(path, tmp_path / ".")
    assert name == "cp932"
    assert converted != path
    assert converted.read_bytes().decode("utf-8") == TEXT + "①,髙島屋\r\n"


def test_cp932_character_split_across_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(encoding, "CHUNK_BYTES", 3)  # every 2-byte character straddles some chunk boundary
    path = tmp_path / "a.csv"
    path.write_bytes(TEXT.encode("cp932"))
    converted, name = utf8_csv(path, tmp_path)
    assert name == "cp932"
    assert converted.read_bytes().decode("utf-8") == TEXT


def test_neither_encoding_names_line_and_offset(tmp_path: Path) -> None:
    good = "団体コード,名前\n162019,富山市\n".encode()
    path = tmp_path / "a.csv"
    path.write_bytes(good + b"162027,\xff\xfe\n")  # 0xFF is invalid in UTF-8 and in CP932
    with pytest.raises(ReadError) as raised:
        utf8_csv(path, tmp_path)
    error = raised.value
    assert error.rule == "file.encoding"
    assert f"{len(good) + 7}バイト目" in error.message_ja
    assert "3行目" in error.message_ja
    assert "UTF-8" in error.message_ja  # the file decodes furthest as UTF-8, so that is named


def test_utf16_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(TEXT.encode("utf-16"))
    with pytest.raises(ReadError) as raised:
        utf8_csv(path, tmp_path)
    assert raised.value.rule == "file.encoding"


def test_binary_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"abc\x00def")
    with pytest.raises(ReadError) as raised:
        utf8_csv(path, tmp_path)
    assert raised.value.rule == "file.format"
