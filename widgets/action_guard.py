"""Buttons and links wait for what was typed: a small anywidget (see action_guard.js)."""

from __future__ import annotations

from pathlib import Path

import anywidget


class ActionGuard(anywidget.AnyWidget):
    """On the page, holds a button's press or a link's click until the kernel has every
    change typed before it (it overtook them: a file without the last keys, an
    application added half-typed). The plan bar carries it into every lesson."""

    _esm = (Path(__file__).parent / "action_guard.js").read_text(encoding="utf-8")
