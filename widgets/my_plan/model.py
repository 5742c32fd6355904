"""My plan: everything the participant entered, in one readable view with the gaps
named, and the files they take home (printable HTML, Markdown, the plan JSON and an
.ics calendar of deadlines, next actions and goal milestones).

Pure core logic. Each section is summarised by the module that owns it (its
``summarise`` and ``gaps``, see ``widgets.plan.SECTION_OWNERS``); this module only
gathers, orders and renders. Every export escapes what the participant typed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from importlib import import_module
from urllib.parse import quote

from widgets import facts
from widgets.data import DataError, load_table
from widgets.markup import counted, escape
from widgets.money import format_money
from widgets.plan import SECTION_OWNERS, SECTION_TITLES, PlanDocument

KIT_NAME = "Career workshop kit"
PRODID = "-//Career workshop kit//My career plan//EN"
UID_DOMAIN = "career-workshop-kit.invalid"
SOON_DAYS = 7
# Characters a URI may hold as they are; anything else (a space, say) is percent-encoded.
URI_SAFE = ":/?#[]@!$&'()*+,;=%~"
FILENAMES = {
    "html": "my-career-plan.html",
    "markdown": "my-career-plan.md",
    "json": "my-career-plan.json",
    "ics": "my-career-dates.ics",
}
MIME_TYPES = {
    "html": "text/html",
    "markdown": "text/markdown",
    "json": "application/json",
    "ics": "text/calendar",
}
# Sections whose owners can put dates in a calendar: name -> "module:function".
DATED_SECTIONS = {
    "applications": "widgets.tracker.model:calendar_items",
    "goals": "widgets.goals.model:calendar_items",
}


# --- the summary ------------------------------------------------------------------------

@dataclass(frozen=True)
class SectionSummary:
    name: str
    title: str
    lesson: str
    lines: list[str] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    problem: str = ""


def overview(plan: PlanDocument, owners: dict[str, str] | None = None) -> list[SectionSummary]:
    """One summary per section, in lesson order, each with its owner's sentences and gaps.

    A section whose owner fails to summarise it is reported, never allowed to hide the
    rest of the plan (the data itself stays in the plan file either way)."""
    summaries = []
    for name, module_name in (owners or SECTION_OWNERS).items():
        title, lesson = SECTION_TITLES[name]
        try:
            owner = import_module(module_name)
            section = plan.section(name)
            others = [plan.section(other) for other in getattr(owner, "SUMMARY_READS", ())]
            lines = [str(line) for line in owner.summarise(section, *others)]
            missing = [str(line) for line in owner.gaps(section)]
        except Exception:  # noqa: BLE001 - one broken summary must not hide the whole plan
            summaries.append(SectionSummary(
                name, title, lesson,
                problem="This part could not be summarised here; it is still in your plan file."))
            continue
        summaries.append(SectionSummary(name, title, lesson, lines, missing))
    return summaries


def all_gaps(summaries: list[SectionSummary]) -> list[str]:
    return [gap for summary in summaries for gap in summary.gaps]


def plan_title(plan: PlanDocument) -> str:
    name = str(plan.section("profile").get("name") or "").strip()
    return f"Career plan of {name}" if name else "My career plan"


# --- dates ------------------------------------------------------------------------------

def dated_items(plan: PlanDocument, today: date) -> list[dict]:
    """Every dated item still to keep (deadlines, next actions, goal dates, milestones),
    earliest first: a deadline already met by applying goes once it has passed."""
    found = []
    for name, target in DATED_SECTIONS.items():
        module_name, function = target.split(":")
        found.extend(getattr(import_module(module_name), function)(plan.section(name)))
    kept = [item for item in found if not (item["done_once_past"] and item["date"] < today)]
    return sorted(kept, key=lambda item: (item["date"], item["title"]))


LATER = "Later"


def when_label(day: date, today: date, passed: str = "Overdue") -> str:
    """'Overdue' (or ``passed``), 'Today', 'In 3 days' or 'Later', in words."""
    days = (day - today).days
    if days < 0:
        return passed
    if days == 0:
        return "Today"
    if days <= SOON_DAYS:
        return f"In {counted(days, 'day')}"
    return LATER


# --- exports ----------------------------------------------------------------------------

PRINT_CSS = """
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328;
  background: #fff; line-height: 1.5; max-width: 48em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.7em; margin: 0 0 .2em; }
