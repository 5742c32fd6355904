"""The session under Voila, without a browser: what the browser store sends and how a
restore, a draft, another tab and a storage failure are handled."""

from __future__ import annotations

import asyncio
import json

import pytest

from tests.browser import run_in_own_loop
from tests.fakes import RecordingStore, browser_says
from widgets.certifications.gui import CertificationCosts
from widgets.plan import SECTION_OWNERS, PlanDocument, PlanError, utc_now
from widgets.profile.gui import ProfileForm
from widgets.session import PlanSession, running_under_voila


def test_controls_wait_for_the_restore(browser_session):
    session, store = browser_session
    form = ProfileForm(session)
    assert form.name.disabled and not session.ready
    assert "Restoring" in session.status_text()
    browser_says(store, op="restore", sections={}, drafts={})
    assert not form.name.disabled and session.ready


def test_a_repeated_restore_is_acknowledged_but_never_undoes_what_was_typed_since(
        browser_session):
    """The page sends its restore again until the kernel acknowledges it; a late copy
    holds what the browser kept before the participant went on typing."""
    session, store = browser_session
    form = ProfileForm(session)
    browser_says(store, op="restore", sections={}, drafts={"profile.name": "Kept draft"})
    assert form.name.value == "Kept draft"
    form.name.value = "Typed after the restore"
    browser_says(store, op="restore", sections={}, drafts={"profile.name": "Kept draft"})
    assert form.name.value == "Typed after the restore"
    assert session.section("profile")["name"] == "Typed after the restore"
    assert [message["op"] for message in store.sent].count("restored") == 2


def test_a_tool_built_after_the_restore_still_gets_its_drafts(browser_session):
    """Voici runs a lesson's cells while the page restores: the restore came between the
    plan bar's cell and the tools', and what was typed before a reload never came back."""
    session, store = browser_session
    profile = {**PlanDocument().section("profile"), "name": "Saved"}
    browser_says(store, op="restore", sections={"profile": json.dumps(profile)},
                 drafts={"profile.name": "Saved and then typed"})
    form = ProfileForm(session)
    assert form.name.value == "Saved and then typed"
    assert session.section("profile")["name"] == "Saved and then typed"


def test_restore_fills_the_form_and_drafts_win(browser_session):
    session, store = browser_session
    form = ProfileForm(session)
    profile = {**PlanDocument().section("profile"), "name": "Saved", "field": "data"}
    browser_says(store, op="restore", sections={"profile": json.dumps(profile)},
                 drafts={"profile.name": "Saved and then typed"})
    assert form.field.value == "data"
    assert form.name.value == "Saved and then typed"
    assert session.section("profile")["name"] == "Saved and then typed"


def test_the_plans_times_are_kept_in_the_browser_and_come_back_after_a_reload(browser_session):
    session, store = browser_session
    times = {"created": "2026-10-01T09:00:00+00:00", "updated": "2026-11-15T18:30:00+00:00"}
    profile = {**PlanDocument().section("profile"), "name": "Ana"}
    browser_says(store, op="restore", sections={"profile": json.dumps(profile)},
                 meta=json.dumps(times), drafts={}, utc_offset_minutes=60)
    assert (session.plan.created, session.plan.updated) == (times["created"], times["updated"])
    # On the participant's clock, with its date on a day before theirs.
    assert "Last saved 2026-11-15 19:30:00." in session.status_text()
    session.update("profile", {**profile, "name": "Ana B."})
    sent = json.loads(store.sent[-1]["meta"])
    assert sent["created"] == times["created"] and sent["updated"] == session.plan.updated
    assert sent["updated"] > times["updated"]
    # A loaded file keeps its own time of change; the reload says when it was saved here.
    again = PlanSession(RecordingStore())
    browser_says(again.store, op="restore", sections={"profile": json.dumps(profile)},
                 meta=json.dumps({**times, "saved": "2026-12-02T07:01:02+00:00"}), drafts={},
                 utc_offset_minutes=-300)
    assert "Last saved 2026-12-02 02:01:02." in again.status_text()
    again.last_saved = utc_now()
    assert f"Last saved {again.time_text(again.last_saved)[11:]}." in again.status_text()
    assert again.plan.updated == times["updated"]



