"""A button that hands a file the participant chooses to the kernel (see upload.js)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import anywidget
import traitlets


class UploadButton(anywidget.AnyWidget):
    """Calls ``on_file(name, content)`` with the chosen file's bytes, or
    ``on_problem(name, message)`` when the file was too big or the browser could not read it."""

    _esm = (Path(__file__).parent / "upload.js").read_text(encoding="utf-8")
    label = traitlets.Unicode("Choose a file").tag(sync=True)
    accept = traitlets.Unicode("").tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)
    max_megabytes = traitlets.Int(5, help="larger files are refused in the browser").tag(sync=True)

    def __init__(self, on_file: Callable[[str, bytes], None],
                 on_problem: Callable[[str, str], None], **kwargs):
        super().__init__(**kwargs)
        self._on_file, self._on_problem = on_file, on_problem
        self.on_msg(self._on_browser_message)

    def _on_browser_message(self, _widget, message, buffers) -> None:
        if not isinstance(message, dict) or self.disabled:
            return
        name = str(message.get("name") or "the file")
        operation = message.get("op")
        if operation == "file" and buffers:
            self._on_file(name, bytes(buffers[0]))
        elif operation == "too_big":
            self._on_problem(name, f"it is larger than {self.max_megabytes} MB, the most a plan "
                             "file can hold.")
        elif operation == "unreadable":
            self._on_problem(name, "this browser could not read it.")
