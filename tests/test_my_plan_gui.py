"""Widget tests of lesson 07 (summary, exports, FAQ) and of how the lesson 05-07 tools
keep what is typed under Voila: every typed control tracked under a unique key, drafts
put back after a reload."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timezone

from icalendar import Calendar

from tests.test_tracker_gui import table_rows
from widgets.goals.gui import SmartGoals
from widgets.journal.gui import LearningJournal
from widgets.markup import escape
from widgets.my_plan import model
from widgets.my_plan.gui import PlanExports, PlanSummary, faq_panel
from widgets.plan import plan_from_json
from widgets.readiness.gui import ReadinessChecklist
from widgets.session import PlanSession
from widgets.tracker.gui import ApplicationTracker

TODAY = date(2027, 3, 10)
NOW = datetime(2027, 3, 10, 12, 0, tzinfo=timezone.utc)


def shown(content) -> str:
    """The summary as the page shows it, from its parts."""
    return "".join(part.value for part in content.children)


def add_application(session, **values):
    view = ApplicationTracker(session, today=TODAY)
    for name, value in {"organisation": "Acme <b>", "role": "Intern", **values}.items():
        view.controls[name].value = value
    view.save_button.click()


def test_summary_names_gaps_shows_dates_and_escapes_text(session):
    view = PlanSummary(session, today=TODAY)
    assert "No goals set yet (lesson 06)." in shown(view.content)
    assert "No dates yet" in shown(view.content)
    add_application(session, deadline="2027-03-12")
    html = shown(view.content)  # follows the change without being rebuilt
    assert "Acme &lt;b&gt;" in html and "Acme <b>" not in html
    assert ("ck-row-alert", ["2027-03-12", "In 2 days", "Deadline: Intern at Acme <b>"]) in \
        table_rows(html)
    assert "No applications tracked yet" not in html
    for title, _lesson in model.SECTION_TITLES.values():
        assert title in html


def test_summary_parts_are_headed_under_the_plans_title(session):
    """A screen reader's outline: the plan's title, then its parts one level below it."""
    html = shown(PlanSummary(session, today=TODAY).content)
    assert re.findall(r"<h(\d)>", html) == ["4"] + ["5"] * (2 + len(model.SECTION_TITLES))


def asked_for(button) -> tuple[str, str]:
    """What the page gets when the button is pressed: its request's id and the file."""
    sent = []
    button.send = lambda content, buffers=None: sent.append((content, buffers))
    button._on_browser_message(button, {"op": "make", "request": "r1"}, [])
    [(content, [file])] = sent
    return content["request"], file.decode("utf-8")


def test_a_change_sends_the_page_only_the_parts_of_the_summary_it_changed(session):
    """The summary was one piece: a name typed in lesson 00 sent lesson 07's page all of a
    full plan's summary (megabytes) again, for every key."""
    view = PlanSummary(session, today=TODAY)
    add_application(session, organisation="Acme")
    changed = []
    for part in view.content.children:
        part.observe(lambda change: changed.append(change["owner"].value), "value")
    session.update("profile", {**session.section("profile"), "name": "Robin"})
    assert len(changed) == 2 and "Robin" in changed[0] and "Robin" in changed[1]
    assert "Dates" not in "".join(changed)  # a long table, with nothing of the name in it
    assert "Acme" in shown(view.content)


def test_a_change_makes_no_take_home_file_until_its_button_is_pressed(session, monkeypatch):
    """Every change anywhere rebuilt all four files and sent them to the page: with a full
    plan and lesson 07 open in another tab, 0.66 s of its kernel a key typed elsewhere."""
    made = []

    def counted(name, make):
        return lambda *args: made.append(name) or make(*args)

    for name in ("to_html", "to_markdown", "to_json", "to_ics"):
        monkeypatch.setattr(model, name, counted(name, getattr(model, name)))
    view = PlanExports(session, now=NOW)
    add_application(session, next_action="Email", next_action_date="2027-03-11")
    assert made == [] and not view.buttons["ics"].disabled
    assert asked_for(view.buttons["markdown"]) == ("r1", model.to_markdown(session.plan, NOW))
    assert made == ["to_markdown", "to_markdown"]


def test_exports_hold_the_current_plan_and_follow_changes(session):
    view = PlanExports(session, now=NOW)
    assert view.buttons["ics"].disabled
    assert "calendar is empty" in view.calendar_note.value
    add_application(session, next_action="Email", next_action_date="2027-03-11")
    files = {kind: asked_for(button)[1] for kind, button in view.buttons.items()}
    assert plan_from_json(files["json"]) == session.plan
    assert files == {kind: model.export(kind, session.plan, NOW) for kind in files}
    assert not view.buttons["ics"].disabled and view.calendar_note.value == ""
    [event] = Calendar.from_ical(files["ics"]).walk("VEVENT")
    assert event.decoded("DTSTART") == date(2027, 3, 11)
    assert {b.filename for b in view.buttons.values()} == set(model.FILENAMES.values())
    assert "Acme &lt;b&gt;" in files["html"]


