"""Application tracker: the participant's applications, their stage in the pipeline,
deadlines and next actions, with what needs attention against a given ``today``.

Pure core logic. The plan's 'applications' section is ``{"items": [application, ...]}``;
each application keeps the dated history of its stages.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

from widgets import section_items
from widgets.markup import counted, in_sentence, is_web_link
from widgets.validation import (
    MAX_TEXT_LENGTH,
    InputError,
    choice,
    iso_date,
    items_with_unique_ids,
    list_of,
    mapping,
    parse_date,
    parse_text,
)

STATUSES = ("interested", "applied", "interview", "offer", "accepted", "rejected", "withdrawn")
STATUS_LABELS = {
    "interested": "Interested", "applied": "Applied", "interview": "Interview",
    "offer": "Offer", "accepted": "Accepted", "rejected": "Rejected", "withdrawn": "Withdrawn",
}
CLOSED = ("rejected", "withdrawn")
# Stages where the application's deadline still matters.
DEADLINE_STAGES = ("interested", "applied", "interview", "offer")
# Where each stage may go next: on along the main line (skipping is fine: some offers
# come without an interview), or closed by either side. Accepting is final unless the
# participant withdraws.
TRANSITIONS = {
    "interested": ("applied", "interview", "offer", "rejected", "withdrawn"),
    "applied": ("interview", "offer", "rejected", "withdrawn"),
    "interview": ("offer", "rejected", "withdrawn"),
    "offer": ("accepted", "rejected", "withdrawn"),
    "accepted": ("withdrawn",),
    "rejected": (),
    "withdrawn": (),
}
SOON_DAYS = 7
MAX_LINK_LENGTH = 500
MAX_ITEMS = 200
FIELDS = {
    "id": "", "organisation": "", "role": "", "link": "", "deadline": "",
    "status": "interested", "next_action": "", "next_action_date": "", "notes": "",
    "history": [],
}
FORM_FIELDS = ("organisation", "role", "link", "deadline", "status", "next_action",
               "next_action_date", "notes")
EMPTY_SECTION = {"items": []}


# --- the section ------------------------------------------------------------------------

def _validate_item(data, number: int) -> dict:
    what = f"Application {number}"
    item = mapping(data, FIELDS, what=what)
    item["id"] = parse_text(item["id"], required=True, max_length=40, what=f"{what}'s id")
    item["organisation"] = parse_text(item["organisation"], required=True,
                                      what=f"{what}'s organisation")
    item["role"] = parse_text(item["role"], required=True, what=f"{what}'s role")
    item["link"] = parse_text(item["link"], max_length=MAX_LINK_LENGTH, what=f"{what}'s link")
    item["deadline"] = iso_date(item["deadline"], what=f"{what}'s deadline")
    item["status"] = choice(item["status"], STATUSES, what=f"{what}'s status")
    item["next_action"] = parse_text(item["next_action"], what=f"{what}'s next action")
    item["next_action_date"] = iso_date(item["next_action_date"], what=f"{what}'s next action date")
    item["notes"] = parse_text(item["notes"], max_length=MAX_TEXT_LENGTH, what=f"{what}'s notes")
    history = list_of(item["history"], what=f"{what}'s history", max_items=len(STATUSES) * 3)
    item["history"] = []
    for step in history:
        step = mapping(step, {"status": "", "date": ""}, what=f"{what}'s history")
        item["history"].append({
            "status": choice(step["status"], STATUSES, what=f"{what}'s history status"),
            "date": iso_date(step["date"], what=f"{what}'s history date"),
        })
    return item


def validate_section(data) -> dict:
    section = mapping(data, EMPTY_SECTION, what="The applications")
    section["items"] = items_with_unique_ids(section["items"], _validate_item,
                                             what="The applications", items_are="applications",
                                             max_items=MAX_ITEMS)
    return section


# --- the pipeline -----------------------------------------------------------------------

def can_move(old: str, new: str) -> bool:
    return new == old or new in TRANSITIONS[old]


def previous_status(item: dict) -> str | None:
    history = item["history"]
    return history[-2]["status"] if len(history) >= 2 else None


def status_hint(item: dict | None) -> str:
    """Where an application (None: a new one) can move from its stage, in words."""
    if item is None:
        return "A new application can start at any stage."
    current = item["status"]
    onward = ", ".join(in_sentence(STATUS_LABELS[status]) for status in TRANSITIONS[current])
    text = (f"Now {in_sentence(STATUS_LABELS[current])}; "
            f"it can move on to: {onward or 'nothing (closed)'}.")
    back = previous_status(item)
    if back:
        text += f" Choosing {in_sentence(STATUS_LABELS[back])} undoes the last move."
    return text


def move(item: dict, new: str, today: date) -> dict:
    """A copy of the application moved to ``new``, its history recording the date.

    Going back to the stage it came from undoes the last move (a correction)."""
    old = item["status"]
    choice(new, STATUSES, what="The status")
    moved = {**item, "history": [dict(step) for step in item["history"]]}
    if new == old:
        return moved
    if new == previous_status(item):
        moved["history"].pop()
    elif can_move(old, new):
        moved["history"].append({"status": new, "date": today.isoformat()})
    else:
        allowed = ", ".join(in_sentence(STATUS_LABELS[s]) for s in TRANSITIONS[old]) or "nowhere"
        raise InputError(f"An application cannot go from {in_sentence(STATUS_LABELS[old])} to "
                         f"{in_sentence(STATUS_LABELS[new])} (from {in_sentence(STATUS_LABELS[old])} it "
                         f"can go to: {allowed}).")
    moved["status"] = new
    return moved


# --- the add / edit form ----------------------------------------------------------------

new_id = partial(section_items.numbered_id, prefix="app-")


find = partial(section_items.find, items_key="items")


def check_form(form: dict, section: dict, today: date,
               editing: str | None = None) -> tuple[dict | None, dict[str, str]]:
    """The application the form describes, or None and a message per field that is wrong.

    ``editing`` is the id of the application being changed (None for a new one). Dates
    typed for the next action must be today or later when they are new or changed; a
    deadline may lie in the past (it is then shown as passed), as long as it reads.
    """
    problems: dict[str, str] = {}
    previous = find(section, editing) if editing else None
    values: dict = {}

    def read(name, parser):
        try:
            values[name] = parser()
        except InputError as error:
            problems[name] = str(error)

    read("organisation", lambda: parse_text(form.get("organisation"), required=True,
                                            what="The organisation"))
    read("role", lambda: parse_text(form.get("role"), required=True, what="The role"))
    read("link", lambda: parse_text(form.get("link"), max_length=MAX_LINK_LENGTH,
                                    what="The link"))
    read("deadline", lambda: iso_date(form.get("deadline"), what="The deadline"))
    read("next_action", lambda: parse_text(form.get("next_action"), what="The next action"))
    read("next_action_date", lambda: iso_date(form.get("next_action_date"), what="The next action's date"))
    read("notes", lambda: parse_text(form.get("notes"), max_length=MAX_TEXT_LENGTH,
                                     what="The notes field"))
    read("status", lambda: choice(form.get("status"), STATUSES, what="The status"))

    action_date = values.get("next_action_date")
    if action_date and (previous is None or action_date != previous["next_action_date"]):
        if date.fromisoformat(action_date) < today:
            problems["next_action_date"] = (f"The next action's date {action_date} is in the "
                                            f"past; choose today ({today.isoformat()}) or later.")
    if action_date and "next_action" in values and not values["next_action"]:
        problems["next_action"] = "Say what the next action is, or clear its date."
    if "organisation" in values and "role" in values:
        twin = next((item for item in section["items"] if item["id"] != editing
                     and _same(item["organisation"], values["organisation"])
                     and _same(item["role"], values["role"])), None)
        if twin:
            problems["role"] = (f"You already track {twin['role']} at {twin['organisation']}. "
                                "Choose it under “Change an application” to update it.")
    if previous is not None and "status" in values:
        try:
            moved = move(previous, values["status"], today)
        except InputError as error:
            problems["status"] = str(error)
    if problems:
        return None, problems

    if previous is None:
        item = {**FIELDS, "id": new_id(section["items"]),
                "history": [{"status": values["status"], "date": today.isoformat()}]}
    else:
        item = moved
    item.update({name: values[name] for name in FORM_FIELDS})
    return _validate_item(item, 1), {}


def _same(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def chooser_label(item: dict) -> str:
    return f"{item['organisation']} – {item['role']} ({in_sentence(STATUS_LABELS[item['status']])})"


def form_values(item: dict | None) -> dict:
    """What the form's controls show for an application (or an empty form)."""
    if item is None:
        return {name: ("interested" if name == "status" else "") for name in FORM_FIELDS}
    return {name: item[name] for name in FORM_FIELDS}


