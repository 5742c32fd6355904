"""Lesson 07 logic: the whole-plan summary with its gaps, and every export: the JSON loads
back equal, the .ics parses with a calendar library, the HTML and Markdown escape what
was typed. Uses the sections this lesson's author owns plus the profile."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from markdown_it import MarkdownIt

from widgets import facts, money
from widgets.goals import model as goals
from widgets.journal import model as journal
from widgets.my_plan import model
from widgets.plan import SECTION_OWNERS, PlanDocument, plan_from_dict, plan_from_json
from widgets.readiness import model as readiness
from widgets.tracker import model as tracker
from widgets.validation import parse_text

TODAY = date(2027, 3, 10)
NOW = datetime(2027, 3, 10, 9, 30, tzinfo=timezone.utc)
SCRIPT = "<script>alert('x')</script>"
MINE = {name: SECTION_OWNERS[name]
        for name in ("profile", "readiness", "applications", "goals", "journal")}


@pytest.fixture
def plan() -> PlanDocument:
    """A plan with text full of markup, filled through the tools' own form checks."""
    apps = tracker.EMPTY_SECTION
    for values in (
        {"organisation": f"Acme {SCRIPT}", "role": "Data & AI intern", "deadline": "2027-03-14",
         "link": "https://example.org/jobs?id=1&x=2", "next_action": "Email <b>Ana</b>",
         "next_action_date": "2027-03-12", "notes": "Line one\nline | two *bold*"},
        {"organisation": "Beta", "role": "Web intern", "link": "javascript:alert(1)",
         "status": "applied"},
    ):
        item, problems = tracker.check_form({**tracker.form_values(None), **values}, apps, TODAY)
        assert problems == {}
        apps = tracker.with_item(apps, item)
    goal, problems = goals.check_form(
        {**goals.form_values(None), "title": f"Ship {SCRIPT}", "measurable": "2 projects done",
         "target_date": "2027-05-01", "milestones": "2027-04-01 Draft; with, commas"},
        goals.EMPTY_SECTION, TODAY)
    assert problems == {}
    entry, problems = journal.check_form(
        {**journal.form_values(None, TODAY), "did": f"Tested {SCRIPT}", "feedback": "Good"},
        journal.EMPTY_SECTION, TODAY)
    assert problems == {}
    return plan_from_dict({"schema_version": 2, "sections": {
        "profile": {"name": "Sam <i>", "field": "data", "stage": "", "season": "Summer 2027",
                    "currency": "USD"},
        "readiness": {"answers": {"resume.current": "no", "academic.grades": "yes"}},
        "applications": apps,
        "goals": goals.with_item(goals.EMPTY_SECTION, goal),
        "journal": journal.with_item(journal.EMPTY_SECTION, entry),
    }})


# --- summary ----------------------------------------------------------------------------


def test_the_shortlist_is_ranked_as_lesson_04_shows_it_with_todays_lesson_01_priorities():
    """Lesson 04 follows lesson 01's priorities as they are now; the summary ranked with the
    weights saved before they changed, while saying they came from lesson 01."""
    from widgets.comparison import model as comparison

    def option(option_id, organisation, **ratings):
        neutral = comparison.InternshipOption(id=option_id, organisation=organisation).ratings
        return comparison.InternshipOption(id=option_id, organisation=organisation,
                                           ratings={**neutral, **ratings})

    network_first = option("a", "Networked", network=5, hard_skills=1)
    skills_first = option("b", "Skilled", network=1, hard_skills=5)
    before = {"ratings": {"network": 5, "hard_skills": 1}}
    now = {"ratings": {"network": 1, "hard_skills": 5}}
    weights, source = comparison.default_weights(before)
    plan = plan_from_dict({"schema_version": 2, "sections": {
        "priorities": now,
        "shortlist": comparison.section_from([network_first, skills_first], weights, source)}})
    lines = {s.name: s.lines for s in model.overview(plan)}["shortlist"]
    assert "weights from your lesson 01 priorities" in lines[0]
    ranked = [line for line in lines if line[0].isdigit()]
    assert ranked[0].startswith("1. Skilled") and ranked[1].startswith("2. Networked")

