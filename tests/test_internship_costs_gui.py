"""Widget tests of the internship cost calculator (lesson 02)."""

from __future__ import annotations

import html
import json

import widgets
from tests.fakes import browser_restores, browser_says
from widgets import ui
from widgets.internship_costs.gui import CostCalculator
from widgets.internship_costs.model import MAX_SCENARIOS, presets, section_from, summarise
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
    assert "<caption>The figures for " in first(tool).result.value
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


def type_in(control, text: str) -> None:
    """Each keystroke's value in turn, as the page sends them."""
    for end in range(1, len(text) + 1):
        control.value = text[:end]


def test_an_entry_refused_leaves_the_plan_as_before_it_was_changed_not_part_of_it(session):
    """Typing 99999 where 10000 is the most saved 9999, a keystroke before: every later
    lesson, the summary and the exports then showed a cost the student never entered."""
    tool = CostCalculator(session)
    editor = first(tool)
    editor.texts["weeks"].value = "10"  # the examples are saved from the first change on
    type_in(editor.texts["housing_per_week"], "99999")
    assert "at most" in editor.messages["housing_per_week"].value
    saved = session.section("cost_scenarios")["scenarios"][0]
    assert saved["housing_per_week"] == "250.00" and saved["weeks"] == 10
    assert "keep what that entry held before you changed it" in tool.comparison.value
    editor.texts["housing_per_week"].value = "9999"  # what they meant after all
    assert session.section("cost_scenarios")["scenarios"][0]["housing_per_week"] == "9999.00"
    # A name that another scenario has: the scenario keeps its own, not "Unpaid on-sit".
    type_in(editor.texts["name"], "Unpaid on-site")
    assert "already have a scenario called" in editor.messages["name"].value
    assert session.section("cost_scenarios")["scenarios"][0]["name"] == "Paid on-site"
    assert names(tool)[0] == "Paid on-site"
    assert editor.texts["name"].value == "Unpaid on-site"  # what they typed stays, marked


def test_bad_entry_gets_a_message_beside_it_and_no_wrong_total(session):
    tool = CostCalculator(session)
    editor = first(tool)
    editor.texts["weeks"].value = "10"
    editor.texts["hours_per_week"].value = "forty"
    assert "Hours per week must be a number" in editor.messages["hours_per_week"].value
    # Read out after the key typed, not over it: an alert at every key cut the screen
    # reader off as it said the key.
    assert 'role="status"' in editor.messages["hours_per_week"].value
    assert "Fix the marked entries" in editor.result.value
    assert "$" not in editor.result.value
    assert session.section("cost_scenarios")["scenarios"][0]["hours_per_week"] == "40"
    assert "“Paid on-site” has an entry to fix" in tool.comparison.value
    editor.texts["hours_per_week"].value = "35"
    assert editor.messages["hours_per_week"].value == ""
    assert "has an entry to fix" not in tool.comparison.value
    assert session.section("cost_scenarios")["scenarios"][0]["hours_per_week"] == "35"


def test_an_amount_in_another_currency_gets_a_message_beside_it_and_is_not_counted(session):
    session.update("profile", {**session.section("profile"), "currency": "INR"})
    tool = CostCalculator(session)
    editor = first(tool)
    before = session.section("cost_scenarios")
    editor.texts["relocation"].value = "$1,500"
    assert "counted in INR" in editor.messages["relocation"].value
    assert "₹" not in editor.result.value and session.section("cost_scenarios") == before
    editor.texts["relocation"].value = "₹1,500"
    assert editor.messages["relocation"].value == ""
    assert session.section("cost_scenarios")["scenarios"][0]["relocation"] == "1500.00"


def test_an_amount_with_a_point_between_thousands_gets_a_message_beside_it(session):
    session.update("profile", {**session.section("profile"), "currency": "EUR"})
    tool = CostCalculator(session)
    editor = first(tool)
    before = session.section("cost_scenarios")
    editor.texts["relocation"].value = "1.500"  # 1,500 where a point groups thousands
    assert "can be read two ways" in editor.messages["relocation"].value
    assert session.section("cost_scenarios") == before
    editor.texts["relocation"].value = "1500"
    assert session.section("cost_scenarios")["scenarios"][0]["relocation"] == "1500.00"


