"""Widget tests of the internship comparison table (lesson 04)."""

from __future__ import annotations

import json
import re

import widgets
from widgets import ui
from widgets.comparison.gui import NO_SCENARIO, SECTION, ComparisonTable
from widgets.comparison.model import CRITERION_KEYS, EQUAL_WEIGHT, InternshipOption, section_from
from widgets.internship_costs.gui import CostCalculator
from widgets.internship_costs.model import presets
from widgets.internship_costs.model import section_from as costs_section
from widgets.plan import PlanDocument

EQUAL = {key: EQUAL_WEIGHT for key in CRITERION_KEYS}


def ranked_titles(tool: ComparisonTable) -> list[str]:
    """The option column of the ranking table, top to bottom, without the ranks."""
    body = tool.ranking.value.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [cells[0].split(". ", 1)[1] for cells in (re.findall(r"<td>(.*?)</td>", row)
                                                      for row in body.split("</tr>") if row)]


def with_examples(session) -> ComparisonTable:
    tool = ComparisonTable(session)
    tool.examples_button.click()
    return tool


def test_the_lesson_cell_name_opens_the_tool():
    assert widgets.comparison_table is ComparisonTable


def test_empty_shortlist_says_what_to_do(session):
    tool = ComparisonTable(session)
    assert "Your shortlist is empty" in tool.message.value
    assert tool.editor is None and not ui.is_shown(tool.editing)
    assert "appears here once" in tool.ranking.value
    assert "same weight (3)" in tool.weights_note.value


def test_example_list_is_ranked_explained_and_saved(session, plan_path):
    tool = with_examples(session)
    assert "Added 8 example options" in tool.message.value
    titles = ranked_titles(tool)
    assert len(titles) == 8
    assert titles[0] == "Example Robotics Co. (fictional) – Mechanical engineering intern"
    assert "ranks first with" in tool.ranking.value and "runner-up" in tool.ranking.value
    assert "<svg" in tool.ranking.value and "Chart as a table" in tool.ranking.value
    saved = json.loads(plan_path.read_text())["sections"]["shortlist"]
    assert len(saved["options"]) == 8 and saved["weights_from"] == "equal"
    tool.examples_button.click()
    assert "already on your shortlist" in tool.message.value
    assert len(session.section("shortlist")["options"]) == 8


def test_weights_start_from_lesson_01_priorities(session):
    session.update("priorities", {"ratings": {"company_culture": 5, "soft_skills": 5,
                                              "hard_skills": 0, "path_to_offer": 0}})
    tool = with_examples(session)
    assert tool.weights["company_culture"].value == 5
    assert tool.weights["hard_skills"].value == 0
    assert tool.weights["network"].value == EQUAL_WEIGHT
    assert "come from your priorities in lesson 01" in tool.weights_note.value
    assert ranked_titles(tool)[0].startswith("Sample City Library")
    assert session.section("shortlist")["weights"]["company_culture"] == 5


def test_changed_priorities_flow_in_until_the_participant_sets_weights(session):
    tool = with_examples(session)
    session.update("priorities", {"ratings": {"network": 1}})
    assert tool.weights["network"].value == 1
    tool.weights["hard_skills"].value = 5
    assert session.section("shortlist")["weights_from"] == "own"
    assert "your own weights" in tool.weights_note.value
    assert ui.is_shown(tool.use_priorities)
    session.update("priorities", {"ratings": {"network": 4}})
    assert tool.weights["network"].value == 1  # own weights are not overwritten
    tool.use_priorities.click()
    assert tool.weights["network"].value == 4 and tool.weights["hard_skills"].value == 3
    assert session.section("shortlist")["weights_from"] == "priorities"


def test_all_weights_zero_is_explained_not_an_error(session):
    tool = with_examples(session)
    for control in tool.weights.values():
        control.value = 0
    assert "Every weight is 0" in tool.ranking.value