h2 { font-size: 1.25em; margin: 1.4em 0 .3em; border-bottom: 1px solid #9aa4b2; }
.meta, .lesson { color: #4d5561; font-weight: normal; }
ul { padding-left: 1.3em; }
li { margin: .2em 0; overflow-wrap: anywhere; }
.gaps li::marker { content: "☐ "; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #9aa4b2; padding: .25em .5em; text-align: left; vertical-align: top;
  overflow-wrap: anywhere; }
/* The dates table's Date and When stay whole ("2027-" over "01-05" read as two things). */
th:nth-child(-n+2), td:nth-child(-n+2) { white-space: nowrap; overflow-wrap: normal; }
th { background: #eef1f5; }
.empty { color: #4d5561; font-style: italic; }
@page { margin: 18mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  h1, h2 { break-after: avoid; page-break-after: avoid; }
  li, tr { break-inside: avoid; page-break-inside: avoid; }
  th { background: none; }
}
"""


# Said alike in lesson 07 and in the take-home files.
NOTHING_MISSING = "Nothing missing: every lesson has your answers."
NO_DATES_YET = "No dates yet: add deadlines (lesson 05) or goal dates (lesson 06)."
NOTHING_ENTERED = "Nothing entered yet."


def dates_rows(plan: PlanDocument, today: date) -> list[tuple[str, str, str]]:
    """(date, when in words, what) of every dated item still to keep, earliest first."""
    return [(item["date"].isoformat(), when_label(item["date"], today, item["passed"]),
             item["title"]) for item in dated_items(plan, today)]


def _made_and_kept(plan: PlanDocument, now: datetime) -> tuple[str, str, str]:
    """The day the file is made, the plan was started and last changed, all three on the
    participant's calendar (``now`` is their time, in their zone)."""
    def day(moment: str) -> str:
        return datetime.fromisoformat(moment).astimezone(now.tzinfo).date().isoformat()

    return now.date().isoformat(), day(plan.created), day(plan.updated)


def to_html(plan: PlanDocument, now: datetime) -> str:
    """A standalone, printable HTML document; every participant text is escaped."""
    today = now.date()
    made, started, changed = _made_and_kept(plan, now)
    summaries = overview(plan)
    title = plan_title(plan)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{PRINT_CSS}</style></head><body><main>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">Made on {made} with the {KIT_NAME}. Plan started {started}, '
        f"last changed {changed}.</p>",
        "<section><h2>Still to do</h2>",
    ]
    gaps = all_gaps(summaries)
    parts.append(_html_list(gaps, "gaps") if gaps else f'<p class="empty">{NOTHING_MISSING}</p>')
    parts.append("</section><section><h2>Dates</h2>")
    rows = dates_rows(plan, today)
    if rows:
        body = "".join(f"<tr><td>{escape(day)}</td><td>{escape(when)}</td><td>{escape(what)}</td></tr>"
                       for day, when, what in rows)
        parts.append('<table><thead><tr><th scope="col">Date</th><th scope="col">When</th>'
                     f'<th scope="col">What</th></tr></thead><tbody>{body}</tbody></table>')
    else:
        parts.append(f'<p class="empty">{NO_DATES_YET}</p>')
    parts.append("</section>")
    for summary in summaries:
        lesson = f' <span class="lesson">(lesson {escape(summary.lesson)})</span>' if summary.lesson else ""
        parts.append(f"<section><h2>{escape(summary.title)}{lesson}</h2>")
        if summary.problem:
            parts.append(f"<p>{escape(summary.problem)}</p>")
        elif summary.lines:
            parts.append(_html_list(summary.lines))
        else:
            parts.append(f'<p class="empty">{NOTHING_ENTERED}</p>')
        parts.append("</section>")
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"


def _html_list(lines: list[str], css: str = "") -> str:
    attribute = f' class="{css}"' if css else ""
    return f"<ul{attribute}>" + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ul>"


# '<' and '&' get a backslash only where they would start a tag or an entity, so the
# file still reads as typed in a text editor: "R&D" and "5 < 6" stay, "<b>" is "\<b>".
# '$' too: some viewers read "$10 and $20" as mathematics.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#|~$]|<(?=[A-Za-z/!?])|&(?=#?\w+;))")
# At a line's start these would open a list, a quote or a rule inside a list item.
_MARKDOWN_BLOCK_MARKER = re.compile(r"^(?:[-+>]|\d{1,9}[.)])")
# A web address goes out as an autolink, <https://…>, where backslashes are not read:
# escaped like text, viewers that link bare addresses kept the backslashes in the link
# ("en\_US"), a dead address. A sentence's last mark is not part of it.
_WEB_ADDRESS = re.compile(r"https?://[^\s<>]+")
_SENTENCE_END = ".,;:!?'\""


def markdown_text(text: str) -> str:
    """Participant text shown literally in Markdown, on one line: its syntax backslashed,
    its web addresses as links."""
    one_line = " ".join(str(text).split())
    parts, done = [], 0
    for found in _WEB_ADDRESS.finditer(one_line):
        address = found[0].rstrip(_SENTENCE_END)
        if address.endswith(")") and address.count(")") > address.count("("):
            address = address[:-1]
        parts += [one_line[done:found.start()], f"<{address}>"]
        done = found.start() + len(address)
    parts.append(one_line[done:])
    # Even parts are text, odd ones addresses.
    escaped = "".join(part if index % 2 else _MARKDOWN_SPECIAL.sub(r"\\\1", part)
                      for index, part in enumerate(parts))
    return _MARKDOWN_BLOCK_MARKER.sub(lambda marker: f"{marker[0][:-1]}\\{marker[0][-1]}", escaped)


def to_markdown(plan: PlanDocument, now: datetime) -> str:
    today = now.date()
    made, started, changed = _made_and_kept(plan, now)
    summaries = overview(plan)
    lines = [f"# {markdown_text(plan_title(plan))}", "",
             f"Made on {made} with the {KIT_NAME}. Plan started {started}, last changed "
             f"{changed}.",
             "", "## Still to do", ""]
    gaps = all_gaps(summaries)
    lines += [f"- [ ] {markdown_text(gap)}" for gap in gaps] or [NOTHING_MISSING]
    lines += ["", "## Dates", ""]
    rows = dates_rows(plan, today)
    if rows:
        lines += ["| Date | When | What |", "|---|---|---|"]
        lines += [f"| {day} | {markdown_text(when)} | {markdown_text(what)} |" for day, when, what in rows]
    else:
        lines.append(NO_DATES_YET)
    for summary in summaries:
        lesson = f" (lesson {summary.lesson})" if summary.lesson else ""
        lines += ["", f"## {markdown_text(summary.title)}{lesson}", ""]
        if summary.problem:
            lines.append(markdown_text(summary.problem))
        elif summary.lines:
            lines += [f"- {markdown_text(line)}" for line in summary.lines]
        else:
            lines.append(NOTHING_ENTERED)
    return "\n".join(lines) + "\n"


def to_json(plan: PlanDocument) -> str:
    """The plan itself, exactly as 'Load a plan' reads it back."""
    return plan.to_json()


def calendar_text(text: str) -> str:
    """Plain calendar text: one line, and no angle brackets any calendar app could take for
    markup (some render event descriptions as HTML). A typed backslash-N keeps a word
    joiner between its two characters: icalendar writes it as a line break otherwise."""
    one_line = " ".join(str(text).split()).replace("<", "‹").replace(">", "›")
    return one_line.replace("\\N", "\\\u2060N")


REMINDER_BEFORE = timedelta(hours=-15)  # 09:00 the day before an all-day event


def to_ics(plan: PlanDocument, now: datetime) -> str | None:
    """An RFC 5545 calendar of every dated item as an all-day event, or None if there is
    none (a calendar file must hold at least one event)."""
    items = dated_items(plan, now.date())
    if not items:
        return None
    # Imported here, not at the top: it costs every lesson 07 kernel about 40 ms of its
    # 240 ms start and 3.5 MB, and a plan without dates (a new visitor's) never needs it.
    from icalendar import Alarm, Calendar, Event

    stamp = now.astimezone(timezone.utc).replace(microsecond=0)
    plan_key = re.sub(r"\D", "", plan.created)[:14] or "plan"
    # Calendar apps take an event imported again as a change only if its SEQUENCE went up:
    # the plan's seconds since it was started grow with every change to it.
    created, updated = (datetime.fromisoformat(moment) for moment in (plan.created, plan.updated))
    revision = max(0, int((updated - created).total_seconds()))
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", calendar_text(plan_title(plan)))
    for item in items:
        event = Event()
        event.add("uid", f"{plan_key}-{item['uid']}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("last-modified", updated.astimezone(timezone.utc))
        event.add("sequence", revision)
        event.add("dtstart", item["date"])
        event.add("dtend", item["date"] + timedelta(days=1))
        event.add("summary", calendar_text(item["title"]))
        said = item["details"].strip()
        if said and said[-1] not in ".!?":
            said += "."  # a goal's own words end its sentence before the kit's
        link = quote(item["link"].strip(), safe=URI_SAFE) if item["link"] else ""
        # The link in the text too, last (no full stop after it to be taken for part of
        # it): most calendar apps do not show an event's URL.
        shown_link = f" Link: {link}" if link else ""
        details = calendar_text(f"{said} From your plan ({KIT_NAME}).{shown_link}".strip())
        event.add("description", details)
        event.add("transp", "TRANSPARENT")
        if link:
            event.add("url", link)
        # A reminder the morning before (an all-day event starts at midnight): without
        # one, a next action due tomorrow gave no warning.
        reminder = Alarm()
        reminder.add("action", "DISPLAY")
        reminder.add("description", calendar_text(item["title"]))
        reminder.add("trigger", REMINDER_BEFORE)
        event.add_component(reminder)
        calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")


def export(kind: str, plan: PlanDocument, now: datetime) -> str | None:
    """One export, of a kind in FILENAMES, made at the participant's time ``now`` (in their
    zone); the calendar is None when there are no dates."""
    if kind == "html":
        return to_html(plan, now)
    if kind == "markdown":
        return to_markdown(plan, now)
    if kind == "json":
        return to_json(plan)
    return to_ics(plan, now)


# --- frequently asked questions ---------------------------------------------------------

@dataclass(frozen=True)
class FaqItem:
    """A question, a short plain answer with its figures, and the sources of those figures."""

    question: str
    answer: str
    sources: list[str]


def _value(fact_id: str) -> str:
    return facts.figure(fact_id)


def _certification_costs() -> FaqItem:
    question = "What do certifications cost?"
    try:
        rows = load_table("certifications")
    except DataError as error:
        return FaqItem(question, "The kit's price list could not be read, so no figures are "
                       f"shown. {error}", [])
    # A range across currencies means nothing: the one most of the list is priced in (US
    # dollars in the kit's own list, an instructor's local currency in theirs).
    if rows:
        currency = Counter(row["currency"] for row in rows).most_common(1)[0][0]
        rows = [row for row in rows if row["currency"] == currency]
    fees = sorted((r for r in rows if r["pricing_model"] == "exam_fee"), key=lambda r: r["price"])
    subscriptions = [r for r in rows if r["pricing_model"] == "subscription"]
    free = [r for r in rows if r["pricing_model"] == "free"]
    sentences, used = [], []
    if fees:
        low, high = fees[0], fees[-1]
        sentences.append(f"Exam fees in the kit's list run from {_price_and_source(low)} to "
                         f"{_price_and_source(high)}.")
        used += [low, high]
    if subscriptions:
        first = subscriptions[0]
        sentences.append(f"Subscriptions such as {first['name']} were quoted at "
                         f"{format_money(first['price'], first['currency'])} a month "
                         f"({_when(first)}), so the total depends on how many months you study.")
        used.append(first)
    if free:
        sentences.append(f"Some, like {free[0]['name']}, were free ({_when(free[0])}): check "
                         "before you count on it.")
        used.append(free[0])
    renewals = ("the listed renewal costs, or yours" if any(row["renewal_cost"] is not None for row in rows)
                else "any renewal cost you enter (the price list gives none)")
    sentences.append("Retakes and renewals add to the price: the calculator in lesson 03 "
                     "adds them up for your study hours, with your own guess of the chance "
                     f"of a retake and {renewals}.")
    sources = [f"{row['name']}: {row.get('source') or row['notes'] or 'source not recorded'} "
               f"({row['as_of'] or 'undated'}; {facts.STATUS_WORDS[row['status']]})"
               for row in used]
    return FaqItem(question, " ".join(sentences), sources)


def _when(row: dict) -> str:
    return f"as of {row['as_of'][:4]}" if row["as_of"] else "undated source"


def _price_and_source(row: dict) -> str:
    """'$99.00 (Microsoft Azure Fundamentals (AZ-900), 2026; another source gives $165.00)'."""
    other = (f"; another source gives {format_money(row['other_price'], row['currency'])}"
             if row["other_price"] is not None else "")
    return f"{format_money(row['price'], row['currency'])} ({row['name']}, {_when(row)}{other})"


def faq() -> list[FaqItem]:
    """The workshop's frequently asked questions, answered with sourced figures."""
    return [
        FaqItem(
            "How long is an internship?",
            f"In the US, summer internships usually run {facts.number('typical_length_summer_weeks_min')} to "
            f"{_value('typical_length_summer_weeks_max')}. During term, interns often work "
            f"{facts.number('typical_length_term_hours_min')} to "
            f"{_value('typical_length_term_hours_max')}, and a co-op lasts about "
            f"{_value('typical_length_coop_months')}. Short virtual projects of a few weeks "
            "exist too, and some internships are extended or continue part-time.",
            [facts.citation("typical_length_summer_weeks_min")],
        ),
        FaqItem(
            "Do I need certifications?",
            "For most internships, no: employers look first at your skills, projects and "
            "experience. In some fields (cloud, networking, security, IT support, project "
            "management) an entry-level certification shows verified skills and can help you "
            "stand out. Check the postings you want: if several ask for the same one, it is "
            "worth pricing it in lesson 03. Experience goes with more offers: in NACE's 2022 "
            "survey of US students, those with a paid internship averaged "
            f"{facts.number('nace_2022_offers_paid')} job offers, those with no internship "
            f"{facts.number('nace_2022_offers_none')} (a link, not proof that the internship made the "
            "difference).",
            [facts.citation("nace_2022_offers_paid")],
        ),
        FaqItem(
            "Do internships turn into full-time offers?",
            f"Often, but not always. NACE found that about {_value('nace_2024_offer_rate')} of US "
            f"interns in 2022-23 received a job offer, and about "
            f"{_value('nace_2024_conversion_rate')} accepted one and were hired. Another, undated "
            "NACE page compares interns who come back to an employer, of whom about "
            f"{_value('nace_returning_offer_rate')} receive offers, with first-time interns: "
            f"{_value('nace_first_time_offer_rate')}. When there is no offer, the skills, "
            "contacts and references stay with you.",
            [facts.citation("nace_2024_offer_rate"), facts.citation("nace_returning_offer_rate")],
        ),
        _certification_costs(),
        FaqItem(
            "Is a virtual internship worth as much as one in person?",
            "We found no reliable figure comparing the two, so judge by what each gives you. "
            "A virtual internship saves relocation, rent and commuting (lesson 02 adds these "
            "up) and opens places far from home; in person, it is easier to learn by watching "
            "others and to build relationships. The figures we have compare paid with unpaid "
            "internships instead: the median starting salary of class of 2023 graduates was "
            f"{_value('nace_2023_salary_paid')} after a paid internship against "
            f"{_value('nace_2023_salary_unpaid')} after an unpaid one. Either way, ask how you "
            "will be supervised and given feedback.",
            [facts.citation("nace_2023_salary_paid")],
        ),
    ]
