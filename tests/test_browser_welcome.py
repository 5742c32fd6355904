"""The welcome dashboard in Voila, driven in Chromium as a participant would use it."""

from __future__ import annotations

import json

import pytest

from tests.browser import contrast_ratio, open_lesson

pytestmark = pytest.mark.browser
LESSON = "00_start_here.ipynb"


def test_profile_survives_reload_downloads_and_stays_private(voila_url, browser_context, chromium):
    page = browser_context.new_page()
    open_lesson(page, voila_url, LESSON)
    name = page.get_by_label("Name or nickname")
    name.fill("Sam <script>alert(1)</script>")
    page.get_by_label("Field of interest").select_option(label="Data and analytics")
    page.get_by_text("interested in data and analytics").wait_for()
    # The typed text is shown escaped, never run as markup.
    assert page.locator("script:text('alert(1)')").count() == 0

    def download_plan() -> dict:
        with page.expect_download() as download_info:
            page.get_by_role("button", name="Download my plan").click()
        return json.loads(open(download_info.value.path(), encoding="utf-8").read())

    # The download follows the sentence above in the kernel's next message: on a busy
    # machine a click as the sentence appears can still save the plan of the keystroke before.
    before_reload = download_plan()
    for _ in range(20):
        if before_reload["sections"]["profile"].get("field") == "data":
            break
        page.wait_for_timeout(250)
        before_reload = download_plan()
    assert before_reload["sections"]["profile"]["field"] == "data"
    page.reload()
    open_lesson(page, voila_url, LESSON)
    assert page.get_by_label("Name or nickname").input_value() == "Sam <script>alert(1)</script>"
    assert page.get_by_label("Field of interest").input_value() != ""

    saved = download_plan()
    # The plan's times come back too: a reload is not a new plan (calendar event ids and
    # the question before a load rest on them).
    assert saved["meta"] == before_reload["meta"]
    assert saved["sections"]["profile"]["name"] == "Sam <script>alert(1)</script>"
    assert saved["sections"]["profile"]["field"] == "data"

    other = chromium.new_context()
    try:
        stranger = other.new_page()
        open_lesson(stranger, voila_url, LESSON)
        assert stranger.get_by_label("Name or nickname").input_value() == ""
        assert "Nothing saved yet" in stranger.inner_text("body")
    finally:
        other.close()


def test_a_dashboard_leaves_out_what_only_jupyterlab_needs(voila_url, browser_context):
    """A student opening the shared link read how to run code cells (there are none on the
    page) and the instructors' notes before the profile form."""
    page = browser_context.new_page()
    open_lesson(page, voila_url, "00_start_here.ipynb")
    body = page.inner_text("body")
    assert "How to work through a lesson" in body and "Your profile" in body
    assert "Shift + Enter" not in body and "For instructors" not in body

def test_typing_then_reloading_at_once_keeps_every_character(voila_url, browser_context):
    page = browser_context.new_page()
    open_lesson(page, voila_url, LESSON)
    page.get_by_label("Name or nickname").press_sequentially("Alexandra", delay=5)
    page.reload()
    open_lesson(page, voila_url, LESSON)
    page.wait_for_function(
        "() => document.querySelector('input[placeholder=\"e.g. Sam\"]').value === 'Alexandra'",
        timeout=20_000,
    )