def test_scenario_name_is_escaped_and_names_its_choice(session):
    tool = CostCalculator(session)
    first(tool).texts["name"].value = "<img src=x onerror=alert(1)>"
    assert names(tool)[0] == "<img src=x onerror=alert(1)>"
    assert tool.editing.value == tool.scenarios[0].id
    for shown in (first(tool).result.value, tool.comparison.value):
        assert "<img" not in shown and "&lt;img" in shown


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
    assert len(tool.scenarios) == MAX_SCENARIOS
    assert not tool.add_button.disabled  # one too many: said, not silently greyed out
    tool.add_button.click()
    assert "You can keep up to 4 scenarios" in tool.message.value
    assert len(tool.scenarios) == MAX_SCENARIOS
    assert tool.editing.label == "My scenario 1" and tool.editor.id == tool.scenarios[3].id
    assert len(session.section("cost_scenarios")["scenarios"]) == 4
    tool.remove_button.click()
    assert "Remove the scenario “My scenario 1”" in tool.confirm.question.value
    assert len(tool.scenarios) == 4
    tool.confirm.yes.click()
    assert [s.name for s in tool.scenarios] == ["Paid on-site", "Unpaid on-site", "Paid virtual"]
    assert not ui.is_shown(tool.confirm)


def test_cancelled_remove_keeps_the_scenario_and_the_last_one_cannot_go(session):
    tool = CostCalculator(session)
    tool.remove_button.click()
    tool.confirm.no.click()
    assert len(tool.scenarios) == 3
    for _ in range(2):
        tool.editing.value = tool.scenarios[0].id
        tool.remove_button.click()
        tool.confirm.yes.click()
    assert [s.name for s in tool.scenarios] == ["Paid virtual"]
    assert tool.remove_button.disabled


def test_reset_asks_then_brings_back_the_examples_with_new_ids(session):
    tool = CostCalculator(session)
    first(tool).texts["name"].value = "Mine"
    old_ids = {scenario.id for scenario in tool.scenarios}
    tool.reset_button.click()
    tool.confirm.yes.click()
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
            {"cost_calculator.keep1.name": "Typed in the first", "cost_calculator.editing": "Unpaid on-site",
             "cost_calculator.keep2.weeks": "7", "cost_calculator.gone.weeks": "99",
             "cost_calculator.keep3.weeks": "1", "cost_calculator.example-paid.weeks": "2"})
    assert tool.editor.id == "keep2"
    assert tool.editor.texts["weeks"].value == "7"
    scenarios = session.section("cost_scenarios")["scenarios"]
    assert [s["weeks"] for s in scenarios] == [12, 7, 10]
    assert scenarios[0]["name"] == "Typed in the first"
    assert not tool.add_button.disabled and not tool.editor.texts["weeks"].disabled
    assert "cost_calculator.keep2.income_given_up_per_week" in store.tracked


def test_under_voila_the_restore_keeps_the_editor_when_it_already_shows_the_plan(
        browser_session):
    """Every page load restores the plan; an editor that already shows the scenario as
    saved stays, instead of some thirty widgets closed and made again on the page."""
    session, store = browser_session
    tool = CostCalculator(session)
    editor, weeks = tool.editor, tool.editor.texts["weeks"]
    browser_restores(store, {}, {})  # a first visit: nothing kept, the examples stay
    assert tool.editor is editor and weeks.comm is not None and not weeks.disabled
    assert tool.editor_area.children == (editor.box,)
    weeks.value = "9"
    changed = json.loads(json.dumps(session.section("cost_scenarios")))
    changed["scenarios"][0]["weeks"] = 5  # the same scenario, saved otherwise in another tab
    browser_says(store, op="external", section="cost_scenarios", text=json.dumps(changed))
    # The entry saved otherwise goes into its box: the editor stays (the page may be
    # sending what was typed into another box in that moment).
    assert tool.editor is editor and weeks.comm is not None
    assert weeks.value == "5" and "5 weeks" in tool.editor.result.value


def test_a_refused_entry_waits_in_its_scenario_while_another_is_looked_at(session):
    tool = CostCalculator(session)
    editor = first(tool)
    editor.texts["weeks"].value = "zero"
    editor.texts["name"].value = "My summer"  # good, but held back by the refused weeks
    saved_before = session.section("cost_scenarios")
    tool.editing.value = tool.scenarios[1].id
    assert tool.editor.texts["weeks"].value == "10" and tool.editor.messages["weeks"].value == ""
    tool.editing.value = tool.scenarios[0].id
    editor = tool.editor
    assert editor.texts["weeks"].value == "zero" and editor.texts["name"].value == "My summer"
    assert "Length in weeks must be a number" in editor.messages["weeks"].value
    assert "Fix the marked entries" in editor.result.value
    assert session.section("cost_scenarios") == saved_before
    editor.texts["weeks"].value = "8"
    saved = session.section("cost_scenarios")["scenarios"][0]
    assert (saved["name"], saved["weeks"]) == ("My summer", 8)
    assert names(tool)[0] == "My summer"


