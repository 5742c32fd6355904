"""Learning journal and feedback log: dated entries of what I did, what I learned, the
feedback I received and my next step, listed newest first.

Pure core logic. The plan's 'journal' section is ``{"entries": [entry, ...]}``.
"""

from __future__ import annotations

from datetime import date
from functools import partial

from widgets import section_items
from widgets.markup import in_sentence, shortened
from widgets.validation import InputError, items_with_unique_ids, mapping, parse_date, parse_text

TEXT_FIELDS = ("did", "learned", "feedback", "next_step")
FIELD_LABELS = {"did": "What I did", "learned": "What I learned",
                "feedback": "Feedback received", "next_step": "Next step"}
MAX_ENTRY_TEXT = 1000
CHOOSER_TEXT = 50  # of an entry's first words, after its date in the chooser
MAX_ENTRIES = 300
ENTRY_FIELDS = {"id": "", "date": "", "did": "", "learned": "", "feedback": "", "next_step": ""}
FORM_FIELDS = ("date", *TEXT_FIELDS)
EMPTY_SECTION = {"entries": []}


def _validate_entry(data, number: int) -> dict:
    what = f"Journal entry {number}"
    entry = mapping(data, ENTRY_FIELDS, what=what)
    entry["id"] = parse_text(entry["id"], required=True, max_length=40, what=f"{what}'s id")
    entry["date"] = parse_date(entry["date"], required=True, what=f"{what}'s date").isoformat()
    for name in TEXT_FIELDS:
        entry[name] = parse_text(entry[name], max_length=MAX_ENTRY_TEXT,
                                 what=f"{what}: {in_sentence(FIELD_LABELS[name])}")
    if not any(entry[name] for name in TEXT_FIELDS):
        raise InputError(f"{what} is empty.")
    return entry


def validate_section(data) -> dict:
    section = mapping(data, EMPTY_SECTION, what="The journal")
    section["entries"] = items_with_unique_ids(section["entries"], _validate_entry,
                                               what="The journal", items_are="journal entries",
                                               max_items=MAX_ENTRIES)
    return section


def _number(entry_id: str) -> int:
    tail = entry_id.rsplit("-", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def newest_first(entries: list[dict]) -> list[dict]:
    """Latest date first; on the same day the entry written last comes first."""
    return sorted(entries, key=lambda e: (e["date"], _number(e["id"])), reverse=True)


def new_id(entries: list[dict]) -> str:
    return f"entry-{max((_number(e['id']) for e in entries), default=0) + 1}"


find = partial(section_items.find, items_key="entries")


def check_form(form: dict, section: dict, today: date,
               editing: str | None = None) -> tuple[dict | None, dict[str, str]]:
    """The entry the form describes, or None and a message per field that is wrong.

    An entry records something that happened, so a new or changed date is today or
    earlier (one kept as it was stays: a plan written where the date was already
    tomorrow's), and at least one of its four parts must be written."""
    problems: dict[str, str] = {}
    values: dict = {}
    previous = find(section, editing) if editing else None
    try:
        when = parse_date(form.get("date"), required=True, what="The date")
    except InputError as error:
        problems["date"] = str(error)
    else:
        if when > today and (previous is None or when.isoformat() != previous["date"]):
            problems["date"] = (f"The date {when.isoformat()} is in the future; a journal entry "
                                f"records what already happened (today is {today.isoformat()}).")
        values["date"] = when.isoformat()
    for name in TEXT_FIELDS:
        try:
            values[name] = parse_text(form.get(name), max_length=MAX_ENTRY_TEXT,
                                      what=f"“{FIELD_LABELS[name]}”")
        except InputError as error:
            problems[name] = str(error)
    if not problems and not any(values[name] for name in TEXT_FIELDS):
        problems["did"] = "Write at least one part: what you did, learned, heard, or will do next."
    if problems:
        return None, problems
    entry_id = previous["id"] if previous else new_id(section["entries"])
    return _validate_entry({"id": entry_id, **values}, 1), {}


def chooser_label(entry: dict) -> str:
    first = next((entry[name] for name in TEXT_FIELDS if entry[name]), "")
    first = " ".join(first.split())
    return f"{entry['date']}: {shortened(first, CHOOSER_TEXT)}"


def form_values(entry: dict | None, today: date) -> dict:
    if entry is None:
        return {"date": today.isoformat(), **dict.fromkeys(TEXT_FIELDS, "")}
    return {name: entry[name] for name in FORM_FIELDS}


with_item = partial(section_items.with_item, items_key="entries", validate=validate_section)
without_item = partial(section_items.without_item, items_key="entries", validate=validate_section)


def describe(entry: dict) -> str:
    parts = [f"{FIELD_LABELS[name]}: {' '.join(entry[name].split())}"
             for name in TEXT_FIELDS if entry[name]]
    return f"{entry['date']}: " + "; ".join(parts) + "."


def summarise(section: dict) -> list[str]:
    entries = newest_first(section["entries"])
    if not entries:
        return []
    noun = "entry" if len(entries) == 1 else "entries"
    span = (f"on {entries[0]['date']}" if entries[0]["date"] == entries[-1]["date"]
            else f"from {entries[-1]['date']} to {entries[0]['date']}")
    feedback = sum(1 for e in entries if e["feedback"])
    return [f"{len(entries)} journal {noun} {span}, {feedback} with feedback.",
            *(describe(e) for e in entries)]


def gaps(section: dict) -> list[str]:
    entries = section["entries"]
    if not entries:
        return ["No journal entries yet (lesson 06)."]
    if not any(e["feedback"] for e in entries):
        return ["No feedback recorded in the journal yet (lesson 06)."]
    return []