def link_note(link: str) -> str:
    """Why a link that is kept will not be clickable (empty if it will be, or may still
    become one as it is typed: the note came and went at every key of "https://")."""
    typing = link.strip().lower()
    if link and not is_web_link(link) and not any(scheme.startswith(typing)
                                                   for scheme in ("http://", "https://")):
        return ("This link does not start with http:// or https://, so it is kept as text "
                "and not made clickable.")
    return ""


# A deadline further off than this is more likely a slip in the year (2062 for 2026) than
# an internship's: it is kept, with a word beside it.
DEADLINE_YEARS_BACK = 1
DEADLINE_YEARS_AHEAD = 3
# A deadline passed whose date a year later is this close ahead: in December, January's
# deadline is easily typed with the year that is ending.
NEXT_YEAR_SLIP_DAYS = 90


def deadline_note(text: str, today: date) -> str:
    """What to check in a deadline that reads as a date far from ``today`` (empty when it is
    near, or not a date: the save says what is wrong then)."""
    try:
        deadline = parse_date(text)
    except InputError:
        return ""
    if deadline is None:
        return ""
    if deadline < today and (years := _whole_years(deadline, today)) >= DEADLINE_YEARS_BACK:
        when = f"was {_years(years)} ago"
    elif deadline > today and (years := _whole_years(today, deadline)) >= DEADLINE_YEARS_AHEAD:
        when = f"is {_years(years)} away"
    elif deadline < today and today < (next_year := _a_year_later(deadline)) <= \
            today + timedelta(days=NEXT_YEAR_SLIP_DAYS):
        return (f"{deadline.isoformat()} has passed: check the year, if you meant "
                f"{next_year.isoformat()}.")
    else:
        return ""
    return (f"{deadline.isoformat()} {when}: check the year, if that is not the deadline "
            "you meant.")