def test_editing_an_option_updates_ranking_list_and_plan_with_escaping(session):
    tool = with_examples(session)
    editor = tool.editor
    editor.texts["organisation"].value = "<script>alert(1)</script>"
    assert "<script>" not in tool.ranking.value and "&lt;script&gt;" in tool.ranking.value
    assert tool.editing.label.startswith("<script>alert(1)</script> – ")
    option = session.section("shortlist")["options"][0]
    assert option["organisation"] == "<script>alert(1)</script>"
    for criterion in CRITERION_KEYS:
        editor.ratings[criterion].value = 1
    assert ranked_titles(tool)[-1].startswith("&lt;script&gt;")


def test_bad_entry_gets_a_message_and_keeps_the_last_good_option(session):
    tool = with_examples(session)
    tool.editor.texts["weeks"].value = "500"
    assert "at most 104" in tool.editor.messages["weeks"].value
    assert "has an entry to fix" in tool.ranking.value
    assert session.section("shortlist")["options"][0]["weeks"] == 12
    tool.editor.texts["weeks"].value = "6"
    assert tool.editor.messages["weeks"].value == ""
    assert session.section("shortlist")["options"][0]["weeks"] == 6


def test_an_entry_refused_as_typed_leaves_the_option_as_before_the_change(session):
    """Typed one keystroke at a time, 1000 where 500 is the most saved 100 as the pay."""
    tool = with_examples(session)
    pay = session.section("shortlist")["options"][0]["hourly_pay"]
    for end in range(1, 5):
        tool.editor.texts["hourly_pay"].value = "1000"[:end]
    assert "at most" in tool.editor.messages["hourly_pay"].value
    assert session.section("shortlist")["options"][0]["hourly_pay"] == pay
    assert "keep what that entry held before you changed it" in tool.ranking.value
    tool.editor.texts["hourly_pay"].value = "100"
    assert session.section("shortlist")["options"][0]["hourly_pay"] == "100.00"


def test_the_rankings_caption_says_how_it_is_sorted(session):
    """Sorted A to Z, the caption still said "ranked by weighted score" over Rank 3, 1, 2."""
    tool = with_examples(session)
    assert "<caption>Your options, ranked by weighted score</caption>" in tool.ranking.value
    # Every table names itself: a screen reader lists tables by their captions.
    assert tool.ranking.value.count("<table") == tool.ranking.value.count("<caption>")
    tool.sort.value = "name"
    assert ("<caption>Your options, sorted by organisation (A to Z); Rank is by weighted "
            "score</caption>") in tool.ranking.value


def test_pay_fields_follow_the_kind_of_pay(session):
    tool = with_examples(session)
    editor = tool.editor
    assert not ui.is_shown(editor.texts["stipend"])
    editor.texts["hourly_pay"].value = "-3"
    editor.pay_kind.value = "stipend"
    editor.texts["stipend"].value = "2500"
    assert not ui.is_shown(editor.texts["hourly_pay"])
    assert editor.texts["hourly_pay"].value == "24.00"
    saved = session.section("shortlist")["options"][0]
    assert (saved["pay_kind"], saved["stipend"]) == ("stipend", "2500.00")
    assert "$2,500.00 stipend" in tool.ranking.value


def test_filters_and_sorting(session):
    tool = with_examples(session)
    tool.paid_only.value = True
    # The count is read out as the filters change it (as lesson 03's is), apart from
    # the ranking, whose tables are not.
    assert "Showing 6 of 8 options." in tool.count.value and 'role="status"' in tool.count.value
    assert "Showing" not in tool.ranking.value
    tool.remote_only.value = True
    assert len(ranked_titles(tool)) == 2
    tool.remote_only.value = False
    tool.paid_only.value = False
    tool.location.value = "Austin, TX"
    assert ranked_titles(tool) == ["Example University IT Desk (fictional) – IT support co-op"]
    assert "Add another option to compare." in tool.ranking.value
    tool.location.value = ""
    tool.sort.value = "pay"
    assert ranked_titles(tool)[0].startswith("Example University IT Desk")  # $18,200 in all
    tool.paid_only.value = True
    tool.location.value = "Portland, OR"
    assert "No option passes the filters" in tool.count.value and not tool.ranking.value


