"""Keys pressed in a tool stay in the tool (see keyboard.js): in JupyterLab a letter typed
on a drop-down to jump to an option ran the notebook's shortcuts and deleted the cell."""

from __future__ import annotations

from pathlib import Path

import anywidget

_guard = None


class KeysStayInTools(anywidget.AnyWidget):
    _esm = (Path(__file__).parent / "keyboard.js").read_text(encoding="utf-8")


def keys_stay_in_tools() -> KeysStayInTools:
    """The page's guard (one per kernel: it is sent once per page, however many tools)."""
    global _guard
    if _guard is None:
        _guard = KeysStayInTools()
    return _guard
