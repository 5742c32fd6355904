"""SMART goals: a goal in the participant's words, each SMART part prompted and checked
(specific, measurable, achievable, relevant, time-bound), with dated milestones.

Pure core logic. Only real problems stop a goal from being saved (an empty goal, a
copy of another, a date that does not read or is already past, a milestone after the
goal's date); a missing SMART part is a hint, because a half-written goal saved is
better than a perfect one lost. The plan's 'goals' section is ``{"items": [goal]}``.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial

from widgets import section_items
from widgets.markup import counted, in_sentence
from widgets.validation import (
    DATE_PARTS,
    MAX_SHORT_TEXT_LENGTH,
    InputError,
    choice,
    iso_date,
    items_with_unique_ids,
    list_of,
    mapping,
    parse_date,
    parse_text,
)

PHASES = (("Before the internship", "before"), ("During the internship", "during"),
          ("After the internship", "after"))
STATUSES = (("In progress", "active"), ("Achieved", "achieved"), ("Set aside", "set_aside"))
PHASE_LABELS = dict((value, label) for label, value in PHASES)
STATUS_LABELS = dict((value, label) for label, value in STATUSES)
PARTS = ("specific", "measurable", "achievable", "relevant")
PART_PROMPTS = {
    "specific": "What exactly will you do?",
    "measurable": "How will you know it is done? A number or an outcome someone could check.",
    "achievable": "Why is it realistic for you: what time or help will you use?",
    "relevant": "Why does it matter for the internship or career you want?",
    "target_date": "By when? (YYYY-MM-DD, after today)",
}
MAX_PART_LENGTH = 500
MAX_MILESTONES = 20
MAX_ITEMS = 50
GOAL_FIELDS = {
    "id": "", "title": "", "phase": "before", "specific": "", "measurable": "",
    "achievable": "", "relevant": "", "target_date": "", "milestones": [], "status": "active",
}
FORM_FIELDS = ("title", "phase", "specific", "measurable", "achievable", "relevant",
               "target_date", "milestones", "status")
EMPTY_SECTION = {"items": []}

NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    "once|twice|every|each|daily|weekly|monthly|all|half|dozen|first"
)
OUTCOME_STEMS = (
    "finish|complet|publish|submit|pass|present|deploy|launch|ship|merg|sent|send|receiv|"
    "deliver|certif|approv|releas|upload|record|document|sign|attend|demo|written|write|"
    "built|build|done|agreed|accepted|posted|shared|reviewed|logged"
)
_MEASURE = re.compile(rf"\d|\b({NUMBER_WORDS})\b|\b({OUTCOME_STEMS})", re.IGNORECASE)
_MILESTONE_LINE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2}|\S+)\s*[-:–—]?\s*(.*)$")


# --- the section ------------------------------------------------------------------------

def _validate_goal(data, number: int) -> dict:
    what = f"Goal {number}"
    goal = mapping(data, GOAL_FIELDS, what=what)
    goal["id"] = parse_text(goal["id"], required=True, max_length=40, what=f"{what}'s id")
    goal["title"] = parse_text(goal["title"], required=True, what=what)
    goal["phase"] = choice(goal["phase"], list(PHASE_LABELS), what=f"{what}'s phase")
    for part in PARTS:
        goal[part] = parse_text(goal[part], max_length=MAX_PART_LENGTH,
                                what=f"{what}'s {part} part")
    goal["target_date"] = iso_date(goal["target_date"], what=f"{what}'s date")
    goal["status"] = choice(goal["status"], list(STATUS_LABELS), what=f"{what}'s status")
    milestones = list_of(goal["milestones"], what=f"{what}'s milestones",
                         max_items=MAX_MILESTONES)
    goal["milestones"] = []
    for milestone in milestones:
        milestone = mapping(milestone, {"date": "", "text": ""}, what=f"A milestone of {what}")
        goal["milestones"].append({
            "date": parse_date(milestone["date"], required=True,
                               what=f"A milestone date of {what}").isoformat(),
            "text": parse_text(milestone["text"], required=True,
                               what=f"A milestone of {what}"),
        })
    goal["milestones"].sort(key=lambda m: m["date"])
    return goal


def validate_section(data) -> dict:
    section = mapping(data, EMPTY_SECTION, what="The goals")
    section["items"] = items_with_unique_ids(section["items"], _validate_goal, what="The goals",
                                             items_are="goals", max_items=MAX_ITEMS)
    return section


# --- SMART checks -----------------------------------------------------------------------

def names_a_measure(text: str) -> bool:
    """True if the text names a number or an outcome someone could check."""
    return bool(_MEASURE.search(text or ""))


@dataclass(frozen=True)
class PartCheck:
    part: str
    ok: bool
    message: str


def smart_checks(form: dict, today: date) -> list[PartCheck]:
    """One friendly check per SMART part of what the form holds (saved or not)."""
    specific = (form.get("specific") or "").strip()
    measurable = (form.get("measurable") or "").strip()
    checks = [
        PartCheck("Specific", len(specific.split()) >= 3,
                  "Says what exactly you will do." if len(specific.split()) >= 3 else
                  "Say in a few words what exactly you will do."),
    ]
    if not measurable:
        checks.append(PartCheck("Measurable", False, "Name a number (“3 mock interviews”) or an "
                                "outcome someone could check (“portfolio published”)."))
    elif names_a_measure(measurable):
        checks.append(PartCheck("Measurable", True, "Names something you can count or check."))
    else:
        checks.append(PartCheck("Measurable", False, "This does not name a number or an outcome "
                                "someone could check yet (for example “2 projects finished”)."))
    for part, hint in (("achievable", "Say why it is realistic: the time or help you will use."),
                       ("relevant", "Say why it matters for the internship or career you want.")):
        given = bool((form.get(part) or "").strip())
        checks.append(PartCheck(part.capitalize(), given,
                                "Answered." if given else hint))
    try:
        when, problem = parse_date(form.get("target_date"), what="The goal's date"), ""
    except InputError as error:  # what the save would refuse, said now ("2027-02-30")
        when, problem = None, str(error)
    if problem:
        checks.append(PartCheck("Time-bound", False, problem))
    elif when is None:
        checks.append(PartCheck("Time-bound", False,
                                "Give the date by which it is done (YYYY-MM-DD)."))
    elif when <= today:
        checks.append(PartCheck("Time-bound", False, "Has a date, but not after today: "
                                "give the goal time ahead of it."))
    else:
        checks.append(PartCheck("Time-bound", True, "Has a date."))
    return checks


# --- milestones typed as lines ----------------------------------------------------------

def milestones_text(milestones: list[dict]) -> str:
    return "\n".join(f"{m['date']} {m['text']}" for m in milestones)


def parse_milestones(text: str) -> list[dict]:
    """Lines 'YYYY-MM-DD what will be done'; raises InputError naming the first bad line."""
    milestones = []
    lines = [line for line in (text or "").splitlines() if line.strip()]
    if len(lines) > MAX_MILESTONES:
        raise InputError(f"At most {MAX_MILESTONES} milestones per goal (you have {len(lines)}).")
    for number, line in enumerate(lines, start=1):
        match = _MILESTONE_LINE.match(line)
        first, rest = match.group(1), match.group(2).strip()
        try:
            when = parse_date(first, required=True, what=f"Milestone line {number}: the date")
        except InputError as error:
            if DATE_PARTS.fullmatch(first):  # a date the calendar does not have: say which
                raise
            raise InputError(f"Milestone line {number} (“{line.strip()[:40]}”) must start with a "
                             "date like 2027-03-31, then what you will have done.") from error
        if not rest:
            raise InputError(f"Milestone line {number}: say what you will have done by "
                             f"{when.isoformat()}.")
        text_value = parse_text(rest, max_length=MAX_SHORT_TEXT_LENGTH,
                                what=f"Milestone line {number}")
        milestones.append({"date": when.isoformat(), "text": text_value})
    return sorted(milestones, key=lambda m: m["date"])


# --- the add / edit form ----------------------------------------------------------------

find = partial(section_items.find, items_key="items")


new_id = partial(section_items.numbered_id, prefix="goal-")


# Sentence punctuation does not make another goal ("Learn Python." is "Learn Python"), but
# other signs can: "Learn C++ basics" and "Learn C# basics" are two goals.
_SENTENCE_PUNCTUATION = re.compile(r"[.,;:!?'\"“”‘’()\[\]\-–—]")


def _same(a: str, b: str) -> bool:
    def norm(text):
        return " ".join(_SENTENCE_PUNCTUATION.sub(" ", text.casefold()).split())
    return norm(a) == norm(b)


def check_form(form: dict, section: dict, today: date,
               editing: str | None = None) -> tuple[dict | None, dict[str, str]]:
    """The goal the form describes, or None and a message per field that is wrong.

    ``form["milestones"]`` is the typed text (one 'YYYY-MM-DD what' per line). Dates
    that are new or changed must lie ahead: the goal's date after today, milestones on
    today or later, and no milestone after the goal's date.
    """
    problems: dict[str, str] = {}
    values: dict = {}
    previous = find(section, editing) if editing else None

    def read(name, parser):
        try:
            values[name] = parser()
        except InputError as error:
            problems[name] = str(error)

    read("title", lambda: parse_text(form.get("title"), required=True, what="Your goal"))
    read("phase", lambda: choice(form.get("phase"), list(PHASE_LABELS), what="When"))
    for part in PARTS:
        read(part, lambda part=part: parse_text(form.get(part), max_length=MAX_PART_LENGTH,
                                                what=f"The {part} part"))
    read("target_date", lambda: iso_date(form.get("target_date"), what="The goal's date"))
    read("milestones", lambda: parse_milestones(form.get("milestones")))
    read("status", lambda: choice(form.get("status"), list(STATUS_LABELS), what="The status"))

    if values.get("title"):
        if any(_same(g["title"], values["title"]) for g in section["items"] if g["id"] != editing):
            problems["title"] = ("You already have this goal. Word it differently, or choose it "
                                 "under “Change a goal” to edit it.")
    target = values.get("target_date")
    if target and (previous is None or target != previous["target_date"]):
        if date.fromisoformat(target) <= today:
            problems["target_date"] = (f"The goal's date {target} is not in the future; choose a "
                                       f"date after today ({today.isoformat()}).")
    milestones = values.get("milestones") or []
    # A milestone reworded on its date is not a new date: one that has passed can still be
    # reworded ("Draft project" to "Drafted project, done") by a student coming back to it,
    # as many on a date as there were, and no more.
    kept_dates = Counter(m["date"] for m in previous["milestones"]) if previous else Counter()
    for milestone in milestones:
        if kept_dates[milestone["date"]]:
            kept_dates[milestone["date"]] -= 1
            continue
        if date.fromisoformat(milestone["date"]) < today:
            problems["milestones"] = (f"The milestone “{milestone['text'][:40]}” is dated "
                                      f"{milestone['date']}, in the past; choose today "
                                      f"({today.isoformat()}) or later.")
            break
    if target and "milestones" not in problems:
        late = [m for m in milestones if m["date"] > target]
        if late:
            problems["milestones"] = (f"The milestone “{late[0]['text'][:40]}” ({late[0]['date']}) "
                                      f"comes after the goal's date ({target}). Move it earlier "
                                      "or the goal later.")
    if problems:
        return None, problems
    goal = {**GOAL_FIELDS, "id": editing if previous else new_id(section["items"]), **values}
    return _validate_goal(goal, 1), {}


def chooser_label(goal: dict) -> str:
    when = f" (by {goal['target_date']})" if goal["target_date"] else ""
    return f"{goal['title']}{when}"


def form_values(goal: dict | None) -> dict:
    """What the form's controls show for a goal (or an empty form); milestones as text."""
    if goal is None:
        return {**{name: GOAL_FIELDS[name] for name in FORM_FIELDS}, "milestones": ""}
    return {**{name: goal[name] for name in FORM_FIELDS},
            "milestones": milestones_text(goal["milestones"])}


