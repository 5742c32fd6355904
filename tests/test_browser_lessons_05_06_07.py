"""Lessons 05, 06 and 07 as Voila dashboards, driven in Chromium as a participant would:
answer, add, see messages for bad input, reload and find everything still there, and
download every export of the plan."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest
from icalendar import Calendar

from tests.browser import beyond_the_screen, open_lesson, squeezed_on_a_phone
from widgets.my_plan import model as my_plan
from widgets.plan import plan_from_dict, plan_from_json

pytestmark = pytest.mark.browser
SCRIPT = "<script>alert(1)</script>"


def selected_text(locator) -> str:
    return locator.evaluate("select => select.options[select.selectedIndex].text")


def no_injected_markup(page) -> None:
    """Typed markup was shown as text: no script ran into the page, no stray tags."""
    assert page.locator(".ck-tool script").count() == 0
    assert page.locator(".ck-tool b:text('Ship')").count() == 0
    assert page.locator('.ck-tool a[href^="javascript"]').count() == 0


TYPE_THEN_PRESS = """([boxes, texts, target]) => {
    // Keys as fast as a script types them, then the press, all before the kernel answers:
    // ipywidgets sends a box's first change and holds the others back until it does.
    boxes.forEach((box, index) => {
        box.focus();
        for (let end = 1; end <= texts[index].length; end++) {
            box.value = texts[index].slice(0, end);
            box.dispatchEvent(new Event("input", {bubbles: true}));
        }
    });
    target.click();
}"""


def test_a_button_pressed_right_after_typing_acts_on_everything_typed(voila_url, browser_context):
    """Over a slow connection, or typed fast and added at once: the press overtook the
    keys ipywidgets held back, and the application was added as "I – Q"."""
    page = browser_context.new_page()
    open_lesson(page, voila_url, "05_landing_an_internship.ipynb")
    tracker = page.locator(".ck-tool").filter(has_text="Application tracker")
    boxes = [tracker.get_by_label(label, exact=True).element_handle() for label in ("Organisation", "Role")]
    add = tracker.get_by_role("button", name="Add application").element_handle()
    page.evaluate(TYPE_THEN_PRESS, [boxes, ["Initech", "QA intern"], add])
    tracker.get_by_text("Added “Initech – QA intern").wait_for()


def test_a_link_followed_right_after_typing_leaves_once_the_change_is_saved(
        voila_url, browser_context):
    """Lesson 07 (and every export) showed a half-typed amount when the participant left
    lesson 02 by a link right after typing it: the page left before its change was saved."""
    page = browser_context.new_page()
    open_lesson(page, voila_url, "00_start_here.ipynb")
    name = page.get_by_label("Name or nickname", exact=True).element_handle()
    link = page.locator("a[href*='01_why_internships']").first.element_handle()
    page.evaluate(TYPE_THEN_PRESS, [[name], ["Zoë Łukasz"], link])
    page.wait_for_url("**/01_why_internships.ipynb")
    saved = page.evaluate("() => Object.entries(localStorage).find(([key]) => "
                          "key.endsWith('section/profile'))[1]")
    assert json.loads(saved)["name"] == "Zoë Łukasz"


def test_landing_readiness_and_tracker_keep_answers_across_a_reload(voila_url, browser_context):
    soon = (date.today() + timedelta(days=3)).isoformat()
    page = browser_context.new_page()
    open_lesson(page, voila_url, "05_landing_an_internship.ipynb")
    page.get_by_label("Up-to-date resume", exact=True).select_option(label="No")
    page.get_by_label("Tailored to each role", exact=True).select_option(label="Partly")
    page.get_by_text("Resume tailored to the role 25%").wait_for()
    page.get_by_role("heading", name="Next steps for your weakest areas").wait_for()

    tracker = page.locator(".ck-tool").filter(has_text="Application tracker")
    tracker.get_by_label("Organisation", exact=True).fill(f"{SCRIPT} Lab")
    tracker.get_by_label("Role", exact=True).fill("Data intern")
    tracker.get_by_label("Link to the posting", exact=True).fill("javascript:alert(1)")
    tracker.get_by_text("not made clickable").wait_for()
    tracker.get_by_label("Deadline (optional)", exact=True).fill("31/12/2099")
    tracker.get_by_role("button", name="Add application").click()
    tracker.get_by_text("must be a date like 2027-03-31").wait_for()
    tracker.get_by_label("Deadline (optional)", exact=True).fill(soon)
    tracker.get_by_role("button", name="Add application").click()
    row = tracker.locator("tr.ck-row-alert").filter(has_text=f"{SCRIPT} Lab")
    row.get_by_text("Deadline in 3 days").wait_for()
    assert "javascript:alert(1)" in row.inner_text()
    no_injected_markup(page)

    page.reload()
    open_lesson(page, voila_url, "05_landing_an_internship.ipynb")
    assert selected_text(page.get_by_label("Up-to-date resume", exact=True)) == "No"
    assert selected_text(page.get_by_label("Tailored to each role", exact=True)) == "Partly"
    page.get_by_text("Resume tailored to the role 25%").wait_for()
    tracker.locator("tr.ck-row-alert").filter(has_text=f"{SCRIPT} Lab").wait_for()
    no_injected_markup(page)


def test_goals_and_journal_check_dates_and_keep_unsaved_typing(voila_url, browser_context):
    later = (date.today() + timedelta(days=60)).isoformat()
    page = browser_context.new_page()
    open_lesson(page, voila_url, "06_goals_and_growth.ipynb")
    goals = page.locator(".ck-tool").filter(has_text="SMART goals")
    goals.get_by_label("Your goal", exact=True).fill("<b>Ship</b> my portfolio")
    goals.get_by_label("Measurable", exact=True).fill("2 projects published")
    goals.get_by_text("Names something you can count or check.").wait_for()
    goals.get_by_label("Time-bound: done by", exact=True).fill("2020-01-01")
    goals.get_by_role("button", name="Save goal").click()
    goals.get_by_text("is not in the future").wait_for()
    goals.get_by_label("Time-bound: done by", exact=True).fill(later)
    goals.get_by_role("button", name="Save goal").click()
    goals.get_by_text("Added “<b>Ship</b> my portfolio").wait_for()

    journal = page.locator(".ck-tool").filter(has_text="Learning journal")
    journal.get_by_label("What I did", exact=True).fill("Mock interview <i>with Ana</i>")
    journal.get_by_role("button", name="Add entry").click()
    journal.get_by_text("Your entries, newest first (1)").wait_for()
    no_injected_markup(page)
    assert page.locator(".ck-tool i:text('with Ana')").count() == 0

    # Typed but never saved: choosing the saved goal is refused, with what to do instead.
    goals.get_by_label("Your goal", exact=True).fill("A second goal, half written")
    chooser = goals.get_by_label("Change a goal")
    chooser.select_option(index=1)  # the goal saved above
    # Read out, right under the chooser that went back.
    refusal = goals.get_by_role("status").filter(has_text="The form has changes that are not saved yet")
    refusal.wait_for()
    assert chooser.evaluate("""(select, refusal) => {
        const field = select.closest('.widget-vbox');
        return field.contains(refusal) && !field.contains(document.querySelector(
            '.ck-tool button.mod-primary'));
    }""", refusal.element_handle())
    page.wait_for_function("select => select.selectedIndex === 0", arg=chooser.element_handle())
    assert goals.get_by_label("Your goal", exact=True).input_value() == "A second goal, half written"
    # Then the page is reloaded at once: the draft comes back.
    page.reload()
    open_lesson(page, voila_url, "06_goals_and_growth.ipynb")
    page.wait_for_function(
        "() => [...document.querySelectorAll('input')].some("
        "i => i.value === 'A second goal, half written')", timeout=20_000)
    goals.locator("li").filter(has_text=f"Done by: {later}").wait_for()
    journal.locator("li").filter(has_text="What I did: Mock interview <i>with Ana</i>").wait_for()


def gap(above, below) -> float:
    top, bottom = above.bounding_box(), below.bounding_box()
    return bottom["y"] - (top["y"] + top["height"])


def test_a_form_keeps_room_for_a_message_only_where_it_comes_as_one_types(voila_url,
                                                                           browser_context):
    """Every empty message line kept a line of space under its box: the tracker's form
    took a screen and a half. Where a message comes and goes with the keys, its room
    stays, so that nothing below moves away from a pointer about to click it."""
    page = browser_context.new_page()
    open_lesson(page, voila_url, "05_landing_an_internship.ipynb")
    tracker = page.locator(".ck-tool").filter(has_text="Application tracker")
    organisation = tracker.get_by_label("Organisation", exact=True)
    role = tracker.get_by_label("Role", exact=True)
    assert gap(organisation, role) < 12  # checked when "Add application" is pressed
    tracker.get_by_role("button", name="Add application").click()
    tracker.get_by_text("The organisation cannot be empty").wait_for()
    assert gap(organisation, role) > 20
    open_lesson(page, voila_url, "02_internship_types_and_costs.ipynb")
    weeks, hours = page.get_by_label("Length in weeks"), page.get_by_label("Hours per week")
    before = gap(weeks, hours)
    weeks.fill("ten")
    page.get_by_text("Length in weeks must be").wait_for()
    assert abs(gap(weeks, hours) - before) < 20  # 12 px: the message is a little taller

def test_on_a_phone_no_field_of_lessons_05_and_06_is_cut_off(voila_url, chromium):
    """360 px: a text box of several lines kept its row's fixed height while its label went
    above it, so its last 28 px were cut off and covered the first line of its help; every
    field stuck out 4 px of its tool, its right border and focus ring cut."""
    context = chromium.new_context(viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        for lesson in ("05_landing_an_internship.ipynb", "06_goals_and_growth.ipynb"):
            open_lesson(page, voila_url, lesson)
            assert beyond_the_screen(page) == [] and squeezed_on_a_phone(page) == []
        milestones = page.get_by_label("Milestones").bounding_box()
        help_text = page.get_by_text("One per line: a date (YYYY-MM-DD)").bounding_box()
        assert milestones["height"] >= 60 and help_text["y"] >= milestones["y"] + milestones["height"]
    finally:
        context.close()


def test_a_goal_saved_in_another_tab_leaves_this_tabs_unsaved_goal_for_a_reload(
        voila_url, browser_context):
    """Both tabs kept their drafts in one place: the other tab's form, emptied by its save,
    wrote its empty boxes there, and a reload here lost the goal typed and not saved."""
    later = (date.today() + timedelta(days=60)).isoformat()
    here, there = browser_context.new_page(), browser_context.new_page()
    for page in (here, there):
        open_lesson(page, voila_url, "06_goals_and_growth.ipynb")

    def goals(page):
        return page.locator(".ck-tool").filter(has_text="SMART goals")

    goals(here).get_by_label("Your goal", exact=True).fill("Typed here, not saved")
    goals(there).get_by_label("Your goal", exact=True).fill("Saved there")
    goals(there).get_by_label("Time-bound: done by", exact=True).fill(later)
    goals(there).get_by_role("button", name="Save goal").click()
    goals(there).get_by_text("Added “Saved there").wait_for()
    goals(here).locator("li").filter(has_text=f"Done by: {later}").wait_for()  # the other tab's goal
    here.reload()
    open_lesson(here, voila_url, "06_goals_and_growth.ipynb")
    here.wait_for_function(
        "() => [...document.querySelectorAll('input')].some(i => i.value === 'Typed here, not saved')",
        timeout=20_000)
    # A plan cleared in one tab takes the other tab's drafts with it.
    there.get_by_role("button", name="Clear my data").click()
    there.get_by_role("button", name="Yes, remove my plan").click()
    there.get_by_text("You are starting a new, empty plan").wait_for()
    here.wait_for_timeout(1000)
    here.reload()
    open_lesson(here, voila_url, "06_goals_and_growth.ipynb")
    here.wait_for_timeout(2000)
    assert goals(here).get_by_label("Your goal", exact=True).input_value() == ""


def test_tabs_opened_on_an_empty_browser_keep_the_start_of_the_plan_the_first_save_wrote(
        voila_url, browser_context):
    """Each tab started a plan of its own as it opened, and the tab saving last wrote its
    start: the calendar's event ids, made from it, changed between reloads, and a calendar
    imported again had every date twice."""
    later = (date.today() + timedelta(days=60)).isoformat()
    first, second = browser_context.new_page(), browser_context.new_page()
    open_lesson(first, voila_url, "06_goals_and_growth.ipynb")
    first.wait_for_timeout(1100)  # the plans' starts are kept to the second
    open_lesson(second, voila_url, "06_goals_and_growth.ipynb")

    def save_goal(page, title):
        goals = page.locator(".ck-tool").filter(has_text="SMART goals")
        goals.get_by_label("Your goal", exact=True).fill(title)
        goals.get_by_label("Time-bound: done by", exact=True).fill(later)
        goals.get_by_role("button", name="Save goal").click()
        goals.get_by_text(f"Added “{title}").wait_for()

    def stored_start():
        return first.evaluate("""() => Object.keys(localStorage).filter(k => k.endsWith('/meta'))
            .map(k => JSON.parse(localStorage.getItem(k)).created)""")

    def goals_listed(page, count):
        page.locator("li").filter(has_text=f"Done by: {later}").nth(count - 1).wait_for()

    save_goal(first, "Saved first")
    started = stored_start()
    goals_listed(second, 1)
    save_goal(second, "Saved second")
    goals_listed(first, 2)
    assert len(started) == 1 and stored_start() == started


def test_applications_added_in_two_tabs_at_the_same_moment_are_both_kept(
        voila_url, browser_context):
    """Both tabs numbered their new application app-1 and one was lost; and the tabs'
    saves, recorded in one shared key, wrote over each other's record of what they
    changed, so a change looked made on top of the other and undid it."""
    tabs = [browser_context.new_page(), browser_context.new_page()]
    for tab in tabs:
        open_lesson(tab, voila_url, "05_landing_an_internship.ipynb")

    def tracker(tab):
        return tab.locator(".ck-tool").filter(has_text="Application tracker")

    def listed(tab) -> list[str]:
        options = tracker(tab).get_by_label("Change an application").locator("option")
        return sorted(text.replace("\xa0", " ") for text in options.all_inner_texts()[1:])

    for round_ in range(3):
        for tab, who in zip(tabs, "AB", strict=True):
            tracker(tab).get_by_label("Organisation", exact=True).fill(f"Org {who}{round_}")
            tracker(tab).get_by_label("Role", exact=True).fill("Intern")
        for tab in tabs:
            tracker(tab).get_by_role("button", name="Add application").click(no_wait_after=True)
        wanted = sorted(f"Org {who}{number} – Intern (interested)"
                        for number in range(round_ + 1) for who in "AB")
        for _ in range(60):
            if listed(tabs[0]) == listed(tabs[1]) == wanted:
                break
            tabs[0].wait_for_timeout(250)
        assert (listed(tabs[0]), listed(tabs[1])) == (wanted, wanted)
    tabs[0].reload()
    open_lesson(tabs[0], voila_url, "05_landing_an_internship.ipynb")
    assert listed(tabs[0]) == wanted


def uploaded_plan() -> dict:
    soon, later = date.today() + timedelta(days=3), date.today() + timedelta(days=40)
    return {
        "schema": "career-workshop-kit/plan", "schema_version": 2,
        "sections": {
            "profile": {"name": f"Sam {SCRIPT}", "field": "data", "stage": "", "season": "",
                        "currency": "USD"},
            "applications": {"items": [{
                "id": "app-1", "organisation": "Acme & Co", "role": f"Intern {SCRIPT}",
                "link": "https://example.org/jobs/1", "deadline": soon.isoformat(),
                "status": "applied", "next_action": "Follow up",
                "next_action_date": soon.isoformat(), "notes": "",
                "history": [{"status": "applied", "date": date.today().isoformat()}]}]},
            "goals": {"items": [{
                "id": "goal-1", "title": "Publish my portfolio", "phase": "before",
                "specific": "", "measurable": "2 projects published", "achievable": "",
                "relevant": "", "target_date": later.isoformat(), "status": "active",
                "milestones": [{"date": soon.isoformat(), "text": "First project online"}]}]},
        },
    }


def download(page, label: str):
    with page.expect_download() as info:
        page.get_by_role("button", name=label).click()
    return info.value


def test_the_printable_plans_dates_stay_whole_beside_a_long_item(browser_context):
    """Every cell could break anywhere: a long item squeezed "2027-03-14" onto two lines."""
    plan = plan_from_dict({"schema_version": 2, "sections": {"applications": {"items": [
        {"id": "app-1", "organisation": "Société Générale", "role": "Data Analyst Intern",
         "deadline": "2027-03-14", "status": "interested", "next_action_date": "2027-03-12",
         "next_action": "Send my resume and cover letter to the recruiter and ask about the "
                        "interview dates and who else I should talk to before then"}]}}})
    page = browser_context.new_page()
    page.set_viewport_size({"width": 390, "height": 800})
    page.set_content(my_plan.to_html(plan, datetime(2027, 3, 10, tzinfo=timezone.utc)))
    lines_per_cell = page.evaluate("""() => [...document.querySelectorAll('tbody tr')].map(
        (row) => [...row.cells].slice(0, 2).map((cell) => {
            const range = document.createRange();
            range.selectNodeContents(cell);
            return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
        }))""")
    assert lines_per_cell == [[1, 1], [1, 1]]
    page.close()


def test_my_plan_summarises_exports_every_file_and_survives_a_reload(
        voila_url, browser_context, tmp_path):
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps(uploaded_plan()), encoding="utf-8")
    page = browser_context.new_page()
    open_lesson(page, voila_url, "07_my_plan.ipynb")
    page.get_by_text("No goals set yet (lesson 06).").wait_for()
    empty_calendar = page.get_by_text("The calendar is empty for now")
    empty_calendar.wait_for()
    load = page.get_by_role("button", name="Load a plan", exact=True)  # no file count in it
    with page.expect_file_chooser() as chooser:
        load.focus()
        page.keyboard.press("Enter")  # the keyboard opens it too
    chooser.value.set_files(str(plan_file))
    summary = page.locator(".ck-tool").filter(has_text="Everything in your plan")
    summary.get_by_text(f"Career plan of Sam {SCRIPT}").wait_for()
    summary.get_by_text("No journal entries yet (lesson 06).").wait_for()
    assert summary.locator("tr.ck-row-alert").filter(has_text="In 3 days").count() == 3
    page.get_by_text("Do internships turn into full-time offers?").wait_for()
    assert page.locator(".ck-tool script").count() == 0
    # The take-home files follow the summary in their own message: on a busy machine a
    # click as the summary appears could still save the plan from before the load.
    empty_calendar.wait_for(state="detached")

    files = {label: download(page, label) for label in (
        "Printable plan (HTML)", "Plan as Markdown", "Plan data (JSON)",
        "Calendar of my dates (.ics)")}
    assert [f.suggested_filename for f in files.values()] == [
        "my-career-plan.html", "my-career-plan.md", "my-career-plan.json", "my-career-dates.ics"]
    text = {label: open(f.path(), encoding="utf-8", newline="").read()
            for label, f in files.items()}

    html = text["Printable plan (HTML)"]
    assert html.startswith("<!DOCTYPE html>") and "@media print" in html
    assert "Sam &lt;script&gt;" in html and SCRIPT not in html
    printed = browser_context.new_page()
    printed.set_content(html)
    printed.emulate_media(media="print")
    assert printed.locator("script").count() == 0
    assert f"Career plan of Sam {SCRIPT}" in printed.inner_text("h1")
    assert printed.pdf().startswith(b"%PDF")  # what "Save as PDF" in the print dialog makes
    printed.close()

    assert "Sam \\<script>" in text["Plan as Markdown"]  # shown as typed, not run

    loaded = plan_from_json(text["Plan data (JSON)"])
    for name, section in uploaded_plan()["sections"].items():
        assert loaded.section(name) == section, name

    calendar = Calendar.from_ical(text["Calendar of my dates (.ics)"])
    events = calendar.walk("VEVENT")
    assert len(events) == 4  # deadline, next action, milestone, goal date
    assert sorted(e.decoded("DTSTART") for e in events)[-1] == date.today() + timedelta(days=40)
    assert "<" not in text["Calendar of my dates (.ics)"]

    page.reload()
    open_lesson(page, voila_url, "07_my_plan.ipynb")
    summary.get_by_text(f"Career plan of Sam {SCRIPT}").wait_for()
    summary.get_by_text("Goal: Publish my portfolio").wait_for()


def test_the_answer_to_lesson_07s_question_joins_the_plan_above_and_comes_back(
        voila_url, browser_context):
    page = browser_context.new_page()
    open_lesson(page, voila_url, "07_my_plan.ipynb")
    summary = page.locator(".ck-tool").filter(has_text="Everything in your plan")
    still_to_do = summary.get_by_text("No answer yet to the question at the end of lesson 07")
    still_to_do.wait_for()
    answer = page.get_by_label("Your answer", exact=True)
    assert "next seven days" in answer.evaluate(
        "box => document.getElementById(box.getAttribute('aria-describedby').split(' ')[0])"
        ".textContent")  # the question is read out with the box
    answer.fill(f"Email Ana {SCRIPT}")
    summary.get_by_text(f"Your answer: Email Ana {SCRIPT}").wait_for()
    still_to_do.wait_for(state="detached")
    assert page.locator(".ck-tool script").count() == 0
    page.reload()
    open_lesson(page, voila_url, "07_my_plan.ipynb")
    assert answer.input_value() == f"Email Ana {SCRIPT}"
    summary.get_by_text(f"Your answer: Email Ana {SCRIPT}").wait_for()
