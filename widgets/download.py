"""A download button whose file is made in the participant's browser."""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets


class DownloadButton(anywidget.AnyWidget):
    """Keep ``content`` current; a click saves it as ``filename`` with no server round trip."""

    _esm = (Path(__file__).parent / "download.js").read_text(encoding="utf-8")
    label = traitlets.Unicode("Download").tag(sync=True)
    filename = traitlets.Unicode("download.txt").tag(sync=True)
    mime = traitlets.Unicode("text/plain").tag(sync=True)
    content = traitlets.Unicode("").tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)
    clicks = traitlets.Int(0, help="how often the file was saved").tag(sync=True)
