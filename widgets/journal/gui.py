"""Learning journal view: a dated entry form (what I did, learned, heard, will do next)
and the entries listed newest first, each one editable."""

from __future__ import annotations

from widgets import ui
from widgets.journal import model
from widgets.journal.model import FIELD_LABELS, TEXT_FIELDS
from widgets.markup import escape
from widgets.my_plan.editor import EntryListView, breakable


class LearningJournal(EntryListView):
    section_name = "journal"
    items_key = "entries"
    noun = "entry"
    add_label = "Add entry"
    key_prefix = "journal"
    model = model

    def __init__(self, session=None, today=None):
        super().__init__(session, today)
        controls = {
            "date": ui.text_input("Date", placeholder="YYYY-MM-DD",
                                  value=self.today().isoformat()),
            "did": ui.long_text_input(FIELD_LABELS["did"],
                                      placeholder="e.g. Cleaned the survey data with my mentor"),
            "learned": ui.long_text_input(FIELD_LABELS["learned"],
                                          placeholder="e.g. How to check a data set for gaps"),
            "feedback": ui.long_text_input(FIELD_LABELS["feedback"],
                                           placeholder="e.g. “Explain your steps before the "
                                                       "results”"),
            "next_step": ui.text_input(FIELD_LABELS["next_step"], wide=True,
                                       placeholder="e.g. Write my steps first in the next report"),
        }
        self.build_editor(controls, {"date": "When it happened: today or earlier (year-month-day)."})
        self.listing = ui.text()
        self.widget = ui.panel(
            "Learning journal and feedback log",
            [self.chooser_field, *self.fields.values(), self.buttons, self.confirm, self.message,
             self.listing],
            intro="A few lines after each week (or each piece of feedback). Fill in what "
                  "applies; at least one part. These notes become resume points and "
                  "interview stories later.",
        )
        self.finish()

    def form_values(self, item):
        return model.form_values(item, self.today())

    def listed(self, items: list[dict]) -> list[dict]:
        return model.newest_first(items)

    def show_list(self) -> None:
        entries = self.listed(self.items())
        if not entries:
            self.listing.value = ui.message_html("info", "No entries yet. Your first one can be "
                                                 "about this workshop.")
            return
        blocks = []
        for entry in entries:
            parts = "".join(f'<li class="ck-typed-lines"><strong>'
                            f"{escape(FIELD_LABELS[name])}:</strong> "
                            f"{escape(entry[name])}</li>" for name in TEXT_FIELDS if entry[name])
            blocks.append(f"<h5>{escape(entry['date'])}</h5><ul>{parts}</ul>")
        self.listing.value = breakable(f"<h4>Your entries, newest first ({len(entries)})</h4>"
                                       + "".join(blocks))