def test_a_tab_takes_the_start_of_the_plan_another_tab_saved(browser_session):
    """Two tabs of an empty browser each started a plan as they opened, and whichever saved
    last wrote its start: the calendar's event ids, made from it, changed between reloads."""
    session, store = browser_session
    browser_says(store, op="restore", sections={}, drafts={})
    other = {"created": "2026-12-07T19:08:56+00:00", "updated": "2099-01-01T00:00:00+00:00"}
    browser_says(store, op="external_times", meta=json.dumps(other))
    assert session.plan.created == other["created"]
    assert session.plan.updated < other["updated"]  # not a time ahead of today
    session.update("profile", {**PlanDocument().section("profile"), "name": "Ana"})
    assert json.loads(store.sent[-1]["meta"])["created"] == other["created"]
    for unreadable in ("not json", json.dumps({"created": "yesterday"}), None):
        browser_says(store, op="external_times", meta=unreadable)
        assert session.plan.created == other["created"]

@pytest.mark.parametrize("meta", [None, "not json", json.dumps(["a list"]),
                                  json.dumps({"created": 12, "updated": "soon"})])
def test_times_the_browser_did_not_keep_readable_make_the_plan_start_now(browser_session, meta):
    session, store = browser_session
    profile = {**PlanDocument().section("profile"), "name": "Ana"}
    browser_says(store, op="restore", sections={"profile": json.dumps(profile)}, meta=meta,
                 drafts={})
    assert session.section("profile")["name"] == "Ana" and session.problem is None
    assert session.plan.created[:10] == session.plan.updated[:10] == utc_now()[:10]
    assert "Last saved" not in session.status_text()


def test_each_change_sends_only_its_section(browser_session):
    session, store = browser_session
    browser_says(store, op="restore", sections={}, drafts={})
    session.update("profile", {**session.section("profile"), "name": "Ada"})
    assert store.sent[-1]["op"] == "save"
    assert list(store.sent[-1]["sections"]) == ["profile"]
    assert json.loads(store.sent[-1]["sections"]["profile"])["name"] == "Ada"


def test_in_a_kernel_the_change_is_answered_first_then_saved_and_its_status_shown(
        browser_session):
    """A control's handler runs in the kernel's event loop. What it shows goes out first;
    the save and the plan bar's status (the whole plan) follow, one of each per handler."""
    session, store = browser_session
    browser_says(store, op="restore", sections={}, drafts={})
    announced = []
    session.on_status(lambda: announced.append(session.status_text()))

    async def handler_then_loop():
        session.update("profile", {**session.section("profile"), "name": "Ada"})
        session.update("profile", {**session.section("profile"), "field": "data"})
        session.update("certifications", {**session.section("certifications"), "settings": {
            "hours_per_week": "5", "fail_chance_percent": "", "horizon_years": ""}})
        during = ([message["op"] for message in store.sent], list(announced))
        await asyncio.sleep(0)
        return during

    ops_during, announced_during = run_in_own_loop(handler_then_loop())
    assert ops_during == ["restored"] and announced_during == [], \
        "the save or the status went out before the handler's own answer"
    saves = [message for message in store.sent if message["op"] == "save"]
    assert len(saves) == 1 and sorted(saves[0]["sections"]) == ["certifications", "profile"]
    profile = json.loads(saves[0]["sections"]["profile"])
    assert (profile["name"], profile["field"]) == ("Ada", "data")
    assert len(announced) == 1 and "saved" in announced[0]


def test_clearing_in_the_same_handler_drops_the_save_not_yet_sent(browser_session):
    session, store = browser_session
    browser_says(store, op="restore", sections={}, drafts={})

    async def change_then_clear():
        session.update("profile", {**session.section("profile"), "name": "Ada"})
        session.clear()
        await asyncio.sleep(0)

    run_in_own_loop(change_then_clear())
    assert [message["op"] for message in store.sent] == ["restored", "clear"]
    assert session.section("profile")["name"] == ""


