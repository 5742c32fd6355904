"""Lessons 01, 02 and 04 as Voila dashboards, driven in Chromium as a participant would:
change inputs, see the result change, reload, and find the entries still there."""

from __future__ import annotations

import pytest

from tests.browser import (
    beyond_the_screen,
    contrast_ratio,
    lesson_url,
    open_lesson,
    squeezed_on_a_phone,
    wait_until_restored,
)

pytestmark = pytest.mark.browser


def plain(text: str) -> str:
    """Dropdown labels use no-break spaces in the page."""
    return text.replace("\xa0", " ")


def selected_text(locator) -> str:
    return plain(locator.evaluate("select => select.options[select.selectedIndex].text"))


def test_priorities_are_ranked_and_survive_a_reload(voila_url, browser_context):
    page = browser_context.new_page()
    open_lesson(page, voila_url, "01_why_internships.ipynb")
    page.get_by_text("Nothing rated yet").wait_for()
    page.get_by_label("Path to a full-time offer").select_option(label="5 – essential")
    page.get_by_label("Professional network").select_option(label="2 – matters somewhat")
    page.get_by_text("What matters most to you: Path to a full-time offer").wait_for()
    assert page.locator("figure.ck-chart svg").count() == 1
    assert "Chart as a table" in page.inner_text(".ck-priorities-profile")

    page.reload()
    open_lesson(page, voila_url, "01_why_internships.ipynb")
    page.get_by_text("What matters most to you: Path to a full-time offer").wait_for()
    assert selected_text(page.get_by_label("Path to a full-time offer")) == "5 – essential"
    assert selected_text(page.get_by_label("Professional network")) == "2 – matters somewhat"
    assert selected_text(page.get_by_label("Confidence")) == "Not rated yet"


def test_cost_scenarios_recalculate_check_input_and_survive_a_reload(voila_url, browser_context):
    page = browser_context.new_page()
    lesson = "02_internship_types_and_costs.ipynb"
    open_lesson(page, voila_url, lesson)
    editor = page.locator(".ck-scenario-editor")
    page.get_by_text("You end up $6,198.80 ahead").wait_for()
    editor.get_by_label("Scenario name").fill("<b>Summer</b> job")
    editor.get_by_label("Length in weeks").fill("10")
    page.get_by_text("Over 10 weeks at 40 hours a week").wait_for()
    page.get_by_text("You end up $5,074.00 ahead").wait_for()  # 8,824.00 - (550 + 320 x 10)
    editor.get_by_label("Hours per week").fill("lots")
    page.get_by_text("Hours per week must be a number").wait_for()
    page.get_by_text("Fix the marked entries").wait_for()
    # Typed text is shown as text, never as markup.
    page.get_by_text("“<b>Summer</b> job” has an entry to fix").wait_for()
    assert page.locator(".ck-tool b:text('Summer')").count() == 0
    editor.get_by_label("Hours per week").fill("20")
    page.get_by_text("Over 10 weeks at 20 hours a week").wait_for()
    page.get_by_role("button", name="Add a scenario").click()
    page.get_by_text("Added “My scenario 1”").wait_for()
    # The new scenario itself is saved just after that answer (seen missing once, under
    # a full test run, when the page reloaded first).
    page.wait_for_function("""() => (localStorage.getItem(
        'career-workshop-kit/plan-v2/section/cost_scenarios') || '').includes('My scenario 1')""")
    # Type into the new scenario and reload at once: the browser keeps the keystrokes.
    editor.get_by_label("Length in weeks").fill("6")
    page.reload()

    open_lesson(page, voila_url, lesson)
    choice = page.get_by_label("Scenario to edit")
    page.get_by_text("Over 6 weeks at 40 hours a week").wait_for()
    assert selected_text(choice) == "My scenario 1"
    assert [plain(text) for text in choice.locator("option").all_inner_texts()] == [
        "<b>Summer</b> job", "Unpaid on-site", "Paid virtual", "My scenario 1"]
    assert editor.get_by_label("Length in weeks").input_value() == "6"
    choice.select_option(label="<b>Summer</b> job")
    page.get_by_text("Over 10 weeks at 20 hours a week").wait_for()
    assert editor.get_by_label("Scenario name").input_value() == "<b>Summer</b> job"


