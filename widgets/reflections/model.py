"""The question each lesson ends with ("Think about it"), and the participant's answers.

Pure core logic. The plan's 'reflections' section is ``{question id: answer}``, holding
only the questions answered, in lesson order: each answer an entry of its own, so that
another tab's answer to one question leaves the box of another alone. The take-home plan
prints each question beside its answer from here; the lesson's text quotes it word for
word (a test keeps them so), and its box is described by it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from widgets.validation import mapping, parse_text

MAX_ANSWER_LENGTH = 1000
EMPTY_SECTION: dict = {}


@dataclass(frozen=True)
class Question:
    id: str
    lesson: str
    text: str


QUESTIONS = (
    Question("00", "00", "What would make an internship a success for you, twelve months "
                         "from now?"),
    Question("01", "01", "Look at your top two priorities. Which kind of internship (paid or "
                         "unpaid, on-site or virtual, a large organisation or a small one) is "
                         "most likely to give you those? What would you ask an employer to "
                         "find out?"),
    Question("02", "02", "Which scenario leaves you best off? Is there a lower-paid or unpaid "
                         "option whose benefits (think of your priorities from lesson 01) would "
                         "be worth its net cost to you? If you could not afford it today, what "
                         "would have to change: fewer hours, a remote version, a stipend, "
                         "living at home?"),
    Question("03", "03", "Which certification, if any, do job ads in your field really ask "
                         "for? Given the hours you can truly study each week, would you rather "
                         "pay for it upfront or month by month, and why?"),
    Question("04-gut", "04", "Does the option at the top match your gut feeling? If it "
                             "doesn't, which weight or rating would you want to change, and is "
                             "that a real reason, or are you talking yourself into the option "
                             "you already liked?"),
    Question("04-fact", "04", "What one fact would you most like to find out about your top "
                              "two options before deciding, and who could tell you?"),
    Question("05", "05", "Which of your two weakest areas could you improve in the next two "
                         "weeks, and what is the very first step?"),
    Question("06", "06", "Which piece of feedback would help you most in the first month, and "
                         "whom will you ask for it?"),
    Question("07", "07", "What is the one thing in your plan you will do in the next seven "
                         "days?"),
)
# The question whose answer the take-home plan asks for until it has one: the plan's
# first step.
NEXT_STEP_QUESTION = "07"


def questions_of(lesson: str) -> list[Question]:
    found = [question for question in QUESTIONS if question.lesson == lesson]
    if not found:
        raise ValueError(f"Lesson {lesson!r} has no question; lessons with one: "
                         f"{', '.join(sorted({q.lesson for q in QUESTIONS}))}.")
    return found


def _what(question: Question) -> str:
    return f"Your answer to lesson {question.lesson}'s question"


def _one_line(text: str) -> str:
    """An answer as its one-line box shows it: a line break, in a plan written elsewhere,
    ran its words together there."""
    return re.sub(r"\s*\n\s*", " ", text)


def validate_section(data) -> dict:
    answers = mapping(data, {question.id: "" for question in QUESTIONS}, what="Your answers")
    texts = {question.id: _one_line(parse_text(answers[question.id],
                                               max_length=MAX_ANSWER_LENGTH,
                                               what=_what(question)))
             for question in QUESTIONS}
    return {question_id: text for question_id, text in texts.items() if text}


def with_answer(section: dict, question_id: str, text: str) -> dict:
    """The section with one answer as typed (an empty one removed); InputError, saying
    why (beside its box), for an answer the plan cannot keep."""
    answer = parse_text(text, max_length=MAX_ANSWER_LENGTH, what="This answer")
    return validate_section({**section, question_id: answer})


def summarise(section: dict) -> list[str]:
    """Each question answered, with its answer, in lesson order."""
    return [f"Lesson {question.lesson}: {question.text} Your answer: {section[question.id]}"
            for question in QUESTIONS if question.id in section]


def gaps(section: dict) -> list[str]:
    if NEXT_STEP_QUESTION in section:
        return []
    return ["No answer yet to the question at the end of lesson 07: the one thing in your "
            "plan you will do in the next seven days."]

