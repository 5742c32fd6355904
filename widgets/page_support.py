"""What every page with a tool needs once (see page_support.js): keys pressed in a tool
stay in the tool (in JupyterLab a letter typed on a drop-down to jump to an option ran
the notebook's shortcuts and deleted the cell), status messages are read out, and the
kernel learns the participant's clock."""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets

from widgets.session import current_session

_support = None


class PageSupport(anywidget.AnyWidget):
    _esm = (Path(__file__).parent / "page_support.js").read_text(encoding="utf-8")
    # The participant's clock, as the page gives it. In JupyterLab on a shared server (a
    # JupyterHub, Binder) the server's date is often not the participant's; a dashboard's
    # page also says so with its plan.
    utc_offset_minutes = traitlets.Int(None, allow_none=True).tag(sync=True)

    @traitlets.observe("utc_offset_minutes")
    def _on_clock(self, change) -> None:
        current_session().use_participants_clock(change["new"])


def page_support() -> PageSupport:
    """The page's support (one per kernel: it is sent once per page, however many tools)."""
    global _support
    if _support is None:
        _support = PageSupport()
    return _support
