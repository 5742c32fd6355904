"""A browser plan store without a browser, for widget tests of the Voila behaviour."""

from __future__ import annotations

import json

from widgets.browser_store import BrowserPlanStore


class RecordingStore(BrowserPlanStore):
    """The real browser store, keeping what it would send instead of sending it."""

    def __init__(self):
        super().__init__()
        self.sent = []

    def send(self, content, buffers=None):
        self.sent.append(content)


def browser_says(store: BrowserPlanStore, **message) -> None:
    """Deliver a message as the browser side of the store would send it."""
    store._on_browser_message(store, message, [])


def browser_restores(store: BrowserPlanStore, sections: dict, drafts: dict) -> None:
    """The browser hands back what it kept: saved sections (as data) and drafts."""
    browser_says(store, op="restore", drafts=drafts,
                 sections={name: json.dumps(data) for name, data in sections.items()})
