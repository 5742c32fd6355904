"""Browser storage for the plan under Voila: a small anywidget (see browser_store.js).

Every visitor's plan stays in their own browser, never in a file on the shared server.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import anywidget
import traitlets

from widgets.plan import SECTION_OWNERS, PlanDocument, utc_now
from widgets.session import _weak, after_this_message, browser_plan_document

STORAGE_PREFIX = "career-workshop-kit/plan-v2/"
STORAGE_REFUSED = ("This browser refused to store your plan (private window, or storage "
                   "full?). Use “Download my plan” to keep a copy.")


def plan_keys_prefix() -> str:
    """The keys of this visitor's plan in browser storage. Every user of a JupyterHub has
    their lessons on the one address (the hub's), so a browser kept one plan for all of
    them: on a shared computer the next user's lesson showed the last user's name. There,
    each user's plan has keys of its own."""
    user = os.environ.get("JUPYTERHUB_USER")
    return f"{STORAGE_PREFIX}user/{user}/" if user else STORAGE_PREFIX


def unclaimed_plan_prefix() -> str:
    """Where a hub's browsers kept the one plan all its users shared before each had their
    own (until 2026-12-07): offered to the user, who may say it is theirs. "" elsewhere."""
    return STORAGE_PREFIX if plan_keys_prefix() != STORAGE_PREFIX else ""


class BrowserPlanStore(anywidget.AnyWidget):
    """Sends saved sections to the browser and hands what the browser kept to the session."""

    _esm = (Path(__file__).parent / "browser_store.js").read_text(encoding="utf-8")
    storage_prefix = traitlets.Unicode(STORAGE_PREFIX).tag(sync=True)
    tracked = traitlets.Dict(help="draft key -> [model id, trait] of controls to keep").tag(sync=True)
    unclaimed_prefix = traitlets.Unicode("").tag(sync=True)

    where = "this browser only (not on the server)"

    def __init__(self, **kwargs):
        super().__init__(**{"storage_prefix": plan_keys_prefix(),
                            "unclaimed_prefix": unclaimed_plan_prefix(), **kwargs})
        self._session = None
        # The shared plan the browser still holds (``unclaimed_plan_prefix``), as a plan
        # file's text, and who offers it to the participant.
        self.unclaimed: bytes | None = None
        self._offer_unclaimed = None
        self._unsent_plan: PlanDocument | None = None
        self._unsent_sections: set[str] = set()
        self._unsent_lineage: dict[str, str] = {}
        self._unsent_forget_drafts = False
        # After the browser refused a write, the next save sends every section: once it
        # is stored, nothing is missing from the browser and the warning can go.
        self._send_everything = False
        self.on_msg(self._on_browser_message)

    def attach(self, session) -> None:
        self._session = session

    def track(self, key: str, model_id: str, trait: str) -> None:
        self.tracked = {**self.tracked, key: [model_id, trait]}

    def save(self, plan: PlanDocument, sections: list[str], lineage: dict[str, str],
             forget_drafts: bool = False) -> None:
        """Sent once the change's own answer is out; changes made by one handler go together.
        ``lineage``: "section:fingerprint" of each section saved -> the fingerprint of the
        section it changed, kept beside the sections for other tabs
        (``PlanSession.receive_external``)."""
        self._unsent_plan = plan
        self._unsent_sections.update(sections)
        self._unsent_lineage.update(lineage)
        self._unsent_forget_drafts = self._unsent_forget_drafts or forget_drafts
        after_this_message(self._send_unsent)

    def _send_unsent(self) -> None:
        if not self._unsent_sections:
            return
        plan = self._unsent_plan
        everything = self._send_everything
        names = SECTION_OWNERS if everything else sorted(self._unsent_sections)
        texts = {name: json.dumps(plan.sections[name], ensure_ascii=False) for name in names}
        # The plan's own times go too: a reload must not make it look started just now
        # (the calendar's event ids and the question before a load rest on them).
        meta = json.dumps({"created": plan.created, "updated": plan.updated,
                           "saved": utc_now()})  # a loaded file keeps its own "updated"
        self.send({"op": "save", "sections": texts, "meta": meta, "everything": everything,
                   "lineage": self._unsent_lineage,
                   "forget_drafts": self._unsent_forget_drafts})
        self._unsent_sections = set()
        self._unsent_lineage = {}
        self._unsent_forget_drafts = False

    def offer_unclaimed_to(self, offer) -> None:
        """``offer()`` is called once the browser has said it holds an unclaimed plan (at
        once if it already has)."""
        self._offer_unclaimed = _weak(offer)
        if self.unclaimed is not None:
            offer()

    def forget_unclaimed(self) -> None:
        """The unclaimed plan was taken as this user's: no other user is offered it."""
        self.unclaimed = None
        self.send({"op": "forget_unclaimed"})

    def decline_unclaimed(self) -> None:
        """Not this user's: it stays for its owner, and this user is not asked again."""
        self.unclaimed = None
        self.send({"op": "decline_unclaimed"})

    def clear(self) -> None:
        self._unsent_sections = set()  # a save not yet sent must not bring the plan back
        self._unsent_lineage = {}
        self._unsent_forget_drafts = False
        self.send({"op": "clear"})

    def _on_browser_message(self, _widget, message, _buffers) -> None:
        if self._session is None or not isinstance(message, dict):
            return
        operation = message.get("op")
        if operation == "restore":
            # The page sends its restore until acknowledged; only the first counts, as a
            # later copy holds what the browser kept before the participant went on typing.
            if not self._session.ready:
                self._session.use_participants_clock(message.get("utc_offset_minutes"))
                self._session.restore_from_browser(message.get("sections") or {},
                                                   message.get("drafts") or {},
                                                   message.get("meta"))
                self._receive_unclaimed(message.get("unclaimed"))
            self.send({"op": "restored"})
        elif operation == "saved":  # every section stored, after a refusal
            self._send_everything = False
            if self._session.problem == STORAGE_REFUSED:
                self._session.report_problem(None)
        elif operation == "storage_error":
            self._send_everything = True
            self._session.report_problem(STORAGE_REFUSED)
        elif operation == "external_times":
            self._session.receive_external_times(message.get("meta"))
        elif operation == "external":
            lineage = message.get("lineage")
            self._session.receive_external(str(message.get("section")), message.get("text"),
                                           lineage if isinstance(lineage, dict) else None)

    def _receive_unclaimed(self, unclaimed) -> None:
        if not isinstance(unclaimed, dict) or not isinstance(unclaimed.get("sections"), dict):
            return
        document, _unreadable = browser_plan_document(unclaimed["sections"], unclaimed.get("meta"))
        if not document["sections"]:
            return
        self.unclaimed = json.dumps(document, ensure_ascii=False).encode("utf-8")
        offer = self._offer_unclaimed and self._offer_unclaimed()
        if offer is not None:
            offer()
