"""Plan bar shown at the top of every lesson: status, download, load, clear."""

from __future__ import annotations

from widgets import ui
from widgets.action_guard import ActionGuard
from widgets.download import DownloadButton
from widgets.plan import MAX_DOCUMENT_MEGABYTES, PlanError, file_age_words, read_plan_json
from widgets.upload import UploadButton

PLAN_FILENAME = "my-career-plan.json"
UNCLAIMED_NAME = "the plan found in this browser"


class PlanBar(ui.ToolView):
    def __init__(self, session=None):
        super().__init__(session)
        self.status = ui.Message()
        self.download = DownloadButton(lambda: self.session.plan.to_json(),
                                       label="Download my plan", filename=PLAN_FILENAME,
                                       mime="application/json", layout=ui.plain_layout())
        self.upload = UploadButton(self._on_upload, self._not_loaded, label="Load a plan",
                                   accept=".json,application/json",
                                   max_megabytes=MAX_DOCUMENT_MEGABYTES, layout=ui.plain_layout())
        self.upload_message = ui.Message(keeps_room=False)
        self.clear_button = ui.button("Clear my data", tooltip="Remove your plan from here")
        # One question at a time, before anything replaces or removes the plan.
        self.confirm = ui.Confirmation("Keep my plan", on_no=self._on_keep)
        children = [self.status,
                    ui.row([self.download, self.upload, self.clear_button]),
                    self.upload_message, self.confirm, ActionGuard(layout=ui.plain_layout())]
        if self.session.in_browser and self.session.store.unclaimed_prefix:
            # On a hub, shown if the browser holds the plan its users shared before.
            self.unclaimed_note = ui.Message()
            self.take_unclaimed = ui.button("Load it as my plan")
            self.decline_unclaimed = ui.button("It is not mine")
            self.unclaimed = ui.column([self.unclaimed_note,
                                        ui.row([self.take_unclaimed, self.decline_unclaimed])])
            ui.set_shown(self.unclaimed, False)
            self.take_unclaimed.on_click(self._on_take_unclaimed)
            self.decline_unclaimed.on_click(self._on_decline_unclaimed)
            children[-1:-1] = [self.unclaimed]
            self.session.store.offer_unclaimed_to(self._offer_unclaimed)
        if self.session.in_browser:
            children.append(self.session.store)
        # Level 2: the plan bar comes right after the lesson's title, before its sections.
        self.widget = ui.panel("Your plan", children, level=2)
        self.clear_button.on_click(lambda _: self._ask(
            f"This removes your whole plan from {self.session.where}. Download it first to "
            "keep a copy. This cannot be undone.", "Yes, remove my plan", self._clear,
            self.clear_button))
        self.session.on_status(self._show_status)
        self._show_status()

    def _show_status(self) -> None:
        status = ui.message_html("error" if self.session.problem else "info",
                                 self.session.status_text())
        if self.session.ready:
            # What the page waits for: the dashboard template reloads a page whose plan
            # never comes back from browser storage; the benchmark and tests wait for it.
            status = f'<div class="ck-ready">{status}</div>'
        self.download.disabled = self.upload.disabled = not self.session.ready
        # Set once: each value goes to the page and replaces the status line there.
        self.status.value = status

    def _on_upload(self, name: str, content: bytes, loaded=None) -> None:
        """``loaded()``, if given, is called once the plan is in place of the participant's."""
        # A question still open (Clear my data?) was about the plan this file may replace.
        self.confirm.dismiss()
        self.clear_button.disabled = False
        try:
            plan, left_out = read_plan_json(content)
        except PlanError as error:
            self._not_loaded(name, str(error))
            return
        if left_out and plan.is_empty():
            self._not_loaded(name, f"nothing in it could be read. {' '.join(left_out)}")
            return
        # A part that cannot be read (a hand-edited file) need not cost the rest of it.
        unreadable = (f"Part of “{name}” cannot be read and would be left out: "
                      f"{' '.join(left_out)} " if left_out else "")
        if self.session.plan.is_empty() and not left_out:
            self._load(plan, name, loaded=loaded)
        elif self.session.plan.is_empty():
            self._ask(f"{unreadable}Load the rest of it?", f"Yes, load the rest of “{name}”",
                      lambda: self._load(plan, name, left_out, loaded), self.upload)
        else:
            # A file picked by mistake (an older download) would undo all work since.
            ours = self.session.plan.updated
            files = (f"the file's {self.session.time_text(plan.updated)}{file_age_words(ours, plan.updated)}"
                     if plan.dated else "the file does not say when it was changed")
            self._ask(f"{unreadable}Load “{name}” in place of the plan you have here? Yours "
                      f"was last changed {self.session.time_text(ours)}, {files}. Download yours first to "
                      "keep a copy.",
                      f"Yes, load “{name}”", lambda: self._load(plan, name, left_out, loaded),
                      self.upload)

    def _not_loaded(self, name: str, why: str) -> None:
        self.confirm.dismiss()
        self.clear_button.disabled = False
        self.upload_message.error(f"“{name}” was not loaded: {why} Your current plan is unchanged.")

    def _load(self, plan, name: str, left_out=(), loaded=None) -> None:
        self.session.replace(plan)
        if loaded is not None:
            loaded()
        self.upload_message.show("ok", f"Loaded your plan from “{name}”."
                                 + (f" Left out: {' '.join(left_out)}" if left_out else ""))

    # --- on a JupyterHub: the plan its users shared in this browser before (browser_store)
    def _offer_unclaimed(self) -> None:
        try:
            plan, _left_out = read_plan_json(self.session.store.unclaimed)
        except PlanError:
            return
        changed = f" (last changed {self.session.time_text(plan.updated)})" if plan.dated else ""
        self.unclaimed_note.show(
            "info", "This browser also holds a plan kept here before each user of this "
            f"JupyterHub had a plan of their own{changed}. It may be yours, or the plan of "
            "someone who used this computer before you: load it only if it is yours.")
        ui.set_shown(self.unclaimed, True)

    def _on_take_unclaimed(self, _button=None) -> None:
        ui.set_shown(self.unclaimed, False)
        if self.session.store.unclaimed is None:  # taken or declined in the meantime
            return
        self._on_upload(UNCLAIMED_NAME, self.session.store.unclaimed,
                        loaded=self.session.store.forget_unclaimed)

    def _on_decline_unclaimed(self, _button=None) -> None:
        ui.set_shown(self.unclaimed, False)
        if self.session.store.unclaimed is None:
            return
        self.session.store.decline_unclaimed()
        self.upload_message.show("info", "That plan stays in this browser for its owner, and "
                                 "you will not be asked about it again.")

    def _ask(self, question: str, yes: str, action, return_to) -> None:
        """One question at a time: Clear waits while a load or a clear is asked about."""
        self.upload_message.clear()
        self.clear_button.disabled = True

        def then() -> None:
            self.clear_button.disabled = False
            action()

        self.confirm.ask(question, yes, then, return_to)

    def _on_keep(self) -> None:
        self.clear_button.disabled = False
        self.upload_message.show("info", "Your plan is unchanged.")

    def _clear(self) -> None:
        try:
            self.session.clear()
        except PlanError as error:
            self.upload_message.error(str(error))
            return
        self.upload_message.show("ok", f"Your plan was removed from {self.session.where}. "
                                 "You are starting a new, empty plan.")