def test_another_lesson_changing_the_scenario_wins_over_a_refused_entry(plan_path):
    """JupyterLab: lesson 02 open twice (two kernels, one file), as a class might."""
    from widgets.profile.gui import ProfileForm
    from widgets.session import PlanSession
    from widgets.storage import FilePlanStore

    here = CostCalculator(PlanSession(FilePlanStore(plan_path)))
    here.add_button.click()  # the examples are saved now
    first(here).texts["weeks"].value = "zero"
    ProfileForm(PlanSession(FilePlanStore(plan_path))).name.value = "Ana"
    here.session.take_what_other_lessons_saved()  # another section: the entry stays
    assert here.editor.texts["weeks"].value == "zero"
    assert "Length in weeks must be a number" in here.editor.messages["weeks"].value
    elsewhere = CostCalculator(PlanSession(FilePlanStore(plan_path)))
    first(elsewhere).texts["weeks"].value = "9"
    here.session.take_what_other_lessons_saved()  # this scenario: what was saved counts
    assert here.editor.texts["weeks"].value == "9" and here.editor.messages["weeks"].value == ""
    here.editing.value = here.scenarios[1].id
    here.editing.value = here.scenarios[0].id
    assert here.editor.texts["weeks"].value == "9"


def test_clearing_or_loading_a_plan_leaves_no_refused_entry_behind(session):
    tool = CostCalculator(session)
    first(tool).texts["weeks"].value = "zero"
    session.clear()
    assert first(tool).texts["weeks"].value == "12"
    first(tool).texts["weeks"].value = "zero"
    session.replace(PlanDocument())
    tool.editing.value = tool.scenarios[1].id
    assert first(tool).texts["weeks"].value == "12" and first(tool).messages["weeks"].value == ""


def test_under_voila_a_draft_of_a_scenario_not_shown_comes_back_when_it_is_chosen(
        browser_session):
    session, store = browser_session
    tool = CostCalculator(session)
    saved = section_from(presets(("keep1", "keep2", "keep3")))
    browser_restores(store, {"cost_scenarios": saved},
                     {"cost_calculator.keep2.weeks": "zero", "cost_calculator.keep3.weeks": "5"})
    assert tool.editor.id == "keep1"
    tool.editing.value = "keep2"
    assert tool.editor.texts["weeks"].value == "zero"
    assert "Length in weeks must be a number" in tool.editor.messages["weeks"].value
    tool.editing.value = "keep3"  # typed, and the page reloaded before the kernel saved it
    assert session.section("cost_scenarios")["scenarios"][2]["weeks"] == 5
    tool.editing.value = "keep2"
    assert tool.editor.texts["weeks"].value == "zero"


def test_under_voila_a_draft_kept_over_a_reload_gives_way_to_another_tab(browser_session):
    """The draft carries no trace of the plan it was typed over: once another tab saved,
    it could undo that tab's change, so it is dropped."""
    session, store = browser_session
    tool = CostCalculator(session)
    saved = section_from(presets(("keep1", "keep2", "keep3")))
    browser_restores(store, {"cost_scenarios": saved}, {"cost_calculator.keep2.weeks": "3"})
    changed = section_from(presets(("keep1", "keep2", "keep3")))
    changed["scenarios"][1]["weeks"] = 7
    browser_says(store, op="external", section="cost_scenarios", text=json.dumps(changed))
    tool.editing.value = "keep2"
    assert tool.editor.texts["weeks"].value == "7"
    assert session.section("cost_scenarios")["scenarios"][1]["weeks"] == 7


def test_in_another_currency_the_examples_us_figures_are_said_to_be_us_dollars(session):
    """Shown as ₹10,588.80, the example's US wage read as an Indian one."""
    session.update("profile", {**session.section("profile"), "currency": "INR"})
    tool = CostCalculator(session)
    warning = ("Note: Some amounts are still the examples' US figures in US dollars: “Paid on-site” "
               "(all its amounts); “Unpaid on-site” (all its amounts); “Paid virtual” (all its "
               "amounts). Shown in INR they are not real amounts")
    assert warning in html.unescape(tool.comparison.value)
    # And beside the first result a participant sees, the open scenario's own.
    result = html.unescape(tool.editor.result.value)
    assert result.index("“Paid on-site” (all its amounts). Shown in INR") < result.index("you receive")
    first(tool).texts["hourly_pay"].value = "250"  # the participant's own figure
    # The costs they have not changed are still the example's, and are still named.
    assert ("“Paid on-site” (relocation or travel, lost deposits and fees, extra housing per "
            "week, commute per week and extra food per week); “Unpaid on-site”") in html.unescape(
        tool.comparison.value)
    first(tool).texts["hourly_pay"].value = "22.06"
    session.update("profile", {**session.section("profile"), "currency": "USD"})
    tool = CostCalculator(session)  # the scenarios stay in INR, as typed
    assert "Shown in INR they are not real amounts" in tool.comparison.value
    tool.kept_currency.relabel.click()  # they are in fact US dollars
    assert "US figures" not in tool.comparison.value