def test_overview_lists_each_section_in_lesson_order_with_its_owner_sentences(plan):
    summaries = model.overview(plan, MINE)
    assert [s.name for s in summaries] == list(MINE)
    by_name = {s.name: s for s in summaries}
    assert by_name["goals"].lines == goals.summarise(plan.section("goals"))
    assert by_name["applications"].gaps == tracker.gaps(plan.section("applications"))
    assert (by_name["readiness"].title, by_name["readiness"].lesson) == (
        "Readiness for applications", "05")


def test_overview_of_the_real_owners_covers_every_section():
    summaries = model.overview(PlanDocument())
    assert [s.name for s in summaries] == list(SECTION_OWNERS)
    assert "No goals set yet (lesson 06)." in model.all_gaps(summaries)


def test_a_plan_missing_sections_loads_and_names_the_gaps():
    text = json.dumps({"schema": "career-workshop-kit/plan", "schema_version": 2,
                       "sections": {"journal": {"entries": []}}})
    summaries = model.overview(plan_from_json(text), MINE)
    assert model.all_gaps(summaries) == [
        "No field of interest chosen yet (lesson 00).",
        "No target season chosen yet (lesson 00).",
        "The readiness checklist is not started yet (lesson 05).",
        "No applications tracked yet (lesson 05).",
        "No goals set yet (lesson 06).",
        "No journal entries yet (lesson 06).",
    ]


