"""Widget tests of the internship cost calculator (lesson 02)."""

from __future__ import annotations

import json

import widgets
from tests.fakes import browser_restores
from widgets import ui
from widgets.internship_costs.gui import CostCalculator
from widgets.internship_costs.model import MAX_SCENARIOS, presets, section_from
from widgets.plan import PlanDocument


def first(tool: CostCalculator):
    """The editor, showing the first scenario."""
    tool.editing.value = tool.scenarios[0].id
    return tool.editor


def names(tool: CostCalculator) -> list[str]:
    return [label for label, _ in tool.editing.options]


def test_the_lesson_cell_name_opens_the_tool():
    assert widgets.cost_calculator is CostCalculator


def test_examples_are_shown_but_not_saved_until_changed(session, plan_path):
    tool = CostCalculator(session)
    assert names(tool) == ["Paid on-site", "Unpaid on-site", "Paid virtual"]
    assert "not saved yet" in tool.message.value
    assert "$6,198.80 ahead" in first(tool).result.value
    assert not plan_path.exists()


def test_changing_weeks_changes_the_result_and_saves_decimal_strings(session, plan_path):
    tool = CostCalculator(session)
    first(tool).texts["weeks"].value = "10"
    assert "Over 10 weeks" in first(tool).result.value
    assert "$8,824.00" in first(tool).result.value  # 882.40 x 10
    saved = json.loads(plan_path.read_text())["sections"]["cost_scenarios"]["scenarios"]
    assert len(saved) == 3
    assert saved[0]["weeks"] == 10 and saved[0]["hourly_pay"] == "22.06"
    assert tool.message.value == ""
    assert "$8,824.00" in tool.comparison.value


def test_bad_entry_gets_a_message_beside_it_and_no_wrong_total(session):
    tool = CostCalculator(session)
    editor = first(tool)
    editor.texts["weeks"].value = "10"
    editor.texts["hours_per_week"].value = "forty"
    assert "Hours per week must be a number" in editor.messages["hours_per_week"].value
    assert "Fix the marked entries" in editor.result.value
    assert "$" not in editor.result.value
    assert session.section("cost_scenarios")["scenarios"][0]["hours_per_week"] == "40"
    assert "“Paid on-site” has an entry to fix" in tool.comparison.value
    editor.texts["hours_per_week"].value = "35"
    assert editor.messages["hours_per_week"].value == ""
    assert "has an entry to fix" not in tool.comparison.value
    assert session.section("cost_scenarios")["scenarios"][0]["hours_per_week"] == "35"


def test_scenario_name_is_escaped_and_names_its_choice(session):
    tool = CostCalculator(session)
    first(tool).texts["name"].value = "<img src=x onerror=alert(1)>"
    assert names(tool)[0] == "<img src=x onerror=alert(1)>"
    assert tool.editing.value == tool.scenarios[0].id
    for html in (first(tool).result.value, tool.comparison.value):
        assert "<img" not in html and "&lt;img" in html


def test_pay_kind_shows_only_the_pay_field_it_needs(session):
    editor = first(CostCalculator(session))
    assert ui.is_shown(editor.texts["hourly_pay"])
    assert not ui.is_shown(editor.texts["stipend"])
    editor.pay_kind.value = "stipend"
    editor.texts["stipend"].value = "3000"
    assert ui.is_shown(editor.texts["stipend"])
    assert not ui.is_shown(editor.texts["hourly_pay"])
    assert "or a stipend of at least $4,390.00" in editor.result.value
    editor.pay_kind.value = "unpaid"
    assert not ui.is_shown(editor.texts["stipend"])
    assert "$4,390.00 out of pocket" in editor.result.value


def test_a_hidden_pay_field_never_keeps_a_bad_entry(session):
    tool = CostCalculator(session)
    editor = first(tool)
    editor.texts["hourly_pay"].value = "a lot"
    assert "must be a number" in editor.messages["hourly_pay"].value
    editor.pay_kind.value = "unpaid"
    assert editor.texts["hourly_pay"].value == "22.06" and editor.messages["hourly_pay"].value == ""
    assert session.section("cost_scenarios")["scenarios"][0]["pay_kind"] == "unpaid"
    assert "out of pocket" in editor.result.value


