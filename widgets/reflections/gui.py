"""A lesson's closing question with a box for the answer, kept in the plan as it is typed."""

from __future__ import annotations

from functools import partial

from widgets import ui
from widgets.reflections.model import questions_of, with_answer
from widgets.validation import InputError

SECTION = "reflections"


class LessonQuestion(ui.ToolView):
    shows = frozenset({SECTION})

    def __init__(self, lesson: str, session=None):
        super().__init__(session)
        questions = questions_of(lesson)
        # Only its own answers: another tab's answer to another lesson's question left
        # a box here rewritten as it was being typed in.
        self.shows = frozenset(f"{SECTION}.{question.id}" for question in questions)
        self.boxes, self.fields = {}, {}
        for number, question in enumerate(questions, start=1):
            # Two boxes on one page are told apart by their names, not only by place.
            label = f"Answer to question {number}" if len(questions) > 1 else "Your answer"
            box = self.track(ui.text_input(label, wide=True), f"{SECTION}.{question.id}")
            box.observe(partial(self._on_change, question.id), "value")
            self.boxes[question.id] = box
            # The lesson's text quotes the question right above: here it is read out as
            # the box's description, not shown a second time.
            self.fields[question.id] = ui.Field(box, lead=question.text, lead_shown=False)
        self.widget = ui.panel(
            "Note your answers" if len(questions) > 1 else "Note your answer",
            list(self.fields.values()),
            intro="Kept in your plan as you type; lesson 07 puts your answers in the plan "
                  "you take home.")
        self.widget.add_class("ck-lesson-question")
        self._refresh_from_plan()

    def show_plan(self) -> None:
        answers = self.session.section(SECTION)
        for question_id, box in self.boxes.items():
            answer = answers.get(question_id, "")
            # A box that holds the answer as saved is left as typed (a space at its end,
            # about to be followed by the next word, is not in the plan).
            if box.value.strip() != answer:
                box.value = answer
            self.fields[question_id].clear()

    def _on_change(self, question_id: str, _change=None) -> None:
        if self._quiet:
            return
        field = self.fields[question_id]
        try:
            section = with_answer(self.session.section(SECTION), question_id,
                                  self.boxes[question_id].value)
        except InputError as error:
            # The answer saved before stays in the plan, and the box keeps what was typed.
            field.error(str(error))
            return
        self.save(SECTION, section, field)