def test_a_broken_owner_is_reported_without_hiding_the_rest(plan, tmp_path, monkeypatch):
    (tmp_path / "broken_owner.py").write_text(
        "def summarise(section):\n    raise RuntimeError('bug')\n\n"
        "def gaps(section):\n    return []\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    summaries = model.overview(plan, {"profile": "broken_owner", "goals": SECTION_OWNERS["goals"]})
    assert "could not be summarised" in summaries[0].problem
    assert summaries[1].lines


def test_plan_title_uses_the_profile_name(plan):
    assert model.plan_title(plan) == "Career plan of Sam <i>"
    assert model.plan_title(PlanDocument()) == "My career plan"


def test_dates_come_from_applications_and_goals_earliest_first(plan):
    items = model.dated_items(plan, TODAY)
    assert [i["date"].isoformat() for i in items] == ["2027-03-12", "2027-03-14", "2027-04-01",
                                                      "2027-05-01"]


def test_a_passed_deadline_goes_from_the_dates_once_the_application_was_sent():
    """An interview-stage application's deadline of 1999 showed as "Overdue" in lesson 07
    and went into the calendar file, where lesson 05 rightly saw nothing to do."""
    section = tracker.EMPTY_SECTION
    for status, deadline in (("interview", "1999-01-01"), ("interested", "2027-03-01"),
                             ("applied", "2027-03-20")):
        item, problems = tracker.check_form(
            {"organisation": f"Org {status}", "role": "Intern", "deadline": deadline,
             "status": status}, section, TODAY)
        assert problems == {}
        section = tracker.with_item(section, item)
    plan = PlanDocument().with_section("applications", section)
    assert [row[:2] for row in model.dates_rows(plan, TODAY)] == [
        ("2027-03-01", "Deadline passed"), ("2027-03-20", "Later")]  # still to apply; ahead
    assert "1999" not in model.to_ics(plan, NOW)
    assert "| 2027-03-20 | Later |" in model.to_markdown(plan, NOW)


def test_a_passed_date_is_said_as_its_lesson_says_it():
    """Lesson 05 said "Deadline passed" of an application lesson 07 called "Overdue", as
    if it could still be sent late; lesson 06 says a goal's passed date is "date passed"."""
    section, problems = tracker.check_form(
        {"organisation": "Initech", "role": "Intern", "deadline": "2027-03-20",
         "next_action": "Ask Ana", "next_action_date": "2027-03-15", "status": "interested"},
        tracker.EMPTY_SECTION, TODAY)
    assert problems == {}
    goal, problems = goals.check_form(
        {**goals.form_values(None), "title": "Ship it", "target_date": "2027-04-01",
         "milestones": "2027-03-25 Draft"}, goals.EMPTY_SECTION, TODAY)
    assert problems == {}
    plan = (PlanDocument()
            .with_section("applications", tracker.with_item(tracker.EMPTY_SECTION, section))
            .with_section("goals", goals.with_item(goals.EMPTY_SECTION, goal)))
    assert [row[1:] for row in model.dates_rows(plan, date(2027, 5, 1))] == [
        ("Overdue", "Next step for Intern at Initech: Ask Ana"),
        ("Deadline passed", "Deadline: Intern at Initech"),
        ("Date passed", "Milestone: Draft"), ("Date passed", "Goal due: Ship it")]


@pytest.mark.parametrize("day, label", [(date(2027, 3, 9), "Overdue"), (TODAY, "Today"),
                                        (date(2027, 3, 11), "In 1 day"),
                                        (date(2027, 3, 17), "In 7 days"), (date(2027, 3, 18), "Later")])
def test_when_labels_say_it_in_words(day, label):
    assert model.when_label(day, TODAY) == label


# --- exports ----------------------------------------------------------------------------

def test_json_export_is_exactly_the_plan_and_loads_back_equal(plan):
    text = model.to_json(plan)
    assert text == plan.to_json()
    again = plan_from_json(text)
    assert again == plan
    assert again.section("goals")["items"][0]["title"] == f"Ship {SCRIPT}"


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.open = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag not in ("meta", "br"):
            self.open.append(tag)

    def handle_endtag(self, tag):
        assert self.open.pop() == tag


def test_html_export_is_a_standalone_printable_document_with_text_escaped(plan):
    text = model.to_html(plan, NOW)
    assert text.startswith("<!DOCTYPE html>")
    assert "@media print" in text and "@page" in text
    parser = _Tags()
    parser.feed(text)
    assert parser.open == []  # every element closed
    assert "script" not in parser.tags and "link" not in parser.tags and "img" not in parser.tags
    assert {"i", "b"}.isdisjoint(parser.tags)
    assert "Ship &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in text
    assert "<title>Career plan of Sam &lt;i&gt;</title>" in text
    assert "Data &amp; AI intern" in text
    assert "<td>2027-03-12</td><td>In 2 days</td>" in text
    assert "No goal has milestones" not in text
    assert "Made on 2027-03-10" in text


@pytest.mark.parametrize("hours_ahead_of_utc, utc_hour, day", [(13, 11, "2027-03-11"),
                                                                 (-10, 5, "2027-03-09")])
def test_the_files_dates_are_all_on_the_participants_calendar(hours_ahead_of_utc, utc_hour, day):
    """The day a file was made is the participant's; the plan's start and last change were
    UTC's, a day apart from it in Auckland in the morning and Honolulu in the evening."""
    plan = PlanDocument(created=f"2027-03-10T{utc_hour:02}:30:00+00:00",
                        updated=f"2027-03-10T{utc_hour:02}:45:00+00:00")
    now = datetime(2027, 3, 10, utc_hour, 50, tzinfo=timezone.utc).astimezone(
        timezone(timedelta(hours=hours_ahead_of_utc)))
    said = f"Made on {day} with the {model.KIT_NAME}. Plan started {day}, last changed {day}."
    assert said in model.to_html(plan, now) and said in model.to_markdown(plan, now)

def test_markdown_export_shows_typed_text_as_typed(plan):
    text = model.to_markdown(plan, NOW)
    assert "# Career plan of Sam \\<i>" in text
    assert "line \\| two \\*bold\\*" in text
    # '&' and a quote that start no markup stay as typed, for reading in a text editor.
    assert ("| 2027-03-14 | In 4 days | Deadline: Data & AI intern at Acme "
            "\\<script>alert('x')\\</script> |") in text
    assert "- [ ] " in text  # gaps are a checklist
    for summary in model.overview(plan):
        assert f"## {summary.title}" in text
    shown = _RenderedText()
    shown.feed(MarkdownIt("commonmark").enable("table").render(text))
    assert "Career plan of Sam <i>" in shown.text and f"Acme {SCRIPT}" in shown.text
    assert {"script", "b", "i"}.isdisjoint(shown.tags)


def test_markdown_text_keeps_one_line():
    assert model.markdown_text("a\n# b_c [d](e)") == "a \\# b\\_c \\[d\\](e)"


class _RenderedText(HTMLParser):
    """The text and the elements of rendered Markdown."""

    def __init__(self):
        super().__init__()
        self.text, self.tags, self.links = "", [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "a":
            self.links.append(dict(attrs)["href"])

    def handle_data(self, data):
        self.text += data


MARKDOWN_CONTEXTS = {  # where the export puts participant text, and the elements each makes
    "- {}": ["ul", "li"], "## {}": ["h2"],
    "| a | b |\n|---|---|\n| x | {} |": ["table", "thead", "tr", "th", "th", "tbody", "tr", "td", "td"],
}


@pytest.mark.parametrize("context", MARKDOWN_CONTEXTS)
def test_a_web_address_in_markdown_is_a_link_to_exactly_that_address(context):
    """Escaped like other text, viewers that link bare addresses (GitHub's) kept the
    backslashes in the link: "en\\_US" and a dead address."""
    address = "https://jobs.example.com/en_US/Data_Intern/1?utm_source=x&a=*b*#apply"
    typed = f"See {address}. Or (https://example.org/wiki/A_(b)), $10 or $20"
    written = model.markdown_text(typed)
    assert f"<{address}>." in written and "<https://example.org/wiki/A_(b)>)" in written
    shown = _RenderedText()
    shown.feed(MarkdownIt("commonmark").enable("table").render(context.format(written)))
    assert shown.links == [address, "https://example.org/wiki/A_(b)"]
    assert " ".join(typed.split()) in shown.text


MARKUP_HEAVY = st.lists(st.sampled_from(list("-+>#*_`[]()!<>&;|~\\=.)0123456789 abcx/:")),
                        max_size=20).map("".join)


@settings(max_examples=300, deadline=None)
@given(typed=st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40)
       | MARKUP_HEAVY)
def test_markdown_text_renders_exactly_what_was_typed(typed):
    """Rendered by a CommonMark parser, typed text comes out as typed, in the element meant for
    it, whatever markup it holds (tags, entities, emphasis, links, list or quote markers)."""
    one_line = " ".join(typed.split())
    parser = MarkdownIt("commonmark").enable("table")
    for context, elements in MARKDOWN_CONTEXTS.items():
        shown = _RenderedText()
        shown.feed(parser.render(context.format(model.markdown_text(typed))))
        assert shown.tags == elements, (context, typed)
        assert one_line in shown.text.replace("\n", " ").strip(), (context, typed)


def test_ics_export_parses_with_a_calendar_library(plan):
    text = model.to_ics(plan, NOW)
    assert "\r\n" in text
    calendar = Calendar.from_ical(text)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == model.PRODID
    events = calendar.walk("VEVENT")
    assert [e.decoded("DTSTART") for e in events] == [date(2027, 3, 12), date(2027, 3, 14),
                                                      date(2027, 4, 1), date(2027, 5, 1)]
    assert all(e.decoded("DTEND") > e.decoded("DTSTART") for e in events)
    assert all(e.decoded("DTSTAMP") == NOW for e in events)
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)
    summaries = [str(e["SUMMARY"]) for e in events]
    assert summaries[0] == "Next step for Data & AI intern at Acme ‹script›alert('x')‹/script›: " \
                           "Email ‹b›Ana‹/b›"
    assert summaries[2] == "Milestone: Draft; with, commas"
    descriptions = [str(e["DESCRIPTION"]) for e in events]
    # Each item's own words end their sentence before the kit's.
    # Most calendar apps show no URL property: the link is in the text as well, last.
    assert descriptions[0] == ("Status: Interested. From your plan (Career workshop kit). "
                               "Link: https://example.org/jobs?id=1&x=2")
    assert descriptions[2].endswith("›. From your plan (Career workshop kit).")
    assert descriptions[3] == "Measured by: 2 projects done. From your plan (Career workshop kit)."
    assert str(events[1]["URL"]) == "https://example.org/jobs?id=1&x=2"
    assert "<" not in text
    # Each with a reminder at 09:00 the day before (a next action due tomorrow gave none).
    for event, summary in zip(events, summaries, strict=True):
        [reminder] = event.walk("VALARM")
        assert str(reminder["ACTION"]) == "DISPLAY" and str(reminder["DESCRIPTION"]) == summary
        assert reminder.decoded("TRIGGER") == timedelta(hours=-15)