with_item = partial(section_items.with_item, items_key="items", validate=validate_section)
without_item = partial(section_items.without_item, items_key="items", validate=validate_section)


# --- examples ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Example:
    theme: str
    title: str
    phase: str
    specific: str
    measurable: str
    achievable: str
    relevant: str
    weeks: int
    milestone: tuple[int, str]  # (weeks from today, what will be done)

    def form(self, today: date) -> dict:
        """The example as form values, dated from ``today``."""
        when = today + timedelta(weeks=self.milestone[0])
        return {
            "title": self.title, "phase": self.phase, "specific": self.specific,
            "measurable": self.measurable, "achievable": self.achievable,
            "relevant": self.relevant, "status": "active",
            "target_date": (today + timedelta(weeks=self.weeks)).isoformat(),
            "milestones": f"{when.isoformat()} {self.milestone[1]}",
        }


EXAMPLES = (
    Example("Prepare", "Finish and publish one portfolio project", "before",
            "Finish my budget-tracker app and put it online with a short README",
            "Project published online with a README and 3 screenshots",
            "I have about 4 hours a week and the app is half built",
            "Recruiters can open it, and it shows the skills internship postings ask for",
            6, (3, "All features working")),
    Example("Prepare", "Be ready for technical interviews", "before",
            "Practise coding problems and do mock interviews before the application season",
            "15 practice problems solved and 2 mock interviews done",
            "Three problems a week fits around my classes; the career centre offers mock interviews",
            "Interviews for the internships I want include coding questions",
            5, (2, "6 practice problems solved")),
    Example("Set goals", "Agree learning goals with my supervisor", "during",
            "Write down three things I want to learn and agree them with my supervisor",
            "3 learning goals written and agreed in my first week",
            "My first week includes a one-to-one meeting with my supervisor",
            "Clear goals make the internship count when I apply for my next role",
            2, (1, "Draft of the three goals written")),
    Example("Seek feedback", "Ask for feedback every two weeks", "during",
            "Ask my supervisor what to keep doing and what to change, every two weeks",
            "5 feedback conversations noted in my journal",
            "A 10-minute question at our regular check-in is enough",
            "Feedback shows me what to improve while there is still time",
            10, (4, "2 feedback conversations noted")),
    Example("Take initiative", "Propose one improvement for my team", "during",
            "Find one slow or confusing step in my team's work and propose a fix",
            "1 written proposal shared with my team",
            "I notice these steps anyway while doing my tasks",
            "Taking initiative is what supervisors mention in references",
            8, (4, "Problem and idea written down")),
    Example("Build relationships", "Meet people beyond my own team", "during",
            "Have short conversations with people in other teams about their work",
            "4 conversations with people outside my team",
            "One coffee or video chat every two weeks",
            "Contacts across teams can become mentors and references",
            8, (4, "2 conversations done")),
    Example("Document learning", "Keep a weekly learning journal", "during",
            "Write what I did, learned and was told each Friday",
            "One journal entry every Friday: 10 entries in total",
            "Fifteen minutes at the end of each week",
            "My notes become resume bullet points and interview stories",
            10, (5, "5 entries written")),
    Example("Next steps", "Ask for a reference and about openings", "after",
            "Before the internship ends, ask my supervisor for a reference and about "
            "full-time openings",
            "Reference agreed and 1 conversation about openings done",
            "My supervisor knows my work by the last weeks",
            "Not every internship leads to an offer; a reference helps either way",
            12, (10, "Reference requested")),
)


