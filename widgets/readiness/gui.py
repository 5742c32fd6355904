"""Readiness checklist view: each area's questions answered yes / partly / no, the score
per area as a chart with its text alternative, and next steps for the weakest areas."""

from __future__ import annotations

import ipywidgets as ipw

from widgets import ui
from widgets.charts import bar_chart
from widgets.markup import escape
from widgets.readiness.model import (
    ANSWER_LABELS,
    ANSWERS,
    AREAS,
    chart_items,
    next_steps,
    unanswered_areas,
    with_answer,
)
from widgets.validation import InputError

SECTION = "readiness"
OPTIONS = [("Not answered", ""), *((ANSWER_LABELS[a], a) for a in ANSWERS)]


class ReadinessChecklist(ui.ToolView):
    shows = frozenset({SECTION})

    def __init__(self, session=None):
        super().__init__(session)
        self.answers: dict[str, ipw.Dropdown] = {}
        parts = []
        for area in AREAS:
            parts.append(ui.text(f"<h4>{escape(area.title)}</h4>"
                                 f'<p class="ck-intro">{escape(area.why)}</p>'))
            for question in area.questions:
                control = ui.choice_input(question.label, OPTIONS, value="",
                                          tooltip=question.text)
                self.track(control, f"readiness.{question.id}")
                control.observe(lambda change, qid=question.id: self._on_answer(qid, change),
                                "value")
                self.answers[question.id] = control
                parts.append(ui.Field(control, lead=question.text))
        self.result = ui.Message()
        self.chart = ui.text()
        self.steps = ui.text()
        self.widget = ui.panel(
            "Readiness checklist",
            [*parts, self.result, ui.text("<h4>Your readiness by area</h4>"), self.chart,
             self.steps],
            intro="Answer honestly: yes, partly or no. Each area gets a score, and the two "
                  "weakest get concrete next steps. Your answers are saved as you go.",
        )
        self._refresh_from_plan()

    def show_plan(self) -> None:
        answers = self.session.section(SECTION)["answers"]
        for question_id, control in self.answers.items():
            control.value = answers.get(question_id, "")
        self._show_result()

    def _on_answer(self, question_id: str, change) -> None:
        if self._quiet:
            return
        try:
            data = with_answer(self.session.section(SECTION), question_id, change["new"])
        except InputError as error:
            self.result.error(str(error))
            return
        if self.save(SECTION, data, self.result):
            self._show_result()

    def _show_result(self) -> None:
        section = self.session.section(SECTION)
        items = chart_items(section)
        if not items:
            self.chart.value = ui.message_html("info", "Answer a question to see your scores.")
            self.steps.value = ""
            return
        chart = bar_chart(items, title="Readiness score by area (answered questions)",
                          value_label="Score (%)", maximum=100,
                          format_value=lambda value: f"{value:.0f}%")
        self.chart.value = chart.to_html()
        html = []
        plan = next_steps(section)
        if plan:
            html.append("<h4>Next steps for your weakest areas</h4>")
            for area, steps in plan:
                items_html = "".join(f"<li>{escape(step)}</li>" for step in steps)
                html.append(f"<p><strong>{escape(area.title)}</strong></p><ul>{items_html}</ul>")
        else:
            html.append(ui.message_html("ok", "Every answered area is at 100%. Keep it up, and "
                                        "answer the rest."))
        missing = unanswered_areas(section)
        if missing:
            names = ", ".join(area.title for area in missing)
            html.append(ui.message_html("info", f"Not answered yet: {names}."))
        self.steps.value = "".join(html)