def test_invalid_change_is_refused_and_nothing_is_sent(browser_session):
    session, store = browser_session
    browser_says(store, op="restore", sections={}, drafts={})
    with pytest.raises(PlanError):
        session.update("profile", {**session.section("profile"), "currency": "XXX"})
    assert store.sent == [{"op": "restored"}]


def test_corrupt_browser_section_is_reported_and_the_rest_restored(browser_session):
    session, store = browser_session
    profile = {**PlanDocument().section("profile"), "name": "Kept"}
    browser_says(store, op="restore", drafts={},
                 sections={"profile": json.dumps(profile), "priorities": "{broken"})
    assert session.section("profile")["name"] == "Kept"
    assert "What matters to you in an internship: not readable." in session.problem
    assert store.sent == [{"op": "restored"}]  # nothing overwritten
    again = PlanSession(RecordingStore())
    browser_says(again.store, op="restore", drafts={}, sections={
        "profile": json.dumps(profile), "certifications": json.dumps({"chosen": "A+"})})
    assert again.section("profile")["name"] == "Kept"
    assert "Certifications: The chosen certifications must be a list." in again.problem


def test_another_tab_updates_this_page_without_saving_back(browser_session):
    session, store = browser_session
    form = ProfileForm(session)
    browser_says(store, op="restore", sections={}, drafts={})
    other = {**PlanDocument().section("profile"), "name": "From the other tab"}
    browser_says(store, op="external", section="profile", text=json.dumps(other))
    assert form.name.value == "From the other tab"
    assert store.sent == [{"op": "restored"}]


def test_another_tab_saving_other_sections_leaves_refused_typing_in_place(browser_session):
    """A tool redraws only for the sections it shows: lesson 01 saved in another tab must
    not put the saved values back over what this page refused (a name too long, weekly
    hours in words), nor an unchanged copy of a section redraw anything."""
    session, store = browser_session
    form = ProfileForm(session)
    costs = CertificationCosts(session)
    browser_says(store, op="restore", sections={}, drafts={})
    form.name.value = "x" * 200
    costs.settings["hours_per_week"].value = "lots"
    priorities = {"ratings": {"network": 5}}
    browser_says(store, op="external", section="priorities", text=json.dumps(priorities))
    assert session.section("priorities")["ratings"] == {"network": 5}
    assert form.name.value == "x" * 200
    assert "too long" in form.name_field.message.value
    assert costs.settings["hours_per_week"].value == "lots"
    assert "must be a number" in costs.setting_fields["hours_per_week"].message.value
    browser_says(store, op="external", section="profile",
                 text=json.dumps(session.section("profile")))
    assert form.name.value == "x" * 200  # the same profile again: nothing to redraw
    other = {**session.section("profile"), "name": "Ada"}
    browser_says(store, op="external", section="profile", text=json.dumps(other))
    assert form.name.value == "Ada"  # a change to the section shown wins, message and all
    assert form.name_field.message.value == ""
    # Lesson 03 shows only the profile's currency: a new name leaves it alone, a new
    # currency redraws it.
    assert costs.settings["hours_per_week"].value == "lots"
    euros = {**other, "currency": "EUR"}
    browser_says(store, op="external", section="profile", text=json.dumps(euros))
    assert costs.settings["hours_per_week"].value == ""


def test_storage_refusal_is_told_to_the_participant(browser_session):
    session, store = browser_session
    browser_says(store, op="restore", sections={}, drafts={})
    browser_says(store, op="storage_error", message="QuotaExceededError")
    assert "Download my plan" in session.status_text()


def test_once_the_browser_stores_the_whole_plan_again_the_warning_goes(browser_session):
    """Space freed after a refusal: the next change sends every section (the refused one
    may be any), and only the browser's word that it stored them clears the warning."""
    session, store = browser_session
    browser_says(store, op="restore", sections={}, drafts={})
    browser_says(store, op="storage_error", message="QuotaExceededError")
    session.update("profile", {**session.section("profile"), "name": "Ana"})
    sent = store.sent[-1]
    assert sent["everything"] and set(sent["sections"]) == set(SECTION_OWNERS)
    browser_says(store, op="storage_error", message="QuotaExceededError")  # still full
    assert "refused to store" in session.status_text()
    session.update("profile", {**session.section("profile"), "name": "Ana B."})
    assert store.sent[-1]["everything"]
    browser_says(store, op="saved", everything=True)
    assert "refused" not in session.status_text() and session.problem is None
    session.update("profile", {**session.section("profile"), "name": "Ana C."})
    assert not store.sent[-1]["everything"] and list(store.sent[-1]["sections"]) == ["profile"]


