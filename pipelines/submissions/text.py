"""The two texts a submitter gives besides the file, cleaned before they reach the register."""

from __future__ import annotations

import unicodedata

MAX_NOTE_CHARS = 2_000


def display_name(original_name: str | None) -> str:
    """The last path component, NFKC, without control characters or separators; at most 120 characters."""
    text = unicodedata.normalize("NFKC", original_name or "")
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C").strip(" .")
    return text[-120:] or "upload"


def clean_note(note: str | None) -> str | None:
    """Plain text: no control or bidi-override characters (line breaks and tabs stay); None when blank."""
    if note is None:
        return None
    text = unicodedata.normalize("NFC", note).replace("\r\n", "\n")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C").strip()
    if len(text) > MAX_NOTE_CHARS:
        raise ValueError(
            f"備考は {MAX_NOTE_CHARS:,} 文字以内で入力してください（{len(text):,} 文字） / "
            f"the note must be at most {MAX_NOTE_CHARS:,} characters ({len(text):,})"
        )
    return text or None
