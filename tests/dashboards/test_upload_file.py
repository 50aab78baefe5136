"""The upload page's chunked file chooser, server side: the messages its script sends, answered as they arrive."""

from __future__ import annotations

import base64

import pytest

from dashboards.pages.upload_file import ChunkedFileInput

NAME = "鳥取県 修正 [確認].csv"


@pytest.fixture
def chooser():
    """A chooser that records what it answers the browser."""
    widget = ChunkedFileInput(max_bytes=10_000)
    widget.answers = []
    widget._send_msg = widget.answers.append
    return widget


def _begin(widget, upload: int, size: int, name: str = NAME) -> None:
    widget._handle_msg({"upload": upload, "seq": 0, "begin": {"name": name, "size": size}})


def _chunk(widget, upload: int, offset: int, data: bytes, seq: int = 1) -> None:
    widget._handle_msg({"upload": upload, "seq": seq, "offset": offset,
                        "data": base64.b64encode(data).decode("ascii")})


def test_chunks_are_put_together_into_the_file_chosen(chooser):
    content = bytes(range(256)) * 39  # 9,984 bytes: three chunks of 4,000, 4,000 and 1,984
    _begin(chooser, 1, len(content))
    assert chooser.receiving and chooser.value is None
    for seq, offset in enumerate(range(0, len(content), 4_000), start=1):
        _chunk(chooser, 1, offset, content[offset:offset + 4_000], seq)
        assert chooser.value is None
    chooser._handle_msg({"upload": 1, "seq": 4, "end": True})
    assert (chooser.value, chooser.filename, chooser.receiving) == (content, NAME, False)
    # each answer names the message it answers (the script has several chunks on their way)
    assert chooser.answers == [{"upload": 1, "seq": 0, "received": 0}, {"upload": 1, "seq": 1, "received": 4_000},
                               {"upload": 1, "seq": 2, "received": 8_000}, {"upload": 1, "seq": 3, "received": 9_984},
                               {"upload": 1, "seq": 4, "done": True}]


def test_an_empty_file_arrives_as_no_bytes(chooser):
    _begin(chooser, 1, 0)
    chooser._handle_msg({"upload": 1, "end": True})
    assert (chooser.value, chooser.receiving) == (b"", False)


def test_a_file_over_the_limit_is_refused_from_its_declared_size(chooser):
    _begin(chooser, 1, 10_000)
    assert chooser.refused_size is None and chooser.receiving  # exactly the limit is allowed
    _begin(chooser, 2, 10_001)
    assert (chooser.refused_size, chooser.receiving, chooser.answers[-1]) == (
        10_001, False, {"upload": 2, "seq": 0, "refused": True})
    _chunk(chooser, 2, 0, b"x" * 100)  # a browser that sends anyway is not answered, nothing is kept
    chooser._handle_msg({"upload": 2, "end": True})
    assert chooser.value is None and len(chooser.answers) == 2


def test_a_new_choice_abandons_the_file_on_its_way(chooser):
    _begin(chooser, 1, 8)
    _chunk(chooser, 1, 0, b"AAAA")
    _begin(chooser, 2, 3, "b.csv")
    _chunk(chooser, 1, 4, b"AAAA")  # late chunk of the first file
    _chunk(chooser, 2, 0, b"BBB")
    chooser._handle_msg({"upload": 1, "end": True})
    assert chooser.value is None and chooser.receiving
    chooser._handle_msg({"upload": 2, "end": True})
    assert (chooser.value, chooser.filename) == (b"BBB", "b.csv")


@pytest.mark.parametrize("bad", ["gap", "overflow", "not_base64", "short"])
def test_chunks_that_do_not_add_up_keep_nothing(chooser, bad):
    _begin(chooser, 1, 8)
    _chunk(chooser, 1, 0, b"1234")
    if bad == "gap":
        _chunk(chooser, 1, 5, b"678", seq=2)
    elif bad == "overflow":
        _chunk(chooser, 1, 4, b"56789", seq=2)
    elif bad == "not_base64":
        chooser._handle_msg({"upload": 1, "seq": 2, "offset": 4, "data": "not base64!"})
    chooser._handle_msg({"upload": 1, "seq": 3, "end": True})
    assert (chooser.value, chooser.receiving) == (None, False)
    assert chooser.answers[-1] == {"upload": 1, "seq": 3 if bad == "short" else 2, "refused": True}


def test_clearing_the_choice_clears_the_file(chooser):
    _begin(chooser, 1, 3)
    _chunk(chooser, 1, 0, b"abc")
    chooser._handle_msg({"upload": 1, "end": True})
    chooser._handle_msg({"upload": 2, "seq": 0, "begin": None})
    assert (chooser.value, chooser.filename, chooser.receiving) == (None, None, False)
    assert chooser.answers[-1] == {"upload": 2, "seq": 0, "refused": False}


@pytest.mark.parametrize("message", [None, "text", {"upload": "1", "begin": {}}, {"no": "upload"}])
def test_messages_not_from_the_script_are_ignored(chooser, message):
    chooser._handle_msg(message)
    assert chooser.answers == [] and chooser.value is None
