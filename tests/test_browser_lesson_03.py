"""Lesson 03 as a Voila dashboard, driven in Chromium as a participant would use it."""

from __future__ import annotations

import pytest

from tests.browser import READY_TIMEOUT_MS, open_lesson
from widgets.certifications.model import by_id, load_certifications, price_text

pytestmark = pytest.mark.browser
LESSON = "03_certifications.ipynb"
VERDICT = "A: Google Career Certificates is the cheaper option for you: $343.00 in total"


def option_label(cert_id: str) -> str:
    cert = by_id(load_certifications())[cert_id]
    return f"{cert.name} – {price_text(cert, 'USD')}"


def open_calculator(page, base_url: str) -> None:
    open_lesson(page, base_url, LESSON)
    page.get_by_label("Hours a week to study").wait_for(timeout=READY_TIMEOUT_MS)


def test_explore_compare_and_keep_the_choices_after_a_reload(voila_url, browser_context):
    page = browser_context.new_page()
    open_calculator(page, voila_url)

    page.get_by_label("Field", exact=True).select_option(label="Security")
    page.get_by_text("Showing 1 of 15 certifications.").wait_for()
    explorer_table = page.locator("table.ck-table").first
    assert "Sources disagree: $425.00 here, $439.00 elsewhere." in explorer_table.inner_text()

    page.get_by_label("Hours a week to study").fill("5")
    page.get_by_label("Certification A").select_option(label=option_label(
        "google_career_certificate"))
    page.get_by_label("A: study hours").fill("150")
    page.get_by_label("Certification B").select_option(label=option_label("comptia_a_plus"))
    page.get_by_label("B: study hours").fill("150")
    page.get_by_label("Chance of failing (%)").fill("20")
    page.get_by_text(VERDICT).wait_for()
    page.get_by_text("The answer flips at about 2.8 hours a week").wait_for()
    assert page.locator("figure.ck-chart svg[role='img']").count() == 1
    assert "Chart as a table" in page.locator("figure.ck-chart").inner_text()

    page.get_by_label("Hours a week to study").fill("0")
    page.get_by_text("Hours a week must be more than 0").wait_for()
    assert page.get_by_text(VERDICT).count() == 0
    page.get_by_label("Hours a week to study").fill("5")
    page.get_by_text(VERDICT).wait_for()

    page.reload()
    open_calculator(page, voila_url)
    page.get_by_text(VERDICT).wait_for()
    assert page.get_by_label("A: study hours").input_value() == "150"
    assert page.get_by_label("B: study hours").input_value() == "150"
    assert page.get_by_label("Chance of failing (%)").input_value() == "20"
    assert page.get_by_label("Hours a week to study").input_value() == "5"


def test_printed_the_whole_lesson_comes_out_with_its_tables_whole(voila_url, browser_context):
    """Printed, a dashboard gave one page: the first screen of the lesson, cut at the
    right (the page is as tall as the window, the lesson scrolling inside it)."""
    import re

    page = browser_context.new_page()
    open_calculator(page, voila_url)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", page.pdf()))
    assert pages >= 4, pages
    page.emulate_media(media="print")
    explorer = page.locator(".ck-table-box").first
    assert explorer.evaluate("box => box.scrollWidth <= box.clientWidth")
    # Nothing around the explorer's table scrolls on paper either: a second scrolling box
    # there cut the printed table at the right.
    assert explorer.evaluate("""box => {
        for (let e = box.parentElement; !e.matches('.widget-html-content'); e = e.parentElement) {
            if (getComputedStyle(e).overflowX !== 'visible') return false;
        }
        return true;
    }""")
    assert page.get_by_text("Source, date and status").is_visible()
