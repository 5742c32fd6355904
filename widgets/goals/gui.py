"""SMART goal setter view: examples to start from, a form that prompts each SMART part
and checks it as you type, dated milestones, and the list of your goals."""

from __future__ import annotations

from widgets import ui
from widgets.goals import model
from widgets.goals.model import (
    EXAMPLES,
    PART_PROMPTS,
    PHASE_LABELS,
    PHASES,
    STATUS_LABELS,
    STATUSES,
    date_note,
    smart_checks,
)
from widgets.markup import escape, in_sentence
from widgets.my_plan.editor import EntryListView, breakable

NO_EXAMPLE = ("Choose an example…", -1)


class SmartGoals(EntryListView):
    section_name = "goals"
    noun = "goal"
    add_label = "Save goal"
    key_prefix = "goals"
    model = model

    def __init__(self, session=None, today=None):
        super().__init__(session, today)
        self.example = ui.choice_input(
            "Start from an example",
            [NO_EXAMPLE, *((f"{e.theme} ({in_sentence(PHASE_LABELS[e.phase])}): {e.title}", n)
                           for n, e in enumerate(EXAMPLES))], value=-1, wide=True)
        self.use_example = ui.button("Use this example")
        self.example_message = ui.Message(keeps_room=False)
        controls = {
            "title": ui.text_input("Your goal", placeholder="e.g. Publish one portfolio project",
                                   wide=True),
            "phase": ui.choice_input("When", list(PHASES), value="before"),
            "specific": ui.text_input("Specific", wide=True),
            "measurable": ui.text_input("Measurable", wide=True),
            "achievable": ui.text_input("Achievable", wide=True),
            "relevant": ui.text_input("Relevant", wide=True),
            "target_date": ui.text_input("Time-bound: done by", placeholder="YYYY-MM-DD"),
            "milestones": ui.long_text_input(
                "Milestones", placeholder="2027-03-15 First draft finished\n"
                                          "2027-04-01 Feedback from a mentor"),
            "status": ui.choice_input("Status", list(STATUSES), value="active"),
        }
        self.build_editor(controls, {
            **PART_PROMPTS,
            "milestones": "One per line: a date (YYYY-MM-DD), then what you will have done. "
                          "Milestones come before the goal's date.",
        })
        self.checks = ui.text()
        self.listing = ui.text()
        f = self.fields
        self.widget = ui.panel(
            "SMART goals",
            [ui.row([self.example, self.use_example]),
             self.example_message, self.chooser_field, f["title"], f["phase"], f["specific"],
             f["measurable"], f["achievable"], f["relevant"], f["target_date"],
             f["milestones"], f["status"], self.checks, self.buttons, self.confirm,
             self.message, self.listing],
            intro="Write a goal in your own words, then answer each SMART prompt. The checks "
                  "below the form are hints: you can save a goal before it is perfect.",
        )
        self.use_example.on_click(self._on_use_example)
        for control in controls.values():
            control.observe(lambda _: self._show_checks(), "value")
        self.finish()
        self._show_checks()

    def _on_use_example(self, _button) -> None:
        if self.example.value < 0:
            self.example_message.show("info", "Choose an example in the list first.")
            return
        empty = self.form_values(None)
        if self.editing.value or any(self.form()[name] != empty[name] for name in
                                     ("title", "specific", "measurable", "achievable",
                                      "relevant", "target_date", "milestones")):
            self.example_message.show("warning", "The form already holds a goal. Save it or use "
                                      f"“{self.clear_button.description}” first, so nothing you "
                                      "typed is lost.")
            return
        self.fill_form(EXAMPLES[self.example.value].form(self.today()))
        self.message.clear()  # "✓ Added …" was about the goal the form held before
        self.example_message.show("ok", "Example copied into the form: make it yours, then "
                                  "save it.")

    def show_mode(self) -> None:
        self.example_message.clear()  # "copied into the form" is old news once it changes

    def _show_checks(self) -> None:
        rows = []
        for check in smart_checks(self.form(), self.today()):
            icon = "✓" if check.ok else "○"
            state = "done" if check.ok else "to do"
            rows.append(f"<li>{icon} <strong>{escape(check.part)}</strong> ({state}): "
                        f"{escape(check.message)}</li>")
        self.checks.value = f'<p><strong>SMART check</strong></p><ul>{"".join(rows)}</ul>'

    def show_list(self) -> None:
        goals = self.items()
        if not goals:
            self.listing.value = ui.message_html("info", "No goals yet. Write one above or "
                                                 "start from an example.")
            return
        today = self.today()
        cards = []
        for goal in goals:
            details = []
            for part, words in (("specific", "Specific"), ("measurable", "Measurable"),
                                ("achievable", "Achievable"), ("relevant", "Relevant")):
                if goal[part]:
                    details.append(f"<li><strong>{words}:</strong> {escape(goal[part])}</li>")
            if goal["target_date"]:
                details.append(f"<li><strong>Done by:</strong> {escape(goal['target_date'])}"
                               f"{date_note(goal['target_date'], goal, today)}</li>")
            else:
                details.append("<li><strong>Done by:</strong> no date yet</li>")
            milestones = "".join(
                f"<li>{escape(m['date'])}: {escape(m['text'])}{date_note(m['date'], goal, today)}"
                "</li>" for m in goal["milestones"])
            if milestones:
                details.append(f"<li><strong>Milestones:</strong><ul>{milestones}</ul></li>")
            cards.append(
                f"<h5>{escape(goal['title'])}</h5><p class=\"ck-intro\">"
                f"{escape(PHASE_LABELS[goal['phase']])} · {escape(STATUS_LABELS[goal['status']])}"
                f"</p><ul>{''.join(details)}</ul>")
        self.listing.value = breakable(f"<h4>Your goals ({len(goals)})</h4>" + "".join(cards))
