"""Widget tests of the welcome lesson's tools: the profile form and the plan bar."""

from __future__ import annotations

import html
import json
from datetime import date, datetime, timezone

import pytest

from tests.fakes import RecordingStore, browser_says
from widgets import ui
from widgets.plan import PlanDocument, plan_from_dict
from widgets.plan_controls.gui import PlanBar
from widgets.profile.gui import ProfileForm
from widgets.profile.model import season_passed, upcoming_seasons
from widgets.session import PlanSession


def test_profile_saves_each_answer_to_the_plan_file(session, plan_path):
    form = ProfileForm(session, today=date(2026, 11, 21))
    form.name.value = "  Sam  "
    form.field.value = "security"
    form.season.value = "Summer 2027"
    form.currency.value = "EUR"
    saved = json.loads(plan_path.read_text())["sections"]["profile"]
    assert saved == {"name": "Sam", "field": "security", "stage": "", "season": "Summer 2027",
                     "currency": "EUR"}
    assert "interested in cybersecurity" in form.summary.value
    form.field.value = "software"
    assert "interested in software and IT," in form.summary.value


def test_too_long_name_gets_a_message_and_keeps_the_last_good_plan(session):
    form = ProfileForm(session)
    form.name.value = "Kim"
    form.name.value = "K" * 500
    assert "too long" in form.name_field.message.value
    assert session.section("profile")["name"] == "Kim"
    form.field.value = "data"  # still saved while the name waits to be fixed
    assert session.section("profile")["field"] == "data"
    assert session.section("profile")["name"] == "Kim" and "too long" in form.name_field.message.value
    assert form.name.value == "K" * 500


def test_typed_html_is_escaped(session):
    form = ProfileForm(session)
    form.name.value = "<img src=x onerror=alert(1)>"
    form.field.value = "data"
    assert "<img" not in form.summary.value
    assert "&lt;img" in form.summary.value


def test_a_name_alone_starts_the_plan_and_the_form_says_so(session):
    """With only a name typed, the form still said "Fill in the form to start your plan"
    while the plan bar said it was saved."""
    form = ProfileForm(session)
    form.name.value = "Bo"
    assert "Bo: your plan is started" in form.summary.value


def test_form_reopens_with_the_saved_plan(session):
    ProfileForm(session).stage.value = "final"
    assert ProfileForm(session).stage.value == "final"


def test_a_saved_season_from_the_past_is_still_shown(session):
    session.update("profile", {**session.section("profile"), "season": "Fall 2024"})
    form = ProfileForm(session, today=date(2026, 11, 21))
    assert form.season.value == "Fall 2024"
    # Back after months away: the season is over, in its option and under the form.
    assert form.season.label == "Fall 2024 (passed)"
    assert "Fall 2024 has passed: choose the season you aim for now." in form.summary.value
    form.season.value = "Winter 2027"
    assert "has passed" not in form.summary.value
    assert form.season.value == "Winter 2027"
    assert not any("(passed)" in label for label, _ in form.season.options)  # offered no more
    assert ProfileForm(session, today=date(2026, 11, 21)).season.label.startswith("Winter 2027 (")


def test_a_season_has_passed_once_its_last_month_is_over():
    assert not season_passed("Fall 2026", date(2026, 11, 30))
    assert season_passed("Fall 2026", date(2026, 12, 1))
    assert not season_passed("Winter 2027", date(2027, 2, 28))
    assert season_passed("Winter 2027", date(2027, 3, 1))
    assert not season_passed("Not sure yet", date(2030, 1, 1))
    assert not season_passed("", date(2030, 1, 1))


def test_the_seasons_start_from_the_visitors_date_not_the_preheated_kernels(browser_session,
                                                                           monkeypatch):
    """A preheated kernel builds the form by the server's date, maybe days before its visitor
    comes: "Fall 2026" was still offered first to a visitor of 8 December."""
    session, store = browser_session
    monkeypatch.setattr(session, "today", lambda: date(2026, 11, 30))
    form = ProfileForm(session)
    assert form.season.options[1][1] == "Fall 2026"
    monkeypatch.setattr(session, "today", lambda: date(2026, 12, 8))  # the visitor's clock
    browser_says(store, op="restore", sections={},
                 drafts={"profile.season": "Spring 2027 (Mar–May)"})
    assert [value for _, value in form.season.options[1:3]] == ["Winter 2027", "Spring 2027"]
    assert form.season.value == "Spring 2027"  # what was typed before a reload comes back

def test_seasons_say_their_months_and_roll_over_the_year():
    """On 2026-12-07 "Winter 2026" came first, meaning October to December, and "Winter
    2027" after "Fall 2027": a student meaning January 2027 picked the wrong one."""
    assert upcoming_seasons(date(2026, 11, 21), 3) == [
        ("Fall 2026 (Sep–Nov)", "Fall 2026"), ("Winter 2027 (Dec 2026–Feb 2027)", "Winter 2027"),
        ("Spring 2027 (Mar–May)", "Spring 2027")]
    assert [value for _, value in upcoming_seasons(date(2026, 12, 7), 5)] == [
        "Winter 2027", "Spring 2027", "Summer 2027", "Fall 2027", "Winter 2028"]
    assert upcoming_seasons(date(2027, 2, 28), 1) == [("Winter 2027 (Dec 2026–Feb 2027)", "Winter 2027")]
    assert upcoming_seasons(date(2027, 6, 1), 1) == [("Summer 2027 (Jun–Aug)", "Summer 2027")]