def date_note(day: str, goal: dict, today: date) -> str:
    """' (date passed)' after a goal's date or milestone that has passed while the goal is
    still in progress; '' otherwise (an achieved goal's dates are a record)."""
    return " (date passed)" if goal["status"] == "active" and day < today.isoformat() else ""


# --- the plan summary and calendar ------------------------------------------------------

def describe(goal: dict) -> str:
    """One plain sentence with everything the goal says."""
    parts = [f"Goal: {goal['title']} ({in_sentence(PHASE_LABELS[goal['phase']])}; "
             f"{in_sentence(STATUS_LABELS[goal['status']])})"]
    for part, words in (("specific", "what exactly"), ("measurable", "measured by"),
                        ("achievable", "realistic because"), ("relevant", "matters because")):
        if goal[part]:
            parts.append(f"{words}: {goal[part]}")
    if goal["target_date"]:
        parts.append(f"by {goal['target_date']}")
    if goal["milestones"]:
        parts.append("milestones: " + ", ".join(f"{m['date']} {m['text']}"
                                                for m in goal["milestones"]))
    return "; ".join(parts) + "."


def summarise(section: dict) -> list[str]:
    goals = section["items"]
    if not goals:
        return []
    achieved = sum(1 for g in goals if g["status"] == "achieved")
    return [f"{counted(len(goals), 'goal')}, {achieved} achieved.", *(describe(g) for g in goals)]


