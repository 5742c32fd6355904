"""What every page with a tool needs once (see page_support.js): keys pressed in a tool
stay in the tool (in JupyterLab a letter typed on a drop-down to jump to an option ran
the notebook's shortcuts and deleted the cell), and status messages are read out."""

from __future__ import annotations

from pathlib import Path

import anywidget

_support = None


class PageSupport(anywidget.AnyWidget):
    _esm = (Path(__file__).parent / "page_support.js").read_text(encoding="utf-8")


def page_support() -> PageSupport:
    """The page's support (one per kernel: it is sent once per page, however many tools)."""
    global _support
    if _support is None:
        _support = PageSupport()
    return _support
