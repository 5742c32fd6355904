"""A download button whose file is made in the participant's browser."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from pathlib import Path

import anywidget
import traitlets


class DownloadButton(anywidget.AnyWidget):
    """A click saves the text ``make()`` returns then as ``filename``, with no server file.

    The page asks for the text when the button is pressed: kept current on the page, the
    whole plan went to every open lesson after every change typed in any of them."""

    _esm = (Path(__file__).parent / "download.js").read_text(encoding="utf-8")
    label = traitlets.Unicode("Download").tag(sync=True)
    filename = traitlets.Unicode("download.txt").tag(sync=True)
    mime = traitlets.Unicode("text/plain").tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)

    def __init__(self, make: Callable[[], str], **kwargs):
        super().__init__(**kwargs)
        self.make = make
        self.on_msg(self._on_browser_message)

    def _on_browser_message(self, _widget, message, _buffers) -> None:
        if not (isinstance(message, dict) and message.get("op") == "make"):
            return
        request = message.get("request")
        try:
            made = self.make().encode("utf-8")
        except Exception:  # a fault in the kit: said on the page, its details in the log
            traceback.print_exc()
            self.send({"op": "failed", "request": request})
            return
        # Bytes, not JSON text: a plan of 5 MB would grow by its escapes.
        self.send({"op": "file", "request": request}, buffers=[made])