def test_keyboard_focus_is_plain_to_see_on_every_kind_of_control(voila_url, browser_context):
    """ipywidgets takes the outline off its inputs (`outline: none !important`) and marks
    focus with a 1 px light-blue border only (about 2:1 on white). Tabbing through the
    plan bar and the profile, every stop must wear the kit's 3 px ring in its accent."""
    page = browser_context.new_page()
    open_lesson(page, voila_url, LESSON)
    page.get_by_role("button", name="Download my plan").focus()
    kinds = set()
    for _ in range(12):
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => { const e = document.activeElement;
            const style = getComputedStyle(e);
            return {kind: e.tagName.toLowerCase(), inTool: !!e.closest('.ck-tool'),
                    outline: [style.outlineStyle, parseFloat(style.outlineWidth)],
                    color: style.outlineColor}; }""")
        if not focused["inTool"]:
            continue
        kinds.add(focused["kind"])
        assert focused["outline"] == ["solid", 3.0], focused
        assert contrast_ratio(focused["color"], "rgb(255, 255, 255)") >= 3, focused  # WCAG 1.4.11
    assert {"button", "input", "select"} <= kinds
    # The lesson's own links (its map of the workshop) too: the browser's ring is 1 px.
    link = page.get_by_role("link", name="01 Why internships").first
    link.focus()
    assert link.evaluate("e => [getComputedStyle(e).outlineStyle, "
                         "parseFloat(getComputedStyle(e).outlineWidth)]") == ["solid", 3.0]


# Fills this origin's storage (keys and values count) but for ``free`` characters: the
# most it takes is found by halving, as browsers do not say.
FILL_STORAGE_LEAVING = """(free) => {
  const key = "ck-test-filler";
  localStorage.removeItem(key);
  let fits = 0, refused = 8 * 1024 * 1024;
  while (refused - fits > 1) {
    const middle = Math.floor((fits + refused) / 2);
    try { localStorage.setItem(key, "x".repeat(middle)); fits = middle; }
    catch (error) { refused = middle; }
  }
  localStorage.setItem(key, "x".repeat(Math.max(0, fits - free)));
}"""
STORED_PROFILE = "() => localStorage.getItem('career-workshop-kit/plan-v2/section/profile')"


def stored_section(page, name: str):
    text = page.evaluate(f"() => localStorage.getItem('career-workshop-kit/plan-v2/section/{name}')")
    return None if text is None else json.loads(text)


def test_a_change_that_shrinks_the_plan_is_saved_in_storage_that_is_nearly_full(
        voila_url, browser_context):
    """The record of which save came from which (for other tabs) was written first and
    did not fit: clearing a name, even removing an entry, could not be saved."""
    page = browser_context.new_page()
    open_lesson(page, voila_url, LESSON)
    page.get_by_label("Name or nickname").fill("Alexandra")
    page.wait_for_function(f"() => ({STORED_PROFILE})().includes('Alexandra')")
    page.evaluate(FILL_STORAGE_LEAVING, 60)
    page.get_by_label("Name or nickname").fill("Al")
    page.wait_for_function(f"() => ({STORED_PROFILE})().includes('\"Al\"')", timeout=15_000)
    assert "refused to store" not in page.inner_text("body")
    page.evaluate("() => localStorage.removeItem('ck-test-filler')")


def test_a_loaded_plan_that_does_not_fit_leaves_the_old_one_whole(
        voila_url, browser_context, tmp_path):
    """Its first sections were stored beside the old plan's others: after a reload, the
    old name with the file's applications, and nothing said so."""
    page = browser_context.new_page()
    open_lesson(page, voila_url, LESSON)
    page.get_by_label("Name or nickname").fill("Old Plan")
    page.wait_for_function(f"() => ({STORED_PROFILE})().includes('Old Plan')")
    big = {"schema_version": 2, "sections": {
        "profile": {"name": "New Plan", "field": "", "stage": "", "season": "", "currency": "USD"},
        "applications": {"items": [{"id": "app-1", "organisation": "Acme", "role": "Intern",
                                    "status": "interested"}]},
        "journal": {"entries": [{"id": f"entry-{n}", "date": "2026-11-02", "did": "x" * 1000}
                                for n in range(200)]}}}
    plan_file = tmp_path / "big-plan.json"
    plan_file.write_text(json.dumps(big), encoding="utf-8")
    page.evaluate(FILL_STORAGE_LEAVING, 50_000)  # room for the old plan, not the journal
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Load a plan", exact=True).click()
    chooser.value.set_files(str(plan_file))
    page.get_by_role("button", name="Yes, load “big-plan.json”").click()
    page.get_by_text("refused to store your plan").wait_for(timeout=15_000)
    assert stored_section(page, "profile")["name"] == "Old Plan"
    assert stored_section(page, "applications") in (None, {"items": []})
    assert stored_section(page, "journal") in (None, {"entries": []})
    # Room again: the next change stores the whole plan, and the browser's word clears
    # the warning.
    page.evaluate("() => localStorage.removeItem('ck-test-filler')")
    page.get_by_label("Name or nickname").fill("New Plan B")
    page.wait_for_function("() => !document.body.innerText.includes('refused to store')",
                           timeout=15_000)
    assert stored_section(page, "profile")["name"] == "New Plan B"
    assert len(stored_section(page, "journal")["entries"]) == 200