def test_the_location_filter_follows_a_location_as_it_is_typed(session):
    """It was one edit behind: a new location was offered only after the next edit, and a
    changed one kept offering the old place."""
    tool = with_examples(session)
    tool.editor.texts["location"].value = "Lisboa"
    offered = [value for _label, value in tool.location.options]
    assert "Lisboa" in offered
    tool.location.value = "Lisboa"
    tool.editor.texts["location"].value = "Porto"
    offered = [value for _label, value in tool.location.options]
    assert "Porto" in offered and "Lisboa" not in offered
    assert tool.location.value == "" and len(ranked_titles(tool)) == 8


def test_pay_length_and_net_result_are_copied_from_a_lesson_02_scenario(session):
    """Only the net result was copied: beside the option's own pay of $0.00 an hour, a net
    result of $6,198.80 contradicted it."""
    session.update("cost_scenarios", costs_section(presets()))
    tool = with_examples(session)
    class Saves(list):
        def saw(self, name):
            self.append(name)

    saves = Saves()
    session.on_change(saves.saw)  # the session keeps a weak reference to a method
    labels = [label for label, _ in tool.editor.copy_scenario.options]
    assert labels[1:] == ["Paid on-site: net result $6,198.80",
                          "Unpaid on-site: net result -$1,950.00",
                          "Paid virtual: net result $3,350.00"]
    tool.editor.copy_scenario.value = "example-unpaid"
    assert tool.editor.pay_kind.value == "unpaid"
    assert (tool.editor.texts["weeks"].value, tool.editor.texts["hours_per_week"].value,
            tool.editor.texts["net_result"].value) == ("10", "20", "-1950.00")
    assert tool.editor.copy_scenario.value == ""
    option = session.section("shortlist")["options"][0]
    assert (option["pay_kind"], option["weeks"], option["net_result"]) == ("unpaid", 10, "-1950.00")
    assert saves == ["shortlist"]  # one save for all of it
    assert "-$1,950.00" in tool.ranking.value


def test_copy_choice_is_hidden_without_lesson_02_scenarios(session):
    assert not ui.is_shown(with_examples(session).editor.copy_scenario)


def test_add_choose_and_remove_options(session):
    tool = ComparisonTable(session)
    tool.add_button.click()
    assert tool.editor.texts["organisation"].value == "New option 1"
    tool.add_button.click()
    assert tool.editing.label == "New option 2"
    tool.editing.value = session.section("shortlist")["options"][0]["id"]
    assert tool.editor.texts["organisation"].value == "New option 1"
    tool.remove_button.click()
    assert "Remove “New option 1”" in tool.confirm.question.value
    tool.confirm.no.click()
    assert len(session.section("shortlist")["options"]) == 2
    tool.remove_button.click()
    tool.confirm.yes.click()
    assert [o["organisation"] for o in session.section("shortlist")["options"]] == [
        "New option 2"]
    assert tool.editor.texts["organisation"].value == "New option 2"


def test_loading_a_plan_rebuilds_the_list_and_the_editor(session):
    tool = with_examples(session)
    option = InternshipOption(id="loaded1", organisation="Loaded Org", remote=True,
                              location="Remote")
    plan = PlanDocument().with_section("shortlist", section_from([option], EQUAL, "equal"))
    session.replace(plan)
    assert tool.editing.options == (("Loaded Org", "loaded1"),)
    assert tool.editor.id == "loaded1" and tool.editor.remote.value is True
    assert ranked_titles(tool) == ["Loaded Org"]