def plan_with(organisation: str, link: str = "") -> PlanDocument:
    return plan_from_dict({"schema_version": 2, "sections": {"applications": {"items": [
        {"id": "app-1", "organisation": organisation, "role": "Intern", "link": link,
         "deadline": "2027-03-14", "status": "applied"}]}}})


typed_text = st.text(min_size=1, max_size=120).filter(parse_text)  # not only spaces or controls


@settings(max_examples=60, deadline=None)
@given(typed_text)
def test_any_typed_text_gives_a_calendar_that_parses_back(organisation):
    plan = plan_with(organisation)
    [event] = Calendar.from_ical(model.to_ics(plan, NOW)).walk("VEVENT")
    saved = plan.section("applications")["items"][0]["organisation"]
    assert str(event["SUMMARY"]) == model.calendar_text(f"Deadline: Intern at {saved}")


@settings(max_examples=60, deadline=None)
@given(typed_text)
def test_any_typed_text_adds_no_markup_to_the_html_or_markdown(organisation):
    plan = plan_with(organisation)
    parser = _Tags()
    parser.feed(model.to_html(plan, NOW))
    assert set(parser.tags) <= {"html", "head", "meta", "title", "style", "body", "main", "h1",
                                "h2", "p", "section", "ul", "li", "table", "thead", "tbody",
                                "tr", "th", "td", "span"}
    shown = _RenderedText()
    shown.feed(MarkdownIt("commonmark").enable("table").render(model.to_markdown(plan, NOW)))
    web_links = {"a"} if model._WEB_ADDRESS.search(organisation) else set()
    assert set(shown.tags) <= {"h1", "h2", "p", "ul", "li", "table", "thead", "tbody", "tr", "th",
                               "td"} | web_links


