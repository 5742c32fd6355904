"""Sourced figures in the lessons: a problem in data/facts.csv (an instructor's edit) is
shown in place of the figures, as for the other data files, never as a traceback."""

from __future__ import annotations

import ipywidgets as ipw
import pytest

import widgets
from tests.test_every_tool_takes_any_input import every_widget
from widgets.my_plan.gui import faq_panel


@pytest.fixture
def facts_file(data_copy):
    return data_copy / "facts.csv"


def shown(box) -> str:
    return "".join(widget.value for widget in every_widget(box) if isinstance(widget, ipw.HTML))


def test_a_bad_cell_in_the_facts_shows_where_it_is_instead_of_the_figures(facts_file):
    """A decimal comma (22,06) stopped lessons 01, 02, 04, 05, 06 and 07 with a traceback."""
    facts_file.write_text(facts_file.read_text(encoding="utf-8").replace(",22.06,", ',"22,06",', 1),
                          encoding="utf-8")
    where = f"{facts_file}, line 2, column &#x27;value&#x27;: &#x27;22,06&#x27; is not a number"
    panel = shown(widgets.facts_panel(["nace_2024_offer_rate"], "Internships that lead to jobs"))
    assert "“Internships that lead to jobs” cannot be shown" in panel and where in panel
    answers = shown(faq_panel())
    assert "The answers cannot be shown" in answers and where in answers


def test_a_deleted_row_that_a_lesson_quotes_is_named(facts_file):
    lines = facts_file.read_text(encoding="utf-8").splitlines(keepends=True)
    facts_file.write_text("".join(line for line in lines
                                  if not line.startswith("nace_2024_offer_rate,")), encoding="utf-8")
    panel = shown(widgets.facts_panel(["nace_2024_offer_rate"]))
    assert (f"{facts_file}, column &#x27;id&#x27;: no row has the id &#x27;nace_2024_offer_rate&#x27;, "
            "which a lesson quotes") in panel