def _a_year_later(day: date) -> date:
    return day.replace(year=day.year + 1, day=28 if (day.month, day.day) == (2, 29) else day.day)


def _whole_years(earlier: date, later: date) -> int:
    return later.year - earlier.year - ((later.month, later.day) < (earlier.month, earlier.day))


def _years(count: int) -> str:
    return "a year" if count == 1 else f"{count} years"


with_item = partial(section_items.with_item, items_key="items", validate=validate_section)
without_item = partial(section_items.without_item, items_key="items", validate=validate_section)


# --- what needs attention ---------------------------------------------------------------

def by_deadline(items: list[dict]) -> list[dict]:
    """Earliest deadline first; applications without one last, by organisation."""
    return sorted(items, key=lambda i: (i["deadline"] == "", i["deadline"],
                                        i["organisation"].casefold(), i["role"].casefold()))


def alerts(item: dict, today: date) -> list[str]:
    """What needs attention, in words: an overdue next action, a deadline within a week."""
    found = []
    if item["next_action_date"] and item["status"] not in CLOSED:
        due = date.fromisoformat(item["next_action_date"])
        if due < today:
            found.append(f"Next action overdue (was due {due.isoformat()})")
        elif due == today:
            found.append("Next action due today")
    if item["deadline"] and item["status"] in DEADLINE_STAGES:
        days = (date.fromisoformat(item["deadline"]) - today).days
        if days == 0:
            found.append("Deadline today")
        elif 0 < days <= SOON_DAYS:
            found.append(f"Deadline in {counted(days, 'day')}")
        elif days < 0 and item["status"] == "interested":
            found.append("Deadline passed")
    return found


