"""Application tracker view: a form to add or change an application, the counts per
stage, and the list sorted by deadline with what needs attention flagged in words."""

from __future__ import annotations

from widgets import ui
from widgets.charts import bar_chart
from widgets.markup import Markup, is_web_link, link, shortened, table
from widgets.my_plan.editor import EntryListView, breakable_cell
from widgets.tracker import model
from widgets.tracker.model import STATUS_LABELS, STATUSES

NOTES_SHOWN = 120


class ApplicationTracker(EntryListView):
    section_name = "applications"
    noun = "application"
    add_label = "Add application"
    key_prefix = "tracker"
    model = model

    def __init__(self, session=None, today=None):
        super().__init__(session, today)
        controls = {
            "organisation": ui.text_input("Organisation", placeholder="e.g. City Library"),
            "role": ui.text_input("Role", placeholder="e.g. Data intern"),
            "link": ui.text_input("Link to the posting", placeholder="https://…", wide=True),
            "deadline": ui.text_input("Deadline (optional)", placeholder="YYYY-MM-DD"),
            "status": ui.choice_input("Status", [(STATUS_LABELS[s], s) for s in STATUSES],
                                      value="interested"),
            "next_action": ui.text_input("Next action", placeholder="e.g. Ask Ana to review my resume",
                                         wide=True),
            "next_action_date": ui.text_input("Next action by", placeholder="YYYY-MM-DD"),
            "notes": ui.long_text_input("Notes", placeholder="Contacts, questions, what you "
                                        "learned about them…"),
        }
        self.build_editor(controls, {
            "link": "Only links starting with http:// or https:// are made clickable.",
            "deadline": "The date applications close, or your reply is due (year-month-day).",
        })
        self.status_hint = ui.Message()
        self.link_hint = ui.Message()
        self.deadline_hint = ui.Message()
        self.stages = ui.text()
        self.listing = ui.text()
        f = self.fields
        self.widget = ui.panel(
            "Application tracker",
            [self.chooser_field, f["organisation"], f["role"], f["link"], self.link_hint,
             f["deadline"], self.deadline_hint, f["status"], self.status_hint, f["next_action"],
             f["next_action_date"], f["notes"], self.buttons, self.confirm, self.message,
             self.stages, self.listing],
            intro="One line per internship you are interested in or applied to. Keep the "
                  "next action and its date up to date: the list flags what is overdue or "
                  "due within a week.",
        )
        controls["link"].observe(
            lambda change: self.link_hint.warn(model.link_note(change["new"].strip())), "value")
        controls["deadline"].observe(lambda change: self.deadline_hint.warn(
            model.deadline_note(change["new"], self.today())), "value")
        controls["status"].observe(lambda _: self._show_status_hint(), "value")
        self.finish()

    def show_mode(self) -> None:
        self._show_status_hint()

    def _show_status_hint(self) -> None:
        item = model.find({"items": self.items()}, self.editing.value) if self.editing.value else None
        self.status_hint.show("info", model.status_hint(item))

    def listed(self, items: list[dict]) -> list[dict]:
        return model.by_deadline(items)

    def show_list(self) -> None:
        items = self.items()
        if not items:
            self.stages.value = ""
            self.listing.value = ui.message_html("info", "No applications yet. Add the first "
                                                 "one with the form above.")
            return
        counts = model.counts_by_stage(items)
        chart = bar_chart([(STATUS_LABELS[s], n) for s, n in counts.items()],
                          title="Applications per stage", value_label="Applications")
        self.stages.value = chart.to_html()
        today = self.today()
        rows, classes = [], []
        for item in self.listed(items):
            attention = model.alerts(item, today)
            notes = shortened(item["notes"], NOTES_SHOWN)
            action = item["next_action"]
            if item["next_action_date"]:
                action = f"{action} (by {item['next_action_date']})".strip()
            if not item["link"]:
                shown_link = "—"
            elif is_web_link(item["link"]):
                shown_link = Markup(link(item["link"], "Open the posting",
                                         name=f"Open the posting: {item['organisation']}, "
                                              f"{item['role']}".rstrip(", ")))
            else:
                shown_link = breakable_cell(item["link"])
            rows.append([breakable_cell(item["organisation"]), breakable_cell(item["role"]),
                         STATUS_LABELS[item["status"]], "; ".join(attention) or "—",
                         item["deadline"] or "—", breakable_cell(action or "—"), shown_link,
                         breakable_cell(notes)])
            classes.append("ck-row-alert" if attention else "")
        self.listing.value = (table(
            ["Organisation", "Role", "Status", "Needs attention", "Deadline", "Next action",
             "Link", "Notes"],
            rows, caption=f"Your applications, by deadline (today is {today.isoformat()})",
            row_classes=classes))