def test_two_tabs_changing_one_scenario_at_the_same_moment_keep_both_changes(
        voila_url, browser_context):
    """A name typed in one tab and the hours in the other in the same moment: each tab
    showed the other's scenario, its own change gone from the page (kept only as a draft
    for the next load), and a box could show 111.00 while its result used 222."""
    lesson = "02_internship_types_and_costs.ipynb"
    tab_a, tab_b = browser_context.new_page(), browser_context.new_page()
    for tab in (tab_a, tab_b):
        open_lesson(tab, voila_url, lesson)

    def box(tab, label):
        return tab.locator(".ck-scenario-editor").get_by_label(label, exact=True)

    def type_into(tab, label, text):
        # At once, not as Playwright's fill (select all, then insert): the other tab's
        # change to the same box, arriving in between, left "110.00310" in it.
        box(tab, label).evaluate("(input, text) => { input.value = text; input.dispatchEvent("
                                 "new Event('input', {bubbles: true})); }", text)

    def shown(tab) -> dict:
        values = {label: box(tab, label).input_value() for label in expected}
        return {label: value if label == "Scenario name" else float(value)
                for label, value in values.items()}

    # Saved once and seen by both: until then each page's examples have ids of their own.
    expected = {"Extra food per week": 45.0}
    box(tab_a, "Extra food per week").fill("45")
    box(tab_a, "Extra food per week").press("Tab")
    tab_b.wait_for_function("() => [...document.querySelectorAll('.ck-scenario-editor input')]"
                            ".some(input => input.value === '45.00')")
    for label_a, typed_a, label_b, typed_b in [
            ("Scenario name", "Tab A's name", "Hours per week", "33"),
            ("Length in weeks", "20", "Commute per week", "99"),
            ("Equipment", "111", "Equipment", "222")]:  # both: the same one wins in both
        type_into(tab_a, label_a, typed_a)
        type_into(tab_b, label_b, typed_b)
        box(tab_a, label_a).press("Tab")
        box(tab_b, label_b).press("Tab")
        expected.update({label_a: typed_a if label_a == "Scenario name" else float(typed_a),
                         label_b: float(typed_b)})
        for _ in range(60):
            if shown(tab_a) == shown(tab_b) == expected:
                break
            tab_a.wait_for_timeout(250)
        assert (shown(tab_a), shown(tab_b)) == (expected, expected)
    tab_c = browser_context.new_page()
    open_lesson(tab_c, voila_url, lesson)
    assert shown(tab_c) == expected
    # The results too: each tab's is worked out from what its boxes show.
    results = {tab.locator(".ck-scenario-editor").inner_text() for tab in (tab_a, tab_b, tab_c)}
    assert len(results) == 1


def test_a_refused_entry_survives_another_scenario_another_lesson_and_a_reload(
        voila_url, browser_context):
    welcome = browser_context.new_page()  # open before anything is typed in lesson 02
    open_lesson(welcome, voila_url, "00_start_here.ipynb")
    page = browser_context.new_page()
    lesson = "02_internship_types_and_costs.ipynb"
    open_lesson(page, voila_url, lesson)
    choice = page.get_by_label("Scenario to edit")
    weeks = page.locator(".ck-scenario-editor").get_by_label("Length in weeks")
    refused = page.get_by_text("Length in weeks must be a number (you typed 'zero')")

    def edit(name: str) -> None:
        choice.select_option(label=name)
        page.get_by_role("heading", name=f"Result for {name}").wait_for()

    def back_to_unpaid_on_site() -> None:
        choice.select_option(label="Unpaid on-site")
        refused.wait_for()
        assert weeks.input_value() == "zero"

    edit("Unpaid on-site")
    weeks.fill("zero")
    refused.wait_for()
    edit("Paid on-site")
    back_to_unpaid_on_site()
    edit("Paid on-site")
    # The other lesson's page writes its own drafts, and must not drop lesson 02's.
    welcome.get_by_label("Name or nickname").fill("Ana")
    welcome.get_by_text("Last saved").wait_for()
    page.reload()

    open_lesson(page, voila_url, lesson)
    page.get_by_role("heading", name="Result for Paid on-site").wait_for()
    back_to_unpaid_on_site()