def counts_by_stage(items: list[dict]) -> dict[str, int]:
    counts = dict.fromkeys(STATUSES, 0)
    for item in items:
        counts[item["status"]] += 1
    return counts


def calendar_items(section: dict) -> list[dict]:
    """Dates worth a calendar entry (lesson 07 exports them): deadlines of applications
    still in progress, and next actions of applications not closed.

    Each is ``{"date", "title", "details", "uid", "link", "done_once_past", "passed"}``;
    ``uid`` is stable per item. ``done_once_past``: a deadline the application has already
    met (it was sent), no date to keep or warn about once it has passed. ``passed``: what
    the date is once it has (a deadline is missed, not overdue: it cannot be done late)."""
    found = []
    for item in section["items"]:
        where = f"{item['role']} at {item['organisation']}"
        link = item["link"] if is_web_link(item["link"]) else ""
        status = f"Status: {STATUS_LABELS[item['status']]}."
        if item["deadline"] and item["status"] in DEADLINE_STAGES:
            found.append({"date": date.fromisoformat(item["deadline"]),
                          "title": f"Deadline: {where}", "details": status,
                          "uid": f"{item['id']}-deadline", "link": link,
                          "done_once_past": item["status"] != "interested",
                          "passed": "Deadline passed"})
        if item["next_action_date"] and item["status"] not in CLOSED:
            found.append({"date": date.fromisoformat(item["next_action_date"]),
                          "title": f"Next step for {where}: {item['next_action']}",
                          "details": status, "uid": f"{item['id']}-next-action", "link": link,
                          "done_once_past": False, "passed": "Overdue"})
    return found


# --- the plan summary -------------------------------------------------------------------

def describe(item: dict) -> str:
    """One plain sentence with everything known about an application."""
    parts = [f"{item['role']} at {item['organisation']}: {in_sentence(STATUS_LABELS[item['status']])}"]
    reached = {step["status"]: step["date"] for step in item["history"] if step["date"]}
    if item["status"] in reached:
        # The day it was marked, which the student may have done later than it happened
        # ("applied since" read as the day of applying, weeks after the deadline).
        parts[0] += f" (marked on {reached[item['status']]})"
    if item["deadline"]:
        parts.append(f"deadline {item['deadline']}")
    if item["next_action"]:
        when = f" by {item['next_action_date']}" if item["next_action_date"] else ""
        parts.append(f"next: {item['next_action']}{when}")
    if item["link"]:
        parts.append(f"link: {item['link']}")
    if item["notes"]:
        parts.append(f"notes: {' '.join(item['notes'].split())}")
    return "; ".join(parts) + "."


def summarise(section: dict) -> list[str]:
    items = section["items"]
    if not items:
        return []
    counts = counts_by_stage(items)
    stages = ", ".join(f"{n} {in_sentence(STATUS_LABELS[s])}" for s, n in counts.items() if n)
    return [f"{counted(len(items), 'application')} tracked: {stages}.",
            *(describe(item) for item in by_deadline(items))]


def gaps(section: dict) -> list[str]:
    items = section["items"]
    if not items:
        return ["No applications tracked yet (lesson 05)."]
    missing = []
    open_items = [i for i in items if i["status"] not in CLOSED + ("accepted",)]
    no_action = [i for i in open_items if not i["next_action"]]
    if no_action:
        missing.append(f"{counted(len(no_action), 'open application')} "
                       f"{'has' if len(no_action) == 1 else 'have'} no next action (lesson 05).")
    no_deadline = [i for i in items if i["status"] == "interested" and not i["deadline"]]
    if no_deadline:
        missing.append(f"{counted(len(no_deadline), 'application')} "
                       "you are interested in "
                       f"{'have' if len(no_deadline) != 1 else 'has'} no deadline yet (lesson 05).")
    return missing