def gaps(section: dict) -> list[str]:
    goals = [g for g in section["items"] if g["status"] == "active"]
    if not section["items"]:
        return ["No goals set yet (lesson 06)."]
    missing = []
    undated = [g for g in goals if not g["target_date"]]
    if goals and len(undated) == len(goals):
        missing.append("No goal has a date yet (lesson 06).")
    elif undated:
        missing.append(f"{counted(len(undated), 'goal')} {'has' if len(undated) == 1 else 'have'} "
                       "no date yet (lesson 06).")
    if goals and not any(g["milestones"] for g in goals):
        missing.append("No goal has milestones yet (lesson 06).")
    unmeasured = [g for g in goals if not names_a_measure(g["measurable"])]
    if unmeasured:
        missing.append(f"{counted(len(unmeasured), 'goal')} "
                       f"{'does' if len(unmeasured) == 1 else 'do'} not say how progress will "
                       "be measured (lesson 06).")
    return missing


def calendar_items(section: dict) -> list[dict]:
    """Dates of goals in progress and their milestones, for the calendar export (each as
    ``tracker.model.calendar_items`` gives them: none is done just by passing, and a passed
    one is said as lesson 06 says it)."""
    found = []
    for goal in section["items"]:
        if goal["status"] != "active":
            continue
        details = f"Measured by: {goal['measurable']}" if goal["measurable"] else ""
        if goal["target_date"]:
            found.append({"date": date.fromisoformat(goal["target_date"]),
                          "title": f"Goal due: {goal['title']}", "details": details,
                          "uid": f"{goal['id']}-target", "link": "", "done_once_past": False,
                          "passed": "Date passed"})
        # A milestone's calendar id comes from its words, not its date or place (the list
        # is in date order): a calendar importing the file again then moves a milestone
        # whose date changed, and others added or removed leave it be.
        seen: dict[str, int] = {}
        for milestone in goal["milestones"]:
            words = milestone["text"].strip().casefold()
            seen[words] = seen.get(words, 0) + 1
            key = hashlib.sha1(f"{words}\n{seen[words]}".encode()).hexdigest()[:12]
            found.append({"date": date.fromisoformat(milestone["date"]),
                          "title": f"Milestone: {milestone['text']}",
                          "details": f"Goal: {goal['title']}",
                          "uid": f"{goal['id']}-milestone-{key}", "link": "",
                          "done_once_past": False, "passed": "Date passed"})
    return found
