"""The lessons' closing questions and the answers kept in the plan."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from widgets.plan import PlanDocument, PlanError, plan_from_json, validate_section
from widgets.reflections import model
from widgets.validation import InputError

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def lesson_cells(path: Path) -> tuple[str, str]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    def text(kind):
        return "\n".join("".join(cell["source"]) for cell in cells if cell["cell_type"] == kind)
    return text("code"), text("markdown")


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("0*.ipynb")), ids=lambda path: path.stem)
def test_each_lesson_asks_its_own_questions_and_its_text_quotes_them_word_for_word(path):
    code, markdown = lesson_cells(path)
    lesson = path.stem[:2]
    assert re.findall(r'widgets\.lesson_question\("(\d\d)"\)', code) == [lesson]
    for question in model.questions_of(lesson):
        # In the lesson's text too, to be read before the cell runs (a projector, a lesson
        # opened to prepare): word for word what the take-home plan prints beside the answer.
        assert f"> *{question.text}*" in markdown


def test_every_question_belongs_to_a_lesson_and_an_unknown_lesson_is_named():
    assert {question.lesson for question in model.QUESTIONS} == {f"0{n}" for n in range(8)}
    assert [q.id for q in model.questions_of("04")] == ["04-gut", "04-fact"]
    with pytest.raises(ValueError, match="'08' has no question; lessons with one: 00, 01"):
        model.questions_of("08")


def test_answers_are_kept_trimmed_in_lesson_order_and_an_emptied_one_goes():
    section = model.with_answer(model.EMPTY_SECTION, "07", "  Call the careers office  ")
    section = model.with_answer(section, "01", "Paid, on-site")
    assert section == {"01": "Paid, on-site", "07": "Call the careers office"}
    assert list(section) == ["01", "07"]
    assert model.with_answer(section, "07", "  \n ") == {"01": "Paid, on-site"}


@pytest.mark.parametrize("answers, words", [
    ({"07": "x" * 1001}, "Your answer to lesson 07's question is too long (1001 characters"),
    ({"08": "An answer"}, "unknown fields: 08"),
    ({"07": 7}, "Your answer to lesson 07's question must be text"),
    ([], "must be an object"),
])
def test_a_section_the_kit_would_not_write_is_refused_with_what_is_wrong(answers, words):
    with pytest.raises(PlanError, match=re.escape(words)):
        validate_section("reflections", answers)


def test_an_answer_is_one_line_as_its_box_shows_it():
    """An answer with line breaks (a plan written elsewhere) ran its words together in its
    one-line box: "Line oneline two"."""
    assert validate_section("reflections", {"05": "Line one\r\n  line two\n"}) == {
        "05": "Line one line two"}


def test_a_too_long_answer_is_refused_before_it_reaches_the_plan():
    with pytest.raises(InputError, match="at most 1000"):
        model.with_answer(model.EMPTY_SECTION, "00", "y" * 1001)


def test_the_summary_prints_each_answered_question_beside_its_answer():
    section = {"04-fact": "Ask a former intern", "00": "A job offer"}
    lines = model.summarise(validate_section("reflections", section))
    assert lines == [
        "Lesson 00: What would make an internship a success for you, twelve months from now? "
        "Your answer: A job offer",
        "Lesson 04: What one fact would you most like to find out about your top two options "
        "before deciding, and who could tell you? Your answer: Ask a former intern",
    ]
    assert model.summarise(model.EMPTY_SECTION) == []


def test_only_the_plans_first_step_is_asked_for_until_it_is_answered():
    assert model.gaps({"00": "A job offer"}) == [
        "No answer yet to the question at the end of lesson 07: the one thing in your plan "
        "you will do in the next seven days."]
    assert model.gaps({"07": "Update my CV"}) == []


def test_a_plan_from_before_the_questions_reads_with_none_answered_and_answers_come_back():
    older = PlanDocument().to_dict()
    del older["sections"]["reflections"]
    plan = plan_from_json(json.dumps(older))
    assert plan.section("reflections") == model.EMPTY_SECTION
    plan = plan.with_section("reflections", {"07": "Email Ana <b>"})
    assert plan_from_json(plan.to_json()).section("reflections") == {"07": "Email Ana <b>"}