def test_loading_a_plan_replaces_every_section_and_forgets_drafts(browser_session):
    session, store = browser_session
    browser_says(store, op="restore", sections={}, drafts={})
    session.replace(PlanDocument())
    assert store.sent[-1]["forget_drafts"] is True
    assert len(store.sent[-1]["sections"]) == len(PlanDocument().sections)


def test_each_jupyterhub_user_has_their_own_plan_in_a_shared_browser(monkeypatch):
    """Every user of a hub opens lessons on the hub's one address, which is what browser
    storage is kept by: Bob's lesson showed Alice's name, on the computer she had left."""
    from widgets.browser_store import STORAGE_PREFIX, BrowserPlanStore

    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    assert BrowserPlanStore().storage_prefix == STORAGE_PREFIX
    prefixes = []
    for user in ("alice", "alice2", "bob"):
        monkeypatch.setenv("JUPYTERHUB_USER", user)
        prefixes.append(BrowserPlanStore().storage_prefix)
    assert len(set(prefixes)) == 3
    assert not any(one != other and other.startswith(one)
                   for one in prefixes for other in prefixes)


def hub_plan_bar(monkeypatch, user: str):
    """A lesson's plan bar under Voila on a JupyterHub, as ``user``."""
    from tests.fakes import RecordingStore
    from widgets.plan_controls.gui import PlanBar
    from widgets.session import PlanSession

    monkeypatch.setenv("JUPYTERHUB_USER", user)
    store = RecordingStore()
    session = PlanSession(store)
    return PlanBar(session), session, store


def shared_plan(name: str) -> dict:
    """What a hub's browser kept for all its users before each had their own plan."""
    profile = {**PlanDocument().section("profile"), "name": name}
    return {"sections": {"profile": json.dumps(profile)},
            "meta": json.dumps({"created": "2026-12-01T09:00:00Z",
                                "updated": "2026-12-05T10:00:00Z"})}


def test_on_a_hub_the_plan_users_shared_before_is_offered_and_goes_once_taken(monkeypatch):
    """Since each hub user has their own keys, the plan a user kept before in the one all
    users shared was no longer found, and stayed in the browser for the next user."""
    from widgets import ui
    from widgets.browser_store import STORAGE_PREFIX

    bar, session, store = hub_plan_bar(monkeypatch, "ana")
    assert store.unclaimed_prefix == STORAGE_PREFIX != store.storage_prefix
    browser_says(store, op="restore", sections={}, drafts={}, unclaimed=shared_plan("Ana R."),
                 utc_offset_minutes=0)
    assert ui.is_shown(bar.unclaimed) and not ui.is_shown(bar.confirm)
    assert "(last changed 2026-12-05 10:00:00)" in bar.unclaimed_note.value
    assert "someone who used this computer before you" in bar.unclaimed_note.value
    bar.take_unclaimed.click()
    assert session.section("profile")["name"] == "Ana R."
    assert {"op": "forget_unclaimed"} in store.sent
    assert not ui.is_shown(bar.unclaimed)
    assert "Loaded your plan from “the plan found in this browser”" in bar.upload_message.value


def test_on_a_hub_a_plan_of_ones_own_is_replaced_by_the_shared_one_only_when_confirmed(
        monkeypatch):
    bar, session, store = hub_plan_bar(monkeypatch, "ana")
    own = {**PlanDocument().section("profile"), "name": "Typed since"}
    browser_says(store, op="restore", sections={"profile": json.dumps(own)}, drafts={},
                 unclaimed=shared_plan("Ana R."))
    bar.take_unclaimed.click()
    assert bar.confirm.asking and "in place of the plan you have here" in bar.confirm.question.value
    assert session.section("profile")["name"] == "Typed since"
    assert {"op": "forget_unclaimed"} not in store.sent
    bar.confirm.yes.click()
    assert session.section("profile")["name"] == "Ana R." and {"op": "forget_unclaimed"} in store.sent


