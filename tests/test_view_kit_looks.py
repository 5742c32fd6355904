"""Shared looks: a tool's layouts and styles are a handful of widget models per kernel,
not one or two per control, because Voila sends every model to each visitor as the page
opens. Hiding a widget must therefore never touch the layout it shares."""

from __future__ import annotations

import re

import ipywidgets as ipw
import pytest
from ipywidgets.widgets import widget as widget_module
from traitlets import TraitError

import widgets
from tests.fakes import build_tool
from widgets import ui

LOOKS = (ipw.Layout, ipw.widgets.Style)


@pytest.mark.parametrize("tool", widgets.__all__)
def test_a_tool_adds_no_layout_or_style_model_of_its_own(tool, session):
    build_tool(tool, session)  # the first build may make the kernel's shared looks
    before = set(widget_module._instances)
    build_tool(tool, session)
    made = [model for key, model in widget_module._instances.items() if key not in before]
    assert made, "the tool built no widgets at all"
    assert [type(model).__name__ for model in made if isinstance(model, LOOKS)] == []


def test_hiding_one_widget_leaves_the_others_that_share_its_layout_alone():
    first, second = ui.text("first"), ui.text("second")
    assert first.layout is second.layout and first.style is second.style
    ui.set_shown(first, False)
    assert not ui.is_shown(first) and ui.is_shown(second)
    assert second.layout.display is None
    ui.set_shown(first, True)
    assert ui.is_shown(first)


def test_a_shared_look_refuses_a_change_that_would_restyle_every_widget_wearing_it():
    message = ui.Message()
    with pytest.raises(TraitError, match="ui.set_shown"):
        message.layout.display = "none"
    assert message.layout.display is None
    message.layout.display = None  # the same value is not a change


def test_the_theme_hides_what_set_shown_hides():
    assert ".ck-hidden { display: none !important; }" in ui.theme().value


@pytest.mark.parametrize("tool", widgets.__all__)
def test_showing_the_plan_again_leaves_no_widget_behind(tool, session):
    """A whole plan shown again (loaded, cleared, or, in JupyterLab, saved by another open
    lesson: up to once a second while the participant types there) rebuilds parts of a
    tool. What it replaces must be closed, or every refresh leaves models in the kernel
    and in the page."""
    view = build_tool(tool, session)
    examples = getattr(view, "examples_button", None)
    if examples is not None:
        examples.click()  # the comparison's editor exists only with an option
    session.replace(session.plan)
    before = len(widget_module._instances)
    for _ in range(5):
        session.replace(session.plan)
    assert len(widget_module._instances) == before


def test_each_source_link_is_named_with_its_fact():
    """Lesson 01's six links all read "NACE, press release" to a screen reader."""
    from widgets.facts import facts_list_html

    html = facts_list_html(["nace_2023_hourly_wage_bachelor", "nace_2023_hourly_wage_cs"], "Facts")
    names = re.findall(r'aria-label="([^"]+)"', html)
    assert len(set(names)) == 2
    assert all(name.startswith("NACE, Hourly wages for interns") for name in names)  # as shown


def test_a_list_of_figures_says_what_a_median_is_once_if_it_uses_the_word():
    from widgets.facts import facts_list_html

    html = facts_list_html(["nace_2023_salary_paid", "nace_2023_salary_unpaid"], "Facts")
    assert html.count("Median: the middle value") == 1
    assert "Median:" not in facts_list_html(["nace_2024_offer_rate"], "Facts")
