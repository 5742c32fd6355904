"""Plan bar shown at the top of every lesson: status, download, load, clear."""

from __future__ import annotations

import ipywidgets as ipw

from widgets import ui
from widgets.download import DownloadButton
from widgets.plan import PlanError, plan_from_json

PLAN_FILENAME = "my-career-plan.json"


class PlanBar(ui.ToolView):
    def __init__(self, session=None):
        super().__init__(session)
        self.status = ui.Message()
        self.download = DownloadButton(label="Download my plan", filename=PLAN_FILENAME,
                                       mime="application/json", layout=ui.plain_layout())
        self.upload = ipw.FileUpload(accept=".json,application/json", multiple=False,
                                     description="Load a plan",
                                     layout=ui.shared(ipw.Layout, width="auto"),
                                     style=ui.style_for(ipw.FileUpload))
        self.upload_message = ui.Message()
        self.clear_button = ui.button("Clear my data", tooltip="Remove your plan from here")
        self.confirm_yes = ui.button("Yes, remove my plan", kind="danger")
        self.confirm_no = ui.button("Keep my plan")
        self.confirm = ui.column(
            [ui.text(ui.message_html("warning", "This removes your whole plan from "
                                     f"{self.session.where}. Download it first to keep a "
                                     "copy. This cannot be undone.")),
             ui.row([self.confirm_yes, self.confirm_no])])
        ui.set_shown(self.confirm, False)
        children = [self.status,
                    ui.row([self.download, self.upload, self.clear_button]),
                    self.upload_message, self.confirm]
        if self.session.in_browser:
            children.append(self.session.store)
        self.widget = ui.panel("Your plan", children)
        self.upload.observe(self._on_upload, "value")
        self.clear_button.on_click(lambda _: self._ask_to_clear(True))
        self.confirm_no.on_click(lambda _: self._ask_to_clear(False))
        self.confirm_yes.on_click(self._on_clear)
        self.session.on_status(self._show_status)
        self._show_status()

    def _show_status(self) -> None:
        self.status.show("error" if self.session.problem else "info", self.session.status_text())
        if self.session.ready:
            # What the page waits for: the dashboard template reloads a page whose plan
            # never comes back from browser storage; the benchmark and tests wait for it.
            self.status.value = f'<div class="ck-ready">{self.status.value}</div>'
        self.download.content = self.session.plan.to_json()
        self.download.disabled = not self.session.ready

    def _on_upload(self, change) -> None:
        files = change["new"]
        if not files:
            return
        upload = files[0]
        try:
            plan = plan_from_json(bytes(upload["content"]))
        except PlanError as error:
            self.upload_message.error(f"“{upload['name']}” was not loaded: {error} "
                                      "Your current plan is unchanged.")
        else:
            self.session.replace(plan)
            self.upload_message.show("ok", f"Loaded your plan from “{upload['name']}”.")
        finally:
            self.upload.value = ()

    def _ask_to_clear(self, asking: bool) -> None:
        ui.set_shown(self.confirm, asking)
        self.clear_button.disabled = asking

    def _on_clear(self, _button) -> None:
        self._ask_to_clear(False)
        try:
            self.session.clear()
        except PlanError as error:
            self.upload_message.error(str(error))
            return
        self.upload_message.show("ok", f"Your plan was removed from {self.session.where}. "
                                 "You are starting a new, empty plan.")