def test_a_calendar_imported_again_updates_its_events():
    """Calendar apps take an event imported again (the same UID) as a change only when its
    SEQUENCE went up: it counts the plan's seconds since it was started."""
    def events_of(updated: str):
        plan = plan_from_dict({"schema_version": 2, "meta": {
            "created": "2026-11-01T10:00:00+00:00", "updated": updated}, "sections": {
            "applications": {"items": [{"id": "app-1", "organisation": "Org", "role": "Intern",
                                        "deadline": "2027-03-14", "status": "applied"}]}}})
        return Calendar.from_ical(model.to_ics(plan, NOW)).walk("VEVENT")
    [before], [after] = events_of("2026-11-01T10:05:00+00:00"), events_of("2026-11-02T09:00:00+00:00")
    assert str(before["UID"]) == str(after["UID"])
    assert (before.decoded("SEQUENCE"), after.decoded("SEQUENCE")) == (300, 82_800)
    assert after.decoded("LAST-MODIFIED") == datetime(2026, 11, 2, 9, tzinfo=timezone.utc)


def test_a_typed_backslash_n_stays_text_in_the_calendar():
    """icalendar wrote a typed \\N as a line break (found by the test above)."""
    [event] = Calendar.from_ical(model.to_ics(plan_with("Lab \\N Corp"), NOW)).walk("VEVENT")
    summary = str(event["SUMMARY"])
    assert "\n" not in summary
    assert summary.replace("\u2060", "") == "Deadline: Intern at Lab \\N Corp"


def test_a_link_with_spaces_becomes_a_valid_calendar_uri():
    [event] = Calendar.from_ical(model.to_ics(plan_with("Org", "https://example.org/a b?q=1"),
                                              NOW)).walk("VEVENT")
    assert str(event["URL"]) == "https://example.org/a%20b?q=1"


def test_ics_export_is_stable_for_the_same_plan(plan):
    assert model.to_ics(plan, NOW) == model.to_ics(plan, NOW)


