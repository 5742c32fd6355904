"""A browser plan store without a browser, for widget tests of the Voila behaviour, and
each tool built as its lesson's cell builds it."""

from __future__ import annotations

import json

import widgets
from widgets.browser_store import BrowserPlanStore

# What a lesson's cell passes a tool beside the session, where it passes something: lesson
# 04 asks two questions, the most any lesson does.
TOOL_ARGUMENTS = {"facts_panel": (["nace_2024_offer_rate"],), "lesson_question": ("04",)}


def build_tool(name: str, session=None, arguments: tuple | None = None):
    """The view ``widgets.<name>(*arguments)`` makes in a lesson, on ``session``."""
    arguments = TOOL_ARGUMENTS.get(name, ()) if arguments is None else arguments
    if name in ("facts_panel", "plan_faq"):  # plain widgets, with no plan
        return getattr(widgets, name)(*arguments)
    return getattr(widgets, name)(*arguments, session=session)


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