def test_scenarios_stay_in_the_currency_they_were_typed_in_until_told_otherwise(session):
    """Choosing GBP in lesson 00 relabelled every amount typed in euros (a €3,000.00
    stipend became £3,000.00) with no word, and lesson 07 then mixed currencies."""
    session.update("profile", {**session.section("profile"), "currency": "EUR"})
    first(CostCalculator(session)).texts["weeks"].value = "11"
    session.update("profile", {**session.section("profile"), "currency": "GBP"})
    tool = CostCalculator(session)
    assert "€9,706.40" in first(tool).result.value and "£" not in tool.comparison.value
    assert ui.is_shown(tool.kept_currency)
    assert "Your scenarios were typed in EUR, and your profile now says GBP" in \
        tool.kept_currency.note.value
    first(tool).texts["weeks"].value = "12"
    first(tool).texts["food_per_week"].value = "€45"  # typed in the scenarios' own currency
    assert first(tool).messages["food_per_week"].value == ""
    assert session.section("cost_scenarios")["currency"] == "EUR"
    assert "€" in " ".join(summarise(session.section("cost_scenarios")))  # lesson 07 too

    first(tool).texts["food_per_week"].value = "45"
    tool.kept_currency.relabel.click()
    assert session.section("cost_scenarios")["currency"] == "GBP"
    assert not ui.is_shown(tool.kept_currency) and "now counted in GBP" in tool.message.value
    assert "£" in first(tool).result.value and "€" not in tool.comparison.value


def test_an_amount_refused_for_its_sign_counts_once_the_amounts_take_that_currency(session):
    """After "These amounts are in GBP", a box still holding "£45" kept its message (counted
    in EUR) until retyped, and the 45 was not saved."""
    session.update("profile", {**session.section("profile"), "currency": "EUR"})
    first(CostCalculator(session)).texts["weeks"].value = "11"
    session.update("profile", {**session.section("profile"), "currency": "GBP"})
    tool = CostCalculator(session)
    first(tool).texts["food_per_week"].value = "£45"
    assert "counted in EUR" in first(tool).messages["food_per_week"].value
    tool.kept_currency.relabel.click()
    assert first(tool).messages["food_per_week"].value == ""
    saved = session.section("cost_scenarios")
    assert (saved["currency"], saved["scenarios"][0]["food_per_week"]) == ("GBP", "45.00")
    assert "now counted in GBP" in tool.message.value


def test_starting_again_from_the_examples_uses_the_profiles_currency(session):
    """The examples came back in the currency of the scenarios they replaced, still said
    to be "typed in EUR", and £20 was refused."""
    session.update("profile", {**session.section("profile"), "currency": "EUR"})
    first(CostCalculator(session)).texts["weeks"].value = "11"
    session.update("profile", {**session.section("profile"), "currency": "GBP"})
    tool = CostCalculator(session)
    assert ui.is_shown(tool.kept_currency)
    tool.reset_button.click()
    tool.confirm.yes.click()
    assert session.section("cost_scenarios")["currency"] == "GBP"
    assert not ui.is_shown(tool.kept_currency)
    first(tool).texts["food_per_week"].value = "£20"
    assert first(tool).messages["food_per_week"].value == ""


def test_the_largest_amounts_accepted_follow_the_currency(session):
    """₹600 an hour was refused as more than 500: a cap set for dollars."""
    session.update("profile", {**session.section("profile"), "currency": "INR"})
    editor = first(CostCalculator(session))
    editor.texts["hourly_pay"].value = "600"
    assert editor.messages["hourly_pay"].value == ""
    assert session.section("cost_scenarios")["scenarios"][0]["hourly_pay"] == "600.00"
    editor.texts["hourly_pay"].value = "60000"
    assert "Hourly pay must be at most 50000" in editor.messages["hourly_pay"].value


def test_two_scenarios_cannot_share_a_name(session):
    """Two "Unpaid on-site" could not be told apart in the chooser, the table or lesson 04."""
    tool = CostCalculator(session)
    first(tool).texts["name"].value = " unpaid ON-SITE "
    assert "You already have a scenario called “unpaid ON-SITE”" in html.unescape(
        first(tool).messages["name"].value)
    assert names(tool) == ["Paid on-site", "Unpaid on-site", "Paid virtual"]
    assert "Fix the marked entries" in first(tool).result.value
    first(tool).texts["name"].value = "Paid on-site, summer"
    assert names(tool)[0] == "Paid on-site, summer"
