"""The upload page's file chooser: the chosen file travels to the server in chunks, not as one message.

Panel's FileInput sends the whole file, base64-encoded, as one websocket message: for a 50 MB survey file the
server's only thread spent about a second receiving, parsing and decoding it (and Bokeh formats the whole value
into a trace message), while every other session waited (SPEC §5: an upload never blocks other sessions). Here
the browser reads the file in `CHUNK_BYTES` slices and sends them in order, at most `WINDOW` of them not yet
acknowledged by the server, so other sessions' work runs between chunks. A file larger than the page's
limit is refused from its declared size, before any byte is sent. A new choice abandons the file being sent.

The server keeps the bytes (`value`, `filename`) once the last chunk arrived; `receiving` is True meanwhile.
"""

from __future__ import annotations

import base64
import binascii

import param
from panel.custom import JSComponent

CHUNK_BYTES = 2 * 2**20
WINDOW = 4  # chunks on their way at once: a loaded server takes them in turn with other sessions' work

_ESM = f"const WINDOW = {WINDOW};\n" + """
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
    const key = `${message.upload}/${message.seq}`;
    const answer = answers[key];
    if (answer) { delete answers[key]; answer(message); }
  });
  const ask = (message) => new Promise((resolve) => {
    answers[`${message.upload}/${message.seq}`] = resolve;
    model.send_msg(message);
  });
  const show = (sent, size) => {
    progress.textContent = sent < size ? `${model.sending_text} ${Math.floor(100 * sent / size)}%` : "";
  };

  input.addEventListener("change", async () => {
    const upload = ++current;
    const file = input.files[0];
    const begun = ask({upload, seq: 0, begin: file ? {name: file.name, size: file.size} : null});
    if (!file || (await begun).refused) { show(1, 1); return; }
    let seq = 0;
    const sent = [];  // chunks not yet answered: at most WINDOW
    for (let offset = 0; offset < file.size; offset += model.chunk_bytes) {
      const data = await base64(file.slice(offset, offset + model.chunk_bytes));
      if (upload !== current) { return; }
      sent.push(ask({upload, seq: ++seq, offset, data}));
      if (sent.length >= WINDOW) {
        const answer = await sent.shift();
        if (answer.refused) { show(1, 1); return; }
        show(answer.received, file.size);
      }
    }
    for (const pending of sent) { if ((await pending).refused) { show(1, 1); return; } }
    show(1, 1);
    if (upload === current) { await ask({upload, seq: ++seq, end: true}); }
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
        self._seq = None  # of the message being answered: the script matches answers to its messages by it

    def _answer(self, upload: int, **answer) -> None:
        self._send_msg({"upload": upload, "seq": self._seq, **answer})

    def _handle_msg(self, data) -> None:
        if not (isinstance(data, dict) and isinstance(data.get("upload"), int)):
            return
        upload = data["upload"]
        self._seq = data.get("seq")
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
            self._answer(upload, refused=declared is not None)
            return
        if self.max_bytes is not None and size > self.max_bytes:
            self._upload = None
            self.param.update(receiving=False, refused_size=size)
            self._answer(upload, refused=True)
            return
        self._declared = {"name": str(declared.get("name") or "upload"), "size": size}
        self.receiving = True
        self._answer(upload, received=0)

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
        self._answer(upload, received=self._received)

    def _end(self, upload: int) -> None:
        if self._received != self._declared["size"]:
            self._abandon(upload)
            return
        value, self._parts, self._upload = b"".join(self._parts), [], None
        self.param.update(value=value, filename=self._declared["name"], receiving=False)
        self._answer(upload, done=True)

    def _abandon(self, upload: int) -> None:
        """A chunk out of order, too much data, or not base64: the browser was not ours; nothing is kept."""
        self._upload, self._parts = None, []
        self.receiving = False
        self._answer(upload, refused=True)