def upload(bar, name, content: bytes):
    """What the page sends once the participant chose a file with "Load a plan"."""
    bar.upload._on_browser_message(bar.upload, {"op": "file", "name": name},
                                   [memoryview(content)])


def test_plan_bar_download_is_the_plan_as_it_stands_when_pressed(session):
    """It was sent to the page with every change, in every lesson open: a full plan's
    megabytes for each key typed."""
    from tests.test_my_plan_gui import asked_for

    bar = PlanBar(session)
    sent_to_page = []
    bar.download._send = lambda message, buffers=None: sent_to_page.append(message)
    session.update("profile", {**session.section("profile"), "name": "Lee"})
    assert sent_to_page == []
    request, file = asked_for(bar.download)
    assert json.loads(file)["sections"]["profile"]["name"] == "Lee" and request == "r1"
    assert bar.download.filename == "my-career-plan.json"


def test_loading_a_plan_replaces_the_form_contents(session):
    bar, form = PlanBar(session), ProfileForm(session)
    other = PlanDocument().with_section("profile", {**PlanDocument().section("profile"),
                                                    "name": "Uploaded"})
    upload(bar, "plan.json", other.to_json().encode())
    assert form.name.value == "Uploaded"
    assert "Loaded your plan" in bar.upload_message.value


def test_loading_a_plan_over_one_with_work_in_it_asks_first(session, plan_path):
    bar, form = PlanBar(session), ProfileForm(session)
    session.use_participants_clock(0)  # the times below are read on a clock at UTC
    form.name.value = "Mine"
    # The file's hour is half a day from now's, so that its time can never be the time saved.
    hour = f"{(datetime.now(timezone.utc).hour + 12) % 24:02d}"
    older = PlanDocument(created="2026-11-20T09:00:00+00:00", updated=f"2026-11-20T{hour}:02:07+00:00")
    older = plan_from_dict({**older.to_dict(), "sections": {"profile": {
        **PlanDocument().section("profile"), "name": "Last week"}}})
    upload(bar, "old-plan.json", older.to_json().encode())
    assert ui.is_shown(bar.confirm)
    question = html.unescape(bar.confirm.question.value)
    assert "Load “old-plan.json” in place of the plan you have here?" in question
    assert f"last changed {session.plan.updated[:10]} " in question
    assert f"the file's 2026-11-20 {hour}:02:07: the file is older." in question
    assert form.name.value == "Mine" and bar.confirm.yes.description == "Yes, load “old-plan.json”"
    bar.confirm.no.click()
    assert not ui.is_shown(bar.confirm) and "unchanged" in bar.upload_message.value
    assert json.loads(plan_path.read_text())["sections"]["profile"]["name"] == "Mine"
    upload(bar, "old-plan.json", older.to_json().encode())
    bar.confirm.yes.click()
    assert form.name.value == "Last week" and "Loaded your plan" in bar.upload_message.value
    assert f"Last saved {hour}:02" not in bar.status.value  # saved here now, not on the 20th
    assert f"Last saved {session.last_saved[11:19]}." in bar.status.value
    assert not ui.is_shown(bar.confirm)


@pytest.mark.parametrize("document", [
    {"schema_version": 1, "profile": {"name": "From 2025"}},  # version 1 kept no times
    {**PlanDocument().to_dict(), "meta": {"created": "2026-01-05T10:00:00+00:00",
                                          "updated": "9999-12-31T23:59:59+00:00"}},
])
def test_a_file_that_does_not_say_when_it_was_changed_is_not_called_newer(session, document):
    """Its times would be the moment it was read, and so newer than any plan here."""
    bar, form = PlanBar(session), ProfileForm(session)
    form.name.value = "Mine"
    upload(bar, "plan.json", json.dumps(document).encode())
    question = html.unescape(bar.confirm.question.value)
    assert "the file does not say when it was changed. Download yours first" in question
    assert "newer" not in question and "9999" not in question


def test_malformed_upload_is_rejected_and_the_plan_untouched(session, plan_path):
    bar, form = PlanBar(session), ProfileForm(session)
    form.name.value = "Mine"
    before = plan_path.read_bytes()
    upload(bar, "photo.json", b"\x89PNG not a plan")
    assert "was not loaded" in bar.upload_message.value
    assert "unchanged" in bar.upload_message.value
    assert plan_path.read_bytes() == before and form.name.value == "Mine"
    bar.upload._on_browser_message(bar.upload, {"op": "too_big", "name": "film.mp4",
                                                "size": 700_000_000}, [])
    assert "“film.mp4” was not loaded: it is larger than 5 MB" in bar.upload_message.value
    assert plan_path.read_bytes() == before