def test_comparison_ranks_filters_edits_and_survives_a_reload(voila_url, browser_context):
    page = browser_context.new_page()
    open_lesson(page, voila_url, "04_compare_internships.ipynb")
    page.get_by_text("Your shortlist is empty").wait_for()
    page.get_by_role("button", name="Add the example list").click()
    page.get_by_text("Showing 8 of 8 options.").wait_for()
    page.get_by_text("ranks first with").wait_for()

    page.get_by_label("Paid only").check()
    page.get_by_text("Showing 6 of 8 options.").wait_for()
    page.get_by_label("Paid only").uncheck()

    editor = page.locator(".ck-option-editor")
    # A screen reader tells a criterion's rating from its weight; the page shows both plainly.
    assert page.get_by_label("Rating: Hard skills", exact=True).count() == 1
    assert page.get_by_label("Hard skills", exact=True).count() == 1  # the weight
    hidden = editor.locator(".ck-visually-hidden", has_text="Rating:").first.bounding_box()
    assert hidden["width"] <= 1 and hidden["height"] <= 1
    editor.get_by_label("Organisation").fill("My <i>Top</i> Pick")
    editor.get_by_label("Hard skills").select_option(label="1 – poor")
    page.locator(".ck-weights").get_by_label("Company culture").select_option(label="5 – counts the most")
    page.get_by_text("These are your own weights.").wait_for()
    ranking = page.locator("table.ck-table").filter(has_text="Rank")
    ranking.get_by_text("My <i>Top</i> Pick – Mechanical engineering intern").wait_for()
    assert page.locator(".ck-tool i:text('Top')").count() == 0

    page.reload()
    open_lesson(page, voila_url, "04_compare_internships.ipynb")
    page.get_by_text("Showing 8 of 8 options.").wait_for()
    ranking.get_by_text("My <i>Top</i> Pick – Mechanical engineering intern").wait_for()
    assert page.locator(".ck-option-editor").get_by_label("Organisation").input_value() == \
        "My <i>Top</i> Pick"
    assert selected_text(page.locator(".ck-weights").get_by_label("Company culture")) == \
        "5 – counts the most"
    assert selected_text(page.locator(".ck-option-editor").get_by_label("Hard skills")) == \
        "1 – poor"


