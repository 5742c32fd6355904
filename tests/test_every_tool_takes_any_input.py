"""Every tool of every lesson, handled as a hurried or curious participant would: odd text
in every box, every option of every list, every button pressed, in a dollar profile and
in a rupee one. Nothing may raise (a traceback on the page) nor fail in a button's or a
plan listener's handler (ipywidgets and the session only log those, and the tool then
stops answering), and the plan saved meanwhile must read back whole."""

from __future__ import annotations

import logging
import random

import ipywidgets as ipw
import pytest

import widgets
from tests.fakes import build_tool
from widgets.plan import read_plan_json

# Tools that take no typing: the facts panels and the FAQ are text only.
TOOLS = sorted(set(widgets.__all__) - {"facts_panel", "plan_faq"})

ODD_TEXT = [
    "", " ", "-1", "0", "-0", "+5", "1e309", "nan", "inf", "-inf", "0x10", "1_000", "1e3",
    "€5", "₹5,000", "USD 5", "$-5", "(5)", "12%", "1,2,3", "1.5.5", "1.500", "€12.500",
    "  12  ", "½", "١٢٣", "３", "𝟓", "\u202e123", "9" * 400, "a" * 5000,
    "<script>alert(1)</script>", "\x00", "1\n2", "\\N", "2026-02-30", "31/12/2026", "tomorrow",
]
CHOICES = (ipw.Dropdown, ipw.Select, ipw.RadioButtons, ipw.ToggleButtons)


def every_widget(root: ipw.Widget):
    stack, seen = [root], set()
    while stack:
        widget = stack.pop()
        if id(widget) in seen:
            continue
        seen.add(id(widget))
        yield widget
        stack.extend(getattr(widget, "children", ()) or ())


def use_everything(view, rng: random.Random) -> None:
    for widget in list(every_widget(view.widget)):
        if widget.layout.display == "none" or getattr(widget, "disabled", False):
            continue
        if isinstance(widget, (ipw.Text, ipw.Textarea, ipw.Combobox)):
            for text in rng.sample(ODD_TEXT, 8):
                widget.value = text
        elif isinstance(widget, CHOICES):
            for option in list(widget.options)[:6]:
                widget.value = option[1] if isinstance(option, tuple) else option
        elif isinstance(widget, ipw.Checkbox):
            widget.value = not widget.value
    for widget in list(every_widget(view.widget)):
        if isinstance(widget, ipw.Button) and not widget.disabled \
                and widget.layout.display != "none":
            widget.click()


@pytest.mark.parametrize("tool", TOOLS)
def test_odd_input_anywhere_never_breaks_a_tool_nor_the_saved_plan(
        tool, session, plan_path, caplog, capfd):
    profile = widgets.profile_form(session)
    view = build_tool(tool, session)
    rng = random.Random(tool)
    with caplog.at_level(logging.WARNING):
        for _round in range(3):  # new boxes appear after buttons (an editor, a question)
            for currency in ("USD", "INR"):
                profile.currency.value = currency
                use_everything(view, rng)
    failures = [record.getMessage() for record in caplog.records
                if "Exception in callback" in record.getMessage()]
    assert failures == []
    assert "Error in a tool" not in capfd.readouterr().err
    if plan_path.exists():
        _plan, unreadable = read_plan_json(plan_path.read_bytes())
        assert unreadable == []
