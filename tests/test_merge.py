"""Two tabs of one lesson changing the same section at the same moment: both changes are
kept, and both tabs come to the same section."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fakes import RecordingStore, browser_says
from widgets.internship_costs.gui import CostCalculator
from widgets.merge import merge_changes, section_fingerprint
from widgets.plan import PlanDocument
from widgets.session import PlanSession

BASE = {"name": "Paid on-site", "hours": 40, "ratings": {"network": 3},
        "items": [{"id": "a", "v": 1}, {"id": "b", "v": 2}]}


def test_changes_to_different_parts_are_both_kept():
    ours = {**BASE, "name": "Tab A's name"}
    theirs = {**BASE, "hours": 33, "ratings": {"network": 3, "pay": 5}}
    assert merge_changes(BASE, ours, theirs) == {**BASE, "name": "Tab A's name", "hours": 33,
                                                 "ratings": {"network": 3, "pay": 5}}


def test_items_merge_by_id_and_a_changed_item_outlives_its_removal():
    ours = {**BASE, "items": [{"id": "a", "v": 10}, {"id": "c", "v": 3}]}  # b removed, c added
    theirs = {**BASE, "items": [{"id": "a", "v": 1}, {"id": "b", "v": 20}]}  # b changed
    assert merge_changes(BASE, ours, theirs)["items"] == [
        {"id": "a", "v": 10}, {"id": "b", "v": 20}, {"id": "c", "v": 3}]
    theirs_removed = {**BASE, "items": [{"id": "a", "v": 1}]}
    assert merge_changes(BASE, ours, theirs_removed)["items"] == [{"id": "a", "v": 10},
                                                                  {"id": "c", "v": 3}]


def test_two_items_added_at_once_under_one_id_are_both_kept():
    """The tracker, the goals and the journal number their items: two tabs adding at the
    same moment both made app-3, and one application was lost."""
    base = {"items": [{"id": "app-1", "v": 1}]}
    ours = {"items": [*base["items"], {"id": "app-2", "v": "Ours"}]}
    theirs = {"items": [*base["items"], {"id": "app-2", "v": "Theirs"}]}
    merged = merge_changes(base, ours, theirs)
    assert [item["v"] for item in merged["items"]] == [1, "Ours", "Theirs"]
    assert len({item["id"] for item in merged["items"]}) == 3
    assert merged == merge_changes(base, theirs, ours)


def test_a_change_on_top_of_the_other_is_simply_taken():
    ours = {**BASE, "hours": 33}
    assert merge_changes(BASE, ours, ours) == ours
    assert merge_changes(BASE, BASE, ours) == ours
    assert merge_changes(BASE, ours, BASE) == ours


values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.text(max_size=3),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.sampled_from("abc"), inner, max_size=3)
    | st.lists(st.fixed_dictionaries({"id": st.sampled_from("xyz"), "v": inner}), max_size=3,
               unique_by=lambda item: item["id"]),
    max_leaves=8)


@settings(max_examples=300, deadline=None)
@given(base=values, ours=values, theirs=values)
def test_both_tabs_come_to_the_same_section(base, ours, theirs):
    """Each tab merges with the sides swapped; were the results to differ, the tabs would
    each save theirs and never agree."""
    merged = merge_changes(base, ours, theirs)
    assert section_fingerprint(merged) == section_fingerprint(merge_changes(base, theirs, ours))
    # Sides compared as JSON keeps them, as the merge does: 0 == False in Python.
    if section_fingerprint(ours) == section_fingerprint(base):
        assert section_fingerprint(merged) == section_fingerprint(theirs)
    if section_fingerprint(theirs) == section_fingerprint(base):
        assert section_fingerprint(merged) == section_fingerprint(ours)


SCENARIOS = {"scenarios": [{
    "id": "a1b2c3d4", "name": "Paid on-site", "weeks": 12, "hours_per_week": "40",
    "pay_kind": "hourly", "hourly_pay": "22.06", "stipend": "0.00", "relocation": "400.00",
    "deposit": "0.00", "equipment": "0.00", "housing_per_week": "250.00",
    "commute_per_week": "30.00", "food_per_week": "40.00", "income_given_up_per_week": "0.00"}],
    "currency": "USD"}


def two_tabs():
    """Two lesson pages of one browser, each with its kernel's session, started from the
    same saved plan; what each saves reaches the other as a storage event would."""
    tabs = []
    for _ in range(2):
        session = PlanSession(RecordingStore())
        browser_says(session.store, op="restore", drafts={}, sections={
            "cost_scenarios": json.dumps(SCENARIOS)})
        tabs.append(session)
    return tabs


def deliver(source: PlanSession, target: PlanSession, late: bool = False) -> None:
    """Every save ``source`` sent so far, to ``target`` (and forgotten), as storage events
    carry them: each save's section text, with the lineage the browser holds when the
    event is handled; ``late``: after the last of these saves (browser_store.js)."""
    saves = [message for message in source.store.sent if message.get("op") == "save"]
    source.store.sent.clear()
    lineage = {}
    for save in saves:
        lineage.update(save["lineage"])
        for name, text in save["sections"].items():
            held = {key: value for s in saves for key, value in s["lineage"].items()} if late else lineage
            browser_says(target.store, op="external", section=name, text=text, lineage=dict(held))


def edit_first_scenario(session: PlanSession, **changes) -> None:
    section = session.section("cost_scenarios")
    section["scenarios"][0].update(changes)
    session.update("cost_scenarios", section)


def test_two_tabs_changing_one_section_at_once_both_keep_both_changes():
    """Seen in lesson 02: a name typed in one tab and the hours in the other within the same
    moment; each tab then showed the other's section, its own change gone."""
    tab_a, tab_b = two_tabs()
    edit_first_scenario(tab_a, name="Tab A's name")
    edit_first_scenario(tab_b, hours_per_week="33")
    deliver(tab_a, tab_b)  # both saves cross: each was made before the other arrived
    deliver(tab_b, tab_a)
    for _ in range(2):  # the merged saves go round once more, and change nothing
        deliver(tab_a, tab_b)
        deliver(tab_b, tab_a)
    for tab in (tab_a, tab_b):
        first = tab.section("cost_scenarios")["scenarios"][0]
        assert (first["name"], first["hours_per_week"]) == ("Tab A's name", "33")
    assert tab_a.plan.sections == tab_b.plan.sections