def test_on_a_phone_text_wraps_and_only_wide_tables_scroll_sideways(voila_url, chromium):
    """375 px: lesson 04's ranking sentences ran 613 px wide, and 14em labels left a
    drop-down too narrow to read its choice. The ranking chart's labels stay inside it."""
    context = chromium.new_context(viewport={"width": 375, "height": 800})
    try:
        page = context.new_page()
        open_lesson(page, voila_url, "04_compare_internships.ipynb")
        page.get_by_role("button", name="Add the example list").click()
        page.locator(".ck-explanation").first.wait_for()
        assert beyond_the_screen(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        sort_by = page.get_by_label("Sort by").bounding_box()
        assert sort_by["width"] >= 250  # under its label, not squeezed beside it
        table = page.locator(".ck-table-box").first
        assert table.evaluate("box => box.scrollWidth > box.clientWidth")  # scrolls by itself
        # "8. Example Food Bank Networ…" began 3 px left of its chart, its first letter cut.
        assert page.evaluate("""() => [...document.querySelectorAll('.ck-svg-label')]
            .filter(label => label.getBBox().x < 0).map(label => label.textContent)""") == []
        assert squeezed_on_a_phone(page) == []
        # The table scrolls with its first column in view: which option each row is.
        first = table.locator("td").first
        before = first.bounding_box()["x"]
        table.evaluate("box => box.scrollLeft = 200")
        assert abs(first.bounding_box()["x"] - before) < 1 and first.inner_text().startswith("1. ")
        open_lesson(page, voila_url, "02_internship_types_and_costs.ipynb")
        page.locator("figure.ck-chart").wait_for()
        assert beyond_the_screen(page) == [] and squeezed_on_a_phone(page) == []
    finally:
        context.close()


def test_messages_stay_readable_in_the_dark_theme(voila_url, browser_context):
    """A dashboard link with ?theme=dark (or JupyterLab Dark): the error beside a box and the
    warnings must keep 4.5:1 against the page (the light theme's red gave 2.9:1)."""
    page = browser_context.new_page()
    page.goto(lesson_url(voila_url, "02_internship_types_and_costs.ipynb") + "?theme=dark")
    wait_until_restored(page)
    weeks = page.get_by_label("Length in weeks", exact=True)
    weeks.fill("-3")
    weeks.press("Enter")
    page.get_by_text("Length in weeks must be at least 1").wait_for()
    # The warning under the scenario comes in its own message, a moment after the error.
    page.get_by_text("Fix the marked entries to see this scenario's result.").wait_for()
    colours = page.evaluate("""() => [...document.querySelectorAll(
            '.ck-message-error, .ck-message-warning')].map(message => {
        let backdrop = message;
        while (getComputedStyle(backdrop).backgroundColor === 'rgba(0, 0, 0, 0)') {
            backdrop = backdrop.parentElement;
        }
        return [message.className, getComputedStyle(message).color,
                getComputedStyle(backdrop).backgroundColor];
    })""")
    kinds = {name.split()[-1] for name, _text, _page in colours}
    assert {"ck-message-error", "ck-message-warning"} <= kinds
    for name, text, backdrop in colours:
        assert contrast_ratio(text, backdrop) >= 4.5, (name, text, backdrop)


FOCUSED = """() => {
    const element = document.activeElement;
    const label = element.labels && element.labels[0];
    return (label ? label.innerText : element.innerText || element.tagName).trim();
}"""


def test_a_question_before_removing_is_read_out_and_the_keyboard_is_never_dropped(
        voila_url, browser_context):
    """The question takes the keyboard to its safe answer (the button that asked is
    hidden or greyed out meanwhile), and after the answer it goes on from the list."""
    page = browser_context.new_page()
    open_lesson(page, voila_url, "02_internship_types_and_costs.ipynb")
    page.get_by_role("button", name="Remove this scenario").press("Enter")
    question = page.get_by_role("alert").filter(has_text="Remove the scenario")
    question.wait_for()
    page.wait_for_function(f"() => ({FOCUSED})() === 'No, keep it'")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(FOCUSED) == "Yes, remove it"
    page.keyboard.press("Enter")
    page.get_by_role("status").filter(has_text="Removed").wait_for()
    page.wait_for_function(f"() => ({FOCUSED})() === 'Scenario to edit'")
    assert question.count() == 0 or not question.is_visible()
    # In a list tool, the button that asked hides once its entry is gone.
    open_lesson(page, voila_url, "05_landing_an_internship.ipynb")
    tracker = page.locator(".ck-tool").filter(has_text="Application tracker")
    tracker.get_by_label("Role", exact=True).fill("Data intern")
    tracker.get_by_role("button", name="Add application").press("Enter")  # no organisation
    page.wait_for_function(f"() => ({FOCUSED})() === 'Organisation'")  # the entry to fix
    tracker.get_by_label("Organisation", exact=True).fill("City Library")
    tracker.get_by_label("Role", exact=True).fill("Data intern")
    tracker.get_by_role("button", name="Add application").press("Enter")
    page.get_by_role("status").filter(has_text="Added").wait_for()
    chooser = tracker.get_by_label("Change an application")
    chooser.select_option(index=1)
    tracker.get_by_role("button", name="Remove this application").press("Enter")
    page.wait_for_function(f"() => ({FOCUSED})() === 'Keep this application'")
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => ({FOCUSED})() === 'Change an application'")
    # The plan bar: the greyed-out Clear button gets the keyboard back once the answer is in.
    page.get_by_role("button", name="Clear my data").press("Enter")
    page.wait_for_function(f"() => ({FOCUSED})() === 'Keep my plan'")
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => ({FOCUSED})() === 'Clear my data'")
    # A list emptied by its last removal: its chooser is hidden, the keyboard goes on from
    # the list's Add button, and what happened is read out with the list now empty.
    open_lesson(page, voila_url, "04_compare_internships.ipynb")
    page.get_by_role("button", name="Add an option").press("Enter")
    page.get_by_role("status").filter(has_text="Added").wait_for()
    page.get_by_role("button", name="Remove this option").press("Enter")
    page.wait_for_function(f"() => ({FOCUSED})() === 'No, keep it'")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    page.get_by_role("status").filter(has_text="Your shortlist is empty").wait_for()
    page.wait_for_function(f"() => ({FOCUSED})() === 'Add an option'")
    # A button that hides itself once pressed hands the keyboard to what it changed.
    page.get_by_label("Real-world experience", exact=True).select_option(index=5)
    back = page.get_by_role("button", name="Go back to equal weights")
    back.press("Enter")
    page.get_by_role("status").filter(has_text="the same weight").wait_for()
    page.wait_for_function(f"() => ({FOCUSED})() === 'Real-world experience'")
