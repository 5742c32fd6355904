"""Every lesson page, in the light and the dark theme (the dark one on a phone's 320 px),
and with a message and a question shown, checked by axe-core (Deque's accessibility
engine, which Lighthouse's audit runs): labels, names, contrast, links told apart without
colour, table headers, landmarks. The static site's lesson page gets the same check in
test_static_site.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser import (
    axe_violations,
    beyond_the_screen,
    lesson_url,
    open_lesson,
    wait_until_restored,
)

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted(path.name for path in (ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize(("theme", "width"), [("light", 1280), ("dark", 320)])
@pytest.mark.parametrize("lesson", LESSONS)
def test_every_lesson_passes_axe_in_both_themes_and_fits_a_phone(voila_url, browser_context,
                                                                   lesson, theme, width):
    """At 320 px lesson 04's worked example, a table in the lesson's text, ran 85 px past
    the screen, its last column out of reach."""
    page = browser_context.new_page()
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{lesson_url(voila_url, lesson)}?theme={theme}")
    wait_until_restored(page)
    assert axe_violations(page) == []
    assert beyond_the_screen(page) == []


def test_messages_and_questions_pass_axe(voila_url, browser_context):
    """A refused entry's message, and the question before clearing the plan."""
    page = browser_context.new_page()
    open_lesson(page, voila_url, "02_internship_types_and_costs.ipynb")
    weeks = page.get_by_label("Length in weeks")
    weeks.fill("abc")
    weeks.press("Tab")
    page.get_by_text("must be a number").first.wait_for()
    page.get_by_role("button", name="Clear my data").click()
    page.get_by_role("button", name="Yes, remove my plan").wait_for()
    assert axe_violations(page) == []


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_home_page_passes_axe(voila_url, browser_context, theme):
    page = browser_context.new_page()
    page.goto(f"{voila_url}/?theme={theme}")
    assert axe_violations(page) == []


def test_a_dark_theme_asked_for_goes_on_to_the_next_lesson_and_from_the_home_page(
        voila_url, browser_context):
    """"Next: 02" and the home page's links opened the next lesson light again."""
    page = browser_context.new_page()
    page.goto(f"{lesson_url(voila_url, '01_why_internships.ipynb')}?theme=dark")
    wait_until_restored(page)
    page.get_by_role("link", name="02 Internship types and costs").first.click()
    wait_until_restored(page)
    assert page.url.endswith("/02_internship_types_and_costs.ipynb?theme=dark")
    assert page.locator("body").get_attribute("data-jp-theme-light") == "false"
    page.goto(f"{voila_url}/?theme=dark")
    assert page.locator("html").get_attribute("data-theme") == "dark"
    page.get_by_role("link", name="03 Certifications").click()
    wait_until_restored(page)
    assert page.url.endswith("/03_certifications.ipynb?theme=dark")
    page.goto(f"{voila_url}/")  # nothing asked: the lessons keep their light default
    page.get_by_role("link", name="03 Certifications").click()
    wait_until_restored(page)
    assert page.url.endswith("/03_certifications.ipynb")


def test_in_forced_colours_buttons_keep_an_edge_and_drop_downs_their_arrow(voila_url,
                                                                           browser_context):
    """Windows High Contrast paints every background alike: ipywidgets' buttons read as
    plain text beside the kit's own, and on a dark background a drop-down's arrow (a black
    picture) was gone, so it looked like a text box."""
    page = browser_context.new_page()
    page.emulate_media(forced_colors="active", color_scheme="dark")
    open_lesson(page, voila_url, "05_landing_an_internship.ipynb")
    primary, plain = (page.get_by_role("button", name=name, exact=True).evaluate(
        "e => parseFloat(getComputedStyle(e).borderTopWidth)")
        for name in ("Add application", "Clear my data"))
    assert plain >= 1 and primary > plain  # the main action still stands out
    select = page.get_by_label("Grades in key courses")
    assert select.evaluate("e => getComputedStyle(e).backgroundImage") == "none"
    assert select.evaluate("e => getComputedStyle(e).appearance") != "none"


def test_a_status_message_is_on_the_page_before_its_text_so_that_it_is_read_out(
        voila_url, browser_context):
    """Screen readers read out text arriving in a status region already on the page, not
    a region arriving with its text, which is how ipywidgets shows every new message: a
    tool's status regions now come in empty and unseen, and get their text after."""
    page = browser_context.new_page()
    open_lesson(page, voila_url, "04_compare_internships.ipynb")
    page.evaluate("""() => {
        window.statusesAsTheyCame = [];
        new MutationObserver(records => {
            for (const record of records) for (const node of record.addedNodes) {
                if (node instanceof Element && node.matches('.ck-tool [role="status"]')) {
                    window.statusesAsTheyCame.push([node.textContent,
                                                    getComputedStyle(node).opacity]);
                }
            }
        }).observe(document.body, {childList: true, subtree: true});
    }""")
    page.get_by_role("button", name="Add an option").press("Enter")
    added = page.get_by_role("status").filter(has_text="Added")
    added.wait_for()
    assert added.evaluate("region => getComputedStyle(region).opacity") == "1"
    came = page.evaluate("window.statusesAsTheyCame")
    assert came and all(text == "" and opacity == "0" for text, opacity in came), came


def test_a_boxs_help_and_error_are_its_description_and_an_error_marks_it_invalid(
        voila_url, browser_context):
    """Coming back to a box, a screen reader said its label and what it held, not what was
    wrong with it: the message beside it was only next to it on the page."""
    from playwright.sync_api import expect

    page = browser_context.new_page()
    open_lesson(page, voila_url, "02_internship_types_and_costs.ipynb")
    weeks = page.get_by_label("Length in weeks")
    weeks.fill("ten")
    expect(weeks).to_have_attribute("aria-invalid", "true")
    expect(weeks).to_have_accessible_description(re.compile("Length in weeks must be"))
    weeks.fill("12")
    expect(weeks).not_to_have_attribute("aria-invalid", "true")
    expect(weeks).to_have_accessible_description("")
    open_lesson(page, voila_url, "03_certifications.ipynb")
    hours = page.get_by_label("Hours a week to study", exact=True)
    expect(hours).to_have_accessible_description(
        "The hours you can really study in a normal week.")
    # A question asked before its control (lesson 05's checklist) is its description too:
    # tabbing through the answers said only their short labels.
    open_lesson(page, voila_url, "05_landing_an_internship.ipynb")
    expect(page.get_by_role("combobox", name="Grades in key courses")).to_have_accessible_description(
        "Are your grades in the courses closest to the role where you want them?")