def test_a_partly_readable_plan_file_loads_what_can_be_read_after_asking(session, plan_path):
    bar, form = PlanBar(session), ProfileForm(session)
    document = PlanDocument().to_dict()
    document["sections"]["profile"]["name"] = "Hand-edited"
    document["sections"]["applications"] = {"items": [{"id": "app-1", "salary": "5000"}]}
    upload(bar, "edited.json", json.dumps(document).encode())
    question = html.unescape(bar.confirm.question.value)
    assert "Part of “edited.json” cannot be read and would be left out: Applications:" in question
    assert "Load the rest of it?" in question
    assert form.name.value == "" and not plan_path.exists()
    bar.confirm.yes.click()
    assert form.name.value == "Hand-edited"
    assert "Left out: Applications:" in html.unescape(bar.upload_message.value)
    form.name.value = "Mine now"
    upload(bar, "edited.json", json.dumps(document).encode())
    question = html.unescape(bar.confirm.question.value)
    assert "would be left out: Applications:" in question and "in place of the plan" in question
    bar.confirm.no.click()
    assert form.name.value == "Mine now"
    document["sections"]["profile"] = "nobody"
    upload(bar, "edited.json", json.dumps(document).encode())
    message = html.unescape(bar.upload_message.value)
    assert "“edited.json” was not loaded: nothing in it could be read. Profile:" in message
    assert form.name.value == "Mine now" and not ui.is_shown(bar.confirm)


def test_a_clear_question_left_open_goes_when_a_plan_is_loaded(session, plan_path):
    """Its Yes, pressed after the load, would remove the plan just loaded."""
    bar, form = PlanBar(session), ProfileForm(session)
    bar.clear_button.click()
    yes = bar.confirm.yes
    loaded = PlanDocument().with_section("profile", {**PlanDocument().section("profile"),
                                                     "name": "Loaded"})
    upload(bar, "plan.json", loaded.to_json().encode())
    assert form.name.value == "Loaded" and not bar.confirm.asking
    assert not bar.clear_button.disabled
    yes.click()
    assert form.name.value == "Loaded" and plan_path.exists()


def test_clear_asks_first_then_removes_the_plan(session, plan_path):
    bar, form = PlanBar(session), ProfileForm(session)
    form.name.value = "Shared computer"
    bar.clear_button.click()
    assert ui.is_shown(bar.confirm) and plan_path.exists()
    bar.confirm.no.click()
    assert plan_path.exists()
    bar.clear_button.click()
    bar.confirm.yes.click()
    assert not plan_path.exists()
    assert form.name.value == ""
    assert "Nothing saved yet" in bar.status.value


def test_corrupt_plan_file_is_reported_in_the_bar(plan_path):
    from widgets.session import PlanSession
    from widgets.storage import FilePlanStore

    plan_path.write_text("{oops")
    bar = PlanBar(PlanSession(FilePlanStore(plan_path)))
    assert "left exactly as it is" in bar.status.value
    assert "Error" in bar.status.value


def test_under_voila_the_plan_bar_waits_for_the_plan_kept_in_the_browser(browser_session):
    """A plan loaded before the browser handed back its own would be undone by it."""
    from tests.fakes import browser_restores

    session, store = browser_session
    bar = PlanBar(session)
    assert bar.upload.disabled and bar.download.disabled
    browser_restores(store, {}, {})
    assert not bar.upload.disabled and not bar.download.disabled


def test_a_choice_kept_over_a_reload_is_the_same_choice_when_the_list_has_moved_on(
        session, browser_session):
    """A draft kept the position in the list: "Spring 2027", chosen in December 2026,
    came back as "Summer 2027" once January's list no longer began with Winter 2026."""
    from tests.fakes import browser_restores
    from widgets.session import _draft_of

    in_december = ProfileForm(session, today=date(2026, 12, 2))
    in_december.season.value = "Spring 2027"
    draft = _draft_of(in_december.season)  # what the page keeps (browser_store.js)
    assert draft == "Spring 2027 (Mar–May)"
    kept, store = browser_session
    in_march = ProfileForm(kept, today=date(2027, 3, 10))  # its list begins with Spring 2027
    browser_restores(store, {}, {"profile.season": draft})
    assert in_march.season.value == "Spring 2027"
    assert kept.section("profile")["season"] == "Spring 2027"
    in_july = ProfileForm(PlanSession(RecordingStore()), today=date(2027, 7, 10))
    browser_restores(in_july.session.store, {}, {"profile.season": draft})  # no longer offered
    assert in_july.season.value == "" and in_july.session.section("profile")["season"] == ""


def test_the_plan_summary_says_which_currency_typed_amounts_are_read_in():
    """It said "Money is shown in GBP" while lessons 02 and 04 keep amounts in the
    currency they were typed in, and sources' prices stay in theirs."""
    from widgets.profile.model import EMPTY_SECTION, summarise

    lines = summarise({**EMPTY_SECTION, "name": "Sam", "currency": "GBP"})
    assert lines[-1] == "Currency for the amounts you type: GBP."