def test_on_a_hub_a_user_who_says_the_shared_plan_is_not_theirs_is_not_asked_again(monkeypatch):
    from widgets import ui

    bar, session, store = hub_plan_bar(monkeypatch, "bob")
    browser_says(store, op="restore", sections={}, drafts={}, unclaimed=shared_plan("Ana R."))
    bar.decline_unclaimed.click()
    assert store.sent[-1] == {"op": "decline_unclaimed"} and not ui.is_shown(bar.unclaimed)
    assert session.section("profile")["name"] == "" and "not be asked" in bar.upload_message.value


def test_off_a_hub_no_plan_is_unclaimed(browser_session):
    from widgets.plan_controls.gui import PlanBar

    session, store = browser_session
    assert store.unclaimed_prefix == ""
    bar = PlanBar(session)
    browser_says(store, op="restore", sections={}, drafts={})
    assert not hasattr(bar, "unclaimed") and store.unclaimed is None


def test_voila_is_recognised_from_its_kernel_environment(monkeypatch):
    monkeypatch.delenv("VOILA_BASE_URL", raising=False)
    monkeypatch.delenv("VOILA_KERNEL_ID", raising=False)
    assert not running_under_voila()
    monkeypatch.setenv("VOILA_BASE_URL", "/")
    assert running_under_voila()


def test_a_tool_that_fails_to_show_the_plan_never_keeps_the_page_waiting(browser_session,
                                                                          capfd):
    """Seen: a goal dated 9999-12-31 made lesson 07's calendar fail during the restore,
    and the page said "Restoring your plan" for good."""
    from widgets import ui
    from widgets.plan_controls.gui import PlanBar

    class Faulty(ui.ToolView):
        def show_plan(self):
            raise OverflowError("date value out of range")

    session, store = browser_session
    bar, faulty, form = PlanBar(session), Faulty(session), ProfileForm(session)
    profile = {**PlanDocument().section("profile"), "name": "Kept"}
    browser_says(store, op="restore", sections={"profile": json.dumps(profile)},
                 drafts={"profile.field": "Software and IT"})
    assert session.ready and faulty is not None
    assert form.name.value == "Kept" and form.field.index == 1  # the tools after it too
    assert "ck-ready" in bar.status.value
    assert "could not show your plan" in bar.status.value and "Download my plan" in bar.status.value
    assert "OverflowError: date value out of range" in capfd.readouterr().err


def test_the_plan_bar_sends_each_status_once_and_stays_ready(browser_session):
    """Each value of the status line goes to the page and replaces the line there. It was
    set twice per change, first without the mark the page and the tests wait for."""
    from widgets.plan_controls.gui import PlanBar

    session, store = browser_session
    bar, form = PlanBar(session), ProfileForm(session)
    browser_says(store, op="restore", sections={}, drafts={})
    sent = []
    bar.status.observe(lambda change: sent.append(change["new"]), "value")
    form.name.value = "Ada"
    browser_says(store, op="storage_error", message="QuotaExceededError")
    assert sent and all('class="ck-ready"' in value for value in sent), sent
    assert len(sent) == len(set(sent)), "the same status was sent twice"


def test_when_the_plan_bar_says_ready_its_download_already_holds_the_plan(browser_session):
    """Pages and tests wait for the ready mark, then click "Download my plan". The mark
    went to the page before the plan it stood for, so a click at once could save the
    plan from before the restore."""
    from widgets.plan_controls.gui import PlanBar

    session, store = browser_session
    bar, form = PlanBar(session), ProfileForm(session)
    download_when_ready = []

    def on_status(change):
        if "ck-ready" in change["new"]:
            download_when_ready.append(json.loads(bar.download.make()))

    bar.status.observe(on_status, "value")
    profile = {**PlanDocument().section("profile"), "name": "Kept"}
    browser_says(store, op="restore", sections={"profile": json.dumps(profile)}, drafts={})
    form.name.value = "Ada"
    names = [plan["sections"].get("profile", {}).get("name") for plan in download_when_ready]
    assert names == ["Kept", "Ada"], names