def test_ics_export_needs_at_least_one_date():
    assert model.to_ics(PlanDocument(), NOW) is None
    assert model.export("ics", PlanDocument(), NOW) is None


def test_every_export_has_a_file_name_and_type():
    assert set(model.FILENAMES) == set(model.MIME_TYPES) == {"html", "markdown", "json", "ics"}
    assert model.FILENAMES["json"] == "my-career-plan.json"


def test_unlinked_text_in_a_calendar_is_one_line_without_angle_brackets():
    assert model.calendar_text("a <b>\n c") == "a ‹b› c"


def test_readiness_sentences_reach_the_exports(plan):
    lines = readiness.summarise(plan.section("readiness"))
    assert lines[1] == "Academic record: 100% (grades in key courses yes)."
    for line in lines:
        assert line in model.to_markdown(plan, NOW).replace("\\", "")


# --- FAQ --------------------------------------------------------------------------------

def test_faq_answers_the_curriculum_questions_with_sourced_figures():
    items = model.faq()
    questions = " ".join(item.question.lower() for item in items)
    for topic in ("how long", "need certifications", "full-time offers", "cost", "virtual"):
        assert topic in questions
    by_question = {item.question: item for item in items}
    assert "10 to 12 weeks" in by_question["How long is an internship?"].answer
    assert "67%" in by_question["Do internships turn into full-time offers?"].answer
    assert "$" in by_question["What do certifications cost?"].answer
    for item in items:
        assert item.sources, item.question
        assert all(any(ch.isdigit() for ch in s) or "undated" in s for s in item.sources)


def test_a_plan_without_dates_never_loads_the_calendar_library():
    """Importing the calendar library takes about 40 ms and 3.5 MB in every lesson 07
    kernel; only a plan with dates needs it (a new visitor's plan has none)."""
    code = ("import sys; from datetime import datetime; from widgets.my_plan import model; "
            "from widgets.plan import PlanDocument; "
            "calendar = model.export('ics', PlanDocument(), datetime.now().astimezone()); "
            "print(calendar is None, 'icalendar' in sys.modules)")
    run = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).parent.parent,
                         capture_output=True, text=True, timeout=60)
    assert run.stdout.split() == ["True", "False"], run.stderr


def test_us_figures_stay_in_dollars_when_new_plans_start_in_another_currency(monkeypatch):
    """The customising guide's one-line change, DEFAULT_CURRENCY = "EUR", showed the US
    minimum wage as €7.25 and the FAQ's US exam fees as €99.00 to €575.00."""
    monkeypatch.setattr(money.format_money, "__defaults__", ("EUR",))
    assert money.format_money(1) == "€1.00"  # the change took
    assert facts.figure("us_federal_minimum_wage") == "$7.25 an hour"
    assert facts.figure("nace_2023_salary_paid").startswith("$")
    for item in model.faq():
        assert "€" not in item.answer, item.question


def test_the_faq_says_renewals_are_counted_only_as_the_price_list_gives_them(data_copy):
    """It said the calculator adds renewals up, where no row gives a renewal cost."""
    def answer():
        return {item.question: item for item in model.faq()}["What do certifications cost?"].answer
    assert "any renewal cost you enter (the price list gives none)" in answer()
    path = data_copy / "certifications.csv"
    rows = path.read_text(encoding="utf-8").splitlines()
    header = rows[0].split(",")
    cells = rows[1].split(",")
    cells[header.index("renewal_years")], cells[header.index("renewal_cost")] = "3", "50"
    path.write_text("\n".join([rows[0], ",".join(cells), *rows[2:]]) + "\n", encoding="utf-8")
    assert "the listed renewal costs, or yours." in answer()


def test_the_faq_quotes_an_instructors_local_price_list_in_its_currency(data_copy):
    """With every row priced in euros the FAQ gave no figures at all: it kept US rows only."""
    path = data_copy / "certifications.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",USD,", ",EUR,"), encoding="utf-8")
    answer = {item.question: item for item in model.faq()}["What do certifications cost?"].answer
    assert "Exam fees in the kit's list run from €" in answer and "$" not in answer