def test_faq_panel_shows_each_question_with_its_sources():
    html = [child for child in faq_panel().children if hasattr(child, "value")][-1].value
    for item in model.faq():
        assert item.question in html
    assert html.count("Sources:") == len(model.faq())
    for source in model.faq()[2].sources:
        assert f"<li>{escape(source)}</li>" in html


class FakeBrowserStore:
    """Stands in for the Voila browser store: records what is tracked and saved."""

    where = "this browser only (not on the server)"

    def __init__(self):
        self.tracked, self.saved = {}, []

    def attach(self, session):
        self.session = session

    def track(self, key, model_id, trait):
        assert key not in self.tracked, f"key {key} tracked twice"
        self.tracked[key] = trait

    def save(self, plan, sections, changed_from, forget_drafts=False):
        self.saved.append(sections)


def build_all(session):
    return [ReadinessChecklist(session), ApplicationTracker(session, today=TODAY),
            SmartGoals(session, today=TODAY), LearningJournal(session, today=TODAY)]


def test_every_typed_control_is_tracked_under_a_unique_key_and_locked_until_restored():
    store = FakeBrowserStore()
    session = PlanSession(store)
    readiness, tracker, goals, journal = build_all(session)
    for view in (tracker, goals, journal):
        for name, control in view.controls.items():
            assert f"{view.key_prefix}.{name}" in store.tracked
            assert control.disabled
    assert sum(key.startswith("readiness.") for key in store.tracked) == len(readiness.answers)
    prefixes = {key.split(".")[0] for key in store.tracked}
    assert prefixes == {"readiness", "tracker", "goals", "journal"}


def test_the_restore_fills_the_summarys_pieces_and_makes_none():
    """A preheated kernel builds the lesson before its visitor comes; the restore comes
    after the page opened. The summary made its eleven pieces at the restore, and they went
    to the page, widget by widget, while it was opening."""
    session = PlanSession(FakeBrowserStore())
    view = PlanSummary(session, today=TODAY)
    pieces = list(view.content.children)
    assert "Restoring your plan" in shown(view.content)
    session.restore_from_browser({"profile": json.dumps({
        "name": "Ada", "field": "", "stage": "", "season": "", "currency": "USD"})}, {})
    assert list(view.content.children) == pieces
    assert "Restoring" not in shown(view.content) and "Ada" in shown(view.content)


def test_a_reload_puts_back_the_saved_plan_and_the_unsaved_typing():
    store = FakeBrowserStore()
    session = PlanSession(store)
    readiness, tracker, goals, journal = build_all(session)
    saved_app = {"items": [{"id": "app-1", "organisation": "Org", "role": "Intern",
                            "status": "applied"}]}
    session.restore_from_browser(
        {"applications": json.dumps(saved_app),
         "readiness": json.dumps({"answers": {"resume.current": "yes"}})},
        {"tracker.editing": "app-1", "tracker.notes": "typed, not saved",
         "goals.title": "Half a goal", "journal.did": "Half an entry",
         "readiness.resume.tailored": "No"})
    assert not tracker.controls["notes"].disabled
    assert readiness.answers["resume.current"].value == "yes"
    assert readiness.answers["resume.tailored"].value == "no"
    assert session.section("readiness")["answers"]["resume.tailored"] == "no"
    assert tracker.save_button.description == "Save changes"
    assert tracker.controls["notes"].value == "typed, not saved"
    assert goals.controls["title"].value == "Half a goal"
    assert journal.controls["did"].value == "Half an entry"
    assert table_rows(tracker.listing.value)[0][1][:3] == ["Org", "Intern", "Applied"]


def test_a_shown_view_follows_the_plan_for_as_long_as_its_widgets_live(session):
    """The session holds its tools weakly, and under Voila (cells run without history)
    only IPython's `_`, `__` and `___` held the summary: one more cell shown after the
    FAQ (a lesson an instructor extended) and, at the next collection, it stopped
    following the plan while its widgets stayed on the page."""
    import gc

    view = PlanSummary(session, today=TODAY)
    view._repr_mimebundle_()  # shown, as a cell's last expression or display() does
    content = view.content
    del view
    gc.collect()
    add_application(session, organisation="Added later")
    assert "Added later" in shown(content)


def test_a_file_that_cannot_be_made_is_said_so_on_the_page(capsys):
    """The page waited 15 s and then said the server did not answer, which was wrong."""
    from widgets.download import DownloadButton

    button = DownloadButton(lambda: str(1 / 0), filename="plan.json")
    sent = []
    button.send = lambda content, buffers=None: sent.append((content, buffers))
    button._on_browser_message(button, {"op": "make", "request": "r2"}, [])
    assert sent == [({"op": "failed", "request": "r2"}, None)]
    assert "ZeroDivisionError" in capsys.readouterr().err  # the details, for the server's log
