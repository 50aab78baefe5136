"""The upload page's file chooser: the chosen file travels to the server in chunks, not as one message.

Panel's FileInput sends the whole file, base64-encoded, as one websocket message: for a 50 MB survey file the
server's only thread spent about a second receiving, parsing and decoding it (and Bokeh formats the whole value
into a trace message), while every other session waited (SPEC §5: an upload never blocks other sessions). Here
the browser reads the file in `CHUNK_BYTES` slices and sends them one after the other, each after the server
acknowledged the previous one, so other sessions' work runs between two chunks. A file larger than the page's
limit is refused from its declared size, before any byte is sent. A new choice abandons the file being sent.

The server keeps the bytes (`value`, `filename`) once the last chunk arrived; `receiving` is True meanwhile.
"""

from __future__ import annotations

import base64
import binascii

import param
from panel.custom import JSComponent

CHUNK_BYTES = 2 * 2**20

_ESM = """
function base64(blob) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result.slice(reader.result.indexOf(",") + 1));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

export function render({ model, el }) {
  const box = document.createElement("div");
  const input = document.createElement("input");
  input.type = "file";
  input.accept = model.accept;
  const progress = document.createElement("span");
  progress.setAttribute("role", "status");
  progress.className = "upload-sending";
  box.append(input, progress);
  const label = () => input.setAttribute("aria-label", model.label);
  label();
  model.on("label", label);

  let current = 0;  // the file being sent; a new choice abandons the previous one
  const answers = {};
  model.on("msg:custom", (message) => {
    const answer = answers[message.upload];
    if (answer) { delete answers[message.upload]; answer(message); }
  });
  const ask = (message) => new Promise((resolve) => { answers[message.upload] = resolve; model.send_msg(message); });
  const show = (sent, size) => {
    progress.textContent = sent < size ? `${model.sending_text} ${Math.floor(100 * sent / size)}%` : "";
  };

  input.addEventListener("change", async () => {
    const upload = ++current;
    const file = input.files[0];
    const begun = ask({upload, begin: file ? {name: file.name, size: file.size} : null});
    if (!file || (await begun).refused) { show(1, 1); return; }
    for (let offset = 0; offset < file.size; offset += model.chunk_bytes) {
      show(offset, file.size);
      const data = await base64(file.slice(offset, offset + model.chunk_bytes));
      if (upload !== current || (await ask({upload, offset, data})).refused) { return; }
    }
    show(1, 1);
    if (upload === current) { await ask({upload, end: true}); }
  });
  return box;
}
"""


class ChunkedFileInput(JSComponent):
    """One file, sent in chunks (see the module's docstring)."""

    accept = param.String(default="", doc="file types offered by the browser's chooser")
    label = param.String(default="", doc="the chooser's accessible name")
    sending_text = param.String(default="送信中", doc="shown with the percentage sent")
    chunk_bytes = param.Integer(default=CHUNK_BYTES)
    max_bytes = param.Integer(default=None, allow_None=True)
    value = param.Bytes(default=None, allow_None=True, doc="the file, once received whole")
    filename = param.String(default=None, allow_None=True)
    receiving = param.Boolean(default=False, doc="a file is chosen and still on its way")
    refused_size = param.Integer(default=None, allow_None=True,
                                 doc="the declared size of a file refused as larger than max_bytes")

    _esm = _ESM
    # only on the server: not sent to the browser
    _rename = {"max_bytes": None, "value": None, "filename": None, "receiving": None, "refused_size": None}

    def __init__(self, **params):
        super().__init__(**params)
        self._upload: int | None = None
        self._declared: dict = {}
        self._parts: list[bytes] = []
        self._received = 0

    def _handle_msg(self, data) -> None:
        if not (isinstance(data, dict) and isinstance(data.get("upload"), int)):
            return
        upload = data["upload"]
        if "begin" in data:
            self._begin(upload, data["begin"])
        elif upload != self._upload:
            return  # a chunk of a file abandoned for another
        elif "data" in data:
            self._chunk(upload, data)
        elif data.get("end"):
            self._end(upload)

    def _begin(self, upload: int, declared) -> None:
        self._upload, self._parts, self._received = upload, [], 0
        self.param.update(value=None, filename=None, refused_size=None)
        size = declared.get("size") if isinstance(declared, dict) else None
        if not isinstance(size, int) or size < 0:  # the choice was cleared
            self._upload, self.receiving = None, False
            self._send_msg({"upload": upload, "refused": declared is not None})
            return
        if self.max_bytes is not None and size > self.max_bytes:
            self._upload = None
            self.param.update(receiving=False, refused_size=size)
            self._send_msg({"upload": upload, "refused": True})
            return
        self._declared = {"name": str(declared.get("name") or "upload"), "size": size}
        self.receiving = True
        self._send_msg({"upload": upload, "received": 0})

    def _chunk(self, upload: int, data: dict) -> None:
        try:
            chunk = base64.b64decode(data["data"], validate=True)
        except (TypeError, binascii.Error):
            chunk = None
        in_order = data.get("offset") == self._received
        if chunk is None or not in_order or self._received + len(chunk) > self._declared["size"]:
            self._abandon(upload)
            return
        self._parts.append(chunk)
        self._received += len(chunk)
        self._send_msg({"upload": upload, "received": self._received})

    def _end(self, upload: int) -> None:
        if self._received != self._declared["size"]:
            self._abandon(upload)
            return
        value, self._parts, self._upload = b"".join(self._parts), [], None
        self.param.update(value=value, filename=self._declared["name"], receiving=False)
        self._send_msg({"upload": upload, "done": True})

    def _abandon(self, upload: int) -> None:
        """A chunk out of order, too much data, or not base64: the browser was not ours; nothing is kept."""
        self._upload, self._parts = None, []
        self.receiving = False
        self._send_msg({"upload": upload, "refused": True})