def test_under_voila_drafts_come_back_into_the_option_they_were_typed_in(browser_session):
    session, store = browser_session
    tool = ComparisonTable(session)
    assert tool.add_button.disabled and tool.weights["network"].disabled
    options = [InternshipOption(id="first1", organisation="First"),
               InternshipOption(id="second2", organisation="Second")]
    saved = json.dumps(section_from(options, EQUAL, "equal"))
    store._on_browser_message(store, {"op": "restore", "sections": {"shortlist": saved},
                                      "drafts": {"comparison.first1.role": "typed too late",
                                                 "comparison.editing": "Second",
                                                 "comparison.second2.organisation": "Second!"}},
                              [])
    assert not tool.add_button.disabled and not tool.weights["network"].disabled
    assert tool.editor.id == "second2"
    assert tool.editor.texts["organisation"].value == "Second!"
    names = [(o["organisation"], o["role"]) for o in session.section("shortlist")["options"]]
    # The first option's draft could only apply while its own editor was open.
    assert names == [("First", "typed too late"), ("Second!", "")]


def test_drafts_with_a_refused_entry_among_them_save_nothing_of_the_option(browser_session):
    """A reload's drafts came back one by one, each saved while still valid: the length and
    the pay were saved, then the empty organisation refused, so the plan held part of what
    was typed (and a pay of 0.00 beside the net result typed with it)."""
    session, store = browser_session
    tool = ComparisonTable(session)
    saved = json.dumps(section_from([InternshipOption(id="first1", organisation="First")],
                                    EQUAL, "equal"))
    store._on_browser_message(store, {"op": "restore", "sections": {"shortlist": saved},
                                      "drafts": {"comparison.first1.weeks": "10",
                                                 "comparison.first1.hourly_pay": "18",
                                                 "comparison.first1.organisation": ""}}, [])
    assert [tool.editor.texts[name].value for name in ("weeks", "hourly_pay", "organisation")] \
        == ["10", "18", ""]
    assert "cannot be empty" in tool.editor.messages["organisation"].value
    assert session.section("shortlist") == json.loads(saved)  # nothing of it saved yet
    tool.editor.texts["organisation"].value = "First again"  # all of it, once valid
    [option] = session.section("shortlist")["options"]
    assert (option["organisation"], option["weeks"], option["hourly_pay"]) == (
        "First again", 10, "18.00")

def test_showing_the_plan_again_keeps_an_editor_only_if_it_holds_the_option_as_saved(
        session):
    tool = with_examples(session)
    editor = tool.editor
    session.replace(session.plan)  # the same plan, loaded again
    assert tool.editor is editor and tool.editor_area.children == (editor.box,)
    editor.texts["hourly_pay"].value = "lots"  # refused, not saved
    session.replace(session.plan)
    assert tool.editor is not editor and editor.texts["hourly_pay"].comm is None
    assert tool.editor.texts["hourly_pay"].value != "lots"
    assert tool.editor.messages["hourly_pay"].value == ""


def test_a_refused_entry_waits_in_its_option_while_another_is_looked_at(session):
    tool = with_examples(session)
    first_id, second_id = tool.options[0].id, tool.options[1].id
    tool.editor.texts["hourly_pay"].value = "lots"
    tool.editor.ratings["network"].value = 1  # good, but held back by the refused pay
    tool.editing.value = second_id
    assert tool.editor.messages["hourly_pay"].value == ""
    tool.editing.value = first_id
    assert tool.editor.texts["hourly_pay"].value == "lots"
    assert tool.editor.ratings["network"].value == 1
    assert "must be a number" in tool.editor.messages["hourly_pay"].value
    assert "has an entry to fix" in tool.ranking.value
    assert session.section("shortlist")["options"][0]["ratings"]["network"] != 1
    tool.editor.texts["hourly_pay"].value = "21.50"
    option = session.section("shortlist")["options"][0]
    assert (option["hourly_pay"], option["ratings"]["network"]) == ("21.50", 1)


def test_in_another_currency_the_example_options_are_said_to_be_paid_in_us_dollars(session):
    assert "US dollars" not in with_examples(session).ranking.value
    session.clear()
    session.update("profile", {**session.section("profile"), "currency": "EUR"})
    tool = with_examples(session)
    assert "example options are US internships, paid in US dollars: shown in EUR" in tool.ranking.value