def test_add_up_to_four_then_remove_after_confirming(session):
    tool = CostCalculator(session)
    tool.add_button.click()
    assert len(tool.scenarios) == MAX_SCENARIOS and tool.add_button.disabled
    assert tool.editing.label == "My scenario 1" and tool.editor.id == tool.scenarios[3].id
    assert len(session.section("cost_scenarios")["scenarios"]) == 4
    tool.remove_button.click()
    assert "Remove the scenario “My scenario 1”" in tool.confirm_text.value
    assert len(tool.scenarios) == 4
    tool.confirm_yes.click()
    assert [s.name for s in tool.scenarios] == ["Paid on-site", "Unpaid on-site", "Paid virtual"]
    assert not tool.add_button.disabled
    assert not ui.is_shown(tool.confirm)


def test_cancelled_remove_keeps_the_scenario_and_the_last_one_cannot_go(session):
    tool = CostCalculator(session)
    tool.remove_button.click()
    tool.confirm_no.click()
    assert len(tool.scenarios) == 3
    for _ in range(2):
        tool.editing.value = tool.scenarios[0].id
        tool.remove_button.click()
        tool.confirm_yes.click()
    assert [s.name for s in tool.scenarios] == ["Paid virtual"]
    assert tool.remove_button.disabled


def test_reset_asks_then_brings_back_the_examples_with_new_ids(session):
    tool = CostCalculator(session)
    first(tool).texts["name"].value = "Mine"
    old_ids = {scenario.id for scenario in tool.scenarios}
    tool.reset_button.click()
    tool.confirm_yes.click()
    assert names(tool)[0] == "Paid on-site" and tool.editor.texts["name"].value == "Paid on-site"
    assert not old_ids & {scenario.id for scenario in tool.scenarios}
    assert session.section("cost_scenarios")["scenarios"][0]["name"] == "Paid on-site"


def test_money_is_shown_in_the_profile_currency(session):
    tool = CostCalculator(session)
    session.update("profile", {**session.section("profile"), "currency": "EUR"})
    assert "€6,198.80" in first(tool).result.value and "€" in tool.comparison.value
    first(tool).texts["weeks"].value = "11"
    assert session.section("cost_scenarios")["currency"] == "EUR"


def test_side_by_side_table_and_chart_with_text_alternative(session):
    html = CostCalculator(session).comparison.value
    assert "Best net result: Paid on-site." in html
    assert "Break-even hourly pay" in html and "-$1,950.00" in html
    assert "<svg" in html and "Chart as a table" in html
    assert "Income and cost of each scenario: Paid on-site: income $10,588.80" in html


def test_reopening_and_loading_a_plan_show_saved_scenarios(session):
    CostCalculator(session).add_button.click()
    again = CostCalculator(session)
    assert len(again.scenarios) == 4 and "not saved" not in again.message.value
    plan = PlanDocument().with_section("cost_scenarios", section_from(presets(("a", "b", "c"))[:1]))
    session.replace(plan)
    assert names(again) == ["Paid on-site"] and again.editor.id == "a"


def test_under_voila_a_draft_returns_to_its_own_scenario_only(browser_session):
    session, store = browser_session
    tool = CostCalculator(session)
    assert tool.add_button.disabled and tool.editor.texts["weeks"].disabled
    saved = section_from(presets(("keep1", "keep2", "keep3")))
    # In the browser's drafts, the choice of scenario comes before what was typed in it.
    browser_restores(store, {"cost_scenarios": saved},
            {"cost_calculator.keep1.name": "Typed in the first", "cost_calculator.editing": 1,
             "cost_calculator.keep2.weeks": "7", "cost_calculator.gone.weeks": "99",
             "cost_calculator.keep3.weeks": "1", "cost_calculator.example-paid.weeks": "2"})
    assert tool.editor.id == "keep2"
    assert tool.editor.texts["weeks"].value == "7"
    scenarios = session.section("cost_scenarios")["scenarios"]
    assert [s["weeks"] for s in scenarios] == [12, 7, 10]
    assert scenarios[0]["name"] == "Typed in the first"
    assert not tool.add_button.disabled and not tool.editor.texts["weeks"].disabled
    assert "cost_calculator.keep2.income_given_up_per_week" in store.tracked