def test_a_storage_event_handled_after_a_later_save_still_finds_what_it_changed():
    """Seen in Chromium: tab B's own save reached tab A when B had already merged A's change
    and saved again; read from storage then, B's first save looked made on top of A's,
    and A's new name was undone in both tabs."""
    tab_a, tab_b = two_tabs()
    edit_first_scenario(tab_a, name="Tab A's name")
    edit_first_scenario(tab_b, hours_per_week="33")
    deliver(tab_a, tab_b)  # B merges, and saves the merged scenario
    deliver(tab_b, tab_a, late=True)  # both of B's saves, each with the lineage of both
    for _ in range(2):
        deliver(tab_a, tab_b)
        deliver(tab_b, tab_a)
    for tab in (tab_a, tab_b):
        first = tab.section("cost_scenarios")["scenarios"][0]
        assert (first["name"], first["hours_per_week"]) == ("Tab A's name", "33")


def test_a_change_made_after_seeing_the_other_tabs_simply_replaces_it():
    tab_a, tab_b = two_tabs()
    edit_first_scenario(tab_a, hours_per_week="33")
    deliver(tab_a, tab_b)
    edit_first_scenario(tab_b, hours_per_week="35")  # B saw 33, then typed 35
    deliver(tab_b, tab_a)
    assert tab_a.section("cost_scenarios")["scenarios"][0]["hours_per_week"] == "35"
    assert [m for m in tab_a.store.sent if m.get("op") == "save"] == []  # nothing to add


def test_another_tab_clearing_the_plan_clears_it_here_too():
    """Even when the lineage of an earlier save of an empty section is still in storage
    when this tab hears of the clear: merged into, the clear would be undone."""
    tab_a, tab_b = two_tabs()
    tab_b.update("cost_scenarios", PlanDocument().section("cost_scenarios"))
    lineage = next(m for m in tab_b.store.sent if m.get("op") == "save")["lineage"]
    edit_first_scenario(tab_a, name="Mine")
    browser_says(tab_a.store, op="external", section="cost_scenarios", text=None, lineage=lineage)
    assert tab_a.plan.sections["cost_scenarios"] == PlanDocument().sections["cost_scenarios"]
    assert not [m for m in tab_a.store.sent if m.get("op") == "save" and "Mine" in str(m)][1:]


def two_calculators():
    """Two tabs of lesson 02 with nothing saved yet: each shows the example scenarios."""
    tabs = []
    for _ in range(2):
        session = PlanSession(RecordingStore())
        calculator = CostCalculator(session)
        browser_says(session.store, op="restore", drafts={}, sections={})
        tabs.append((session, calculator))
    return tabs


def test_two_tabs_changing_the_examples_at_once_keep_one_scenario_with_both_changes():
    """Seen on the static site: the examples are not saved, so each tab's first change was
    merged from the empty section, both tabs' examples counted as added twice: two "Paid
    on-site" scenarios, each with one tab's change, and a message that the name is taken."""
    (tab_a, calc_a), (tab_b, calc_b) = two_calculators()
    calc_a.editor.texts["relocation"].value = "100"
    calc_b.editor.texts["housing_per_week"].value = "200"
    deliver(tab_a, tab_b)
    deliver(tab_b, tab_a)
    for _ in range(2):
        deliver(tab_a, tab_b)
        deliver(tab_b, tab_a)
    for tab in (tab_a, tab_b):
        scenarios = tab.section("cost_scenarios")["scenarios"]
        assert [s["name"] for s in scenarios] == ["Paid on-site", "Unpaid on-site", "Paid virtual"]
        assert (scenarios[0]["relocation"], scenarios[0]["housing_per_week"]) == ("100.00", "200.00")
    assert tab_a.plan.sections == tab_b.plan.sections


def test_a_change_that_cannot_be_merged_says_so_until_the_next_change():
    """Both tabs added a scenario at once to three: five is one too many, so one tab shows
    the other's list; it said nothing, and its new scenario was simply gone."""
    (tab_a, calc_a), (tab_b, calc_b) = two_calculators()
    calc_a.editor.texts["relocation"].value = "100"  # saved: three scenarios
    deliver(tab_a, tab_b)
    calc_a.add_button.click()
    calc_b.add_button.click()
    deliver(tab_a, tab_b)
    deliver(tab_b, tab_a)
    for _ in range(2):
        deliver(tab_a, tab_b)
        deliver(tab_b, tab_a)
    assert tab_a.plan.sections == tab_b.plan.sections  # both keep the same one
    assert len(tab_a.section("cost_scenarios")["scenarios"]) == 4
    lost = [tab for tab in (tab_a, tab_b) if tab.problem]
    assert len(lost) == 1
    assert "could not be kept together with one made at the same moment" in lost[0].status_text()
    assert "at most 4" in lost[0].status_text()
    calculator = calc_a if lost[0] is tab_a else calc_b
    calculator.editor.texts["weeks"].value = "9"
    assert lost[0].problem is None