def test_a_pay_refused_for_its_sign_counts_once_the_amounts_take_that_currency(session):
    """After "These amounts are in EUR", a box still holding "€25" kept its message (counted
    in USD) until retyped, and the 25 was not saved."""
    with_examples(session)
    session.update("profile", {**session.section("profile"), "currency": "EUR"})
    tool = ComparisonTable(session)
    tool.editor.texts["hourly_pay"].value = "€25"
    assert "counted in USD" in tool.editor.messages["hourly_pay"].value
    tool.kept_currency.relabel.click()
    assert tool.editor.messages["hourly_pay"].value == ""
    saved = session.section(SECTION)
    assert (saved["currency"], saved["options"][0]["hourly_pay"]) == ("EUR", "25.00")
    assert "€25.00 an hour" in tool.ranking.value and "now counted in EUR" in tool.message.value


def test_options_stay_in_the_currency_they_were_typed_in_until_told_otherwise(session):
    """A change of the profile's currency relabelled every amount typed before (24.00 an
    hour became €24.00) with no word, and lesson 07 then mixed currencies."""
    tool = with_examples(session)
    costs = CostCalculator(session)
    costs.editor.texts["weeks"].value = "11"  # lesson 02's scenarios saved in USD too
    session.update("profile", {**session.section("profile"), "currency": "EUR"})
    tool = ComparisonTable(session)
    assert "$24.00 an hour" in tool.ranking.value and "€" not in tool.ranking.value
    assert ui.is_shown(tool.kept_currency)
    assert ("Your options (and any net result copied from lesson 02) were typed in USD, and "
            "your profile now says EUR") in tool.kept_currency.note.value
    assert tool.kept_currency.relabel.description == "These amounts are in EUR"
    assert any("$" in label for label, _ in tool.editor.copy_scenario.options[1:])
    tool.editor.texts["hourly_pay"].value = "$25"  # typed in the options' own currency
    assert session.section(SECTION)["currency"] == "USD"
    assert session.section(SECTION)["options"][0]["hourly_pay"] == "25.00"

    tool.kept_currency.relabel.click()
    assert session.section(SECTION)["currency"] == "EUR"
    assert not ui.is_shown(tool.kept_currency) and "now counted in EUR" in tool.message.value
    assert "€25.00 an hour" in tool.ranking.value
    # Lesson 02's scenarios are still in USD: they are not offered to copy as euros.
    assert tool.editor.copy_scenario.options == (NO_SCENARIO,) or not ui.is_shown(tool.editor.copy_scenario)


def test_an_emptied_shortlist_starts_again_in_the_profiles_currency(session):
    """The note "typed in USD" stayed over an empty list, and over the option added next
    in the profile's currency, until a reload."""
    tool = with_examples(session)
    session.update("profile", {**session.section("profile"), "currency": "EUR"})
    tool = ComparisonTable(session)
    assert ui.is_shown(tool.kept_currency)
    while tool.options:
        tool.remove_button.click()
        tool.confirm.yes.click()
    assert not ui.is_shown(tool.kept_currency)
    tool.add_button.click()
    assert session.section(SECTION)["currency"] == "EUR" and not ui.is_shown(tool.kept_currency)


def test_the_empty_shortlist_note_goes_once_the_plan_brings_options(browser_session):
    """Under Voila the tool is built before the plan comes back: "Your shortlist is empty"
    stayed above the options restored from the browser."""
    from tests.fakes import browser_restores

    session, store = browser_session
    tool = ComparisonTable(session)
    assert "Your shortlist is empty" in tool.message.value
    saved = section_from([InternshipOption(id="a", organisation="Acme", role="Intern")],
                         EQUAL, "equal", "USD")
    browser_restores(store, {SECTION: saved}, {})
    assert tool.options and "Your shortlist is empty" not in tool.message.value
