"""Profile section of the plan: nickname, field of interest, study stage, target season."""

from __future__ import annotations

import re
from datetime import date

from widgets.markup import in_sentence
from widgets.money import CURRENCIES, DEFAULT_CURRENCY
from widgets.validation import InputError, choice, mapping, parse_text

FIELDS = (
    ("Software and IT", "software"),
    ("Data and analytics", "data"),
    ("Cybersecurity", "security"),
    ("Cloud and networking", "cloud"),
    ("Engineering", "engineering"),
    ("Business, marketing and sales", "business"),
    ("Design and media", "design"),
    ("Health and science", "science"),
    ("Public sector and nonprofit", "public"),
    ("Not decided yet", "undecided"),
)
STAGES = (
    ("First year of study", "year1"),
    ("Second year of study", "year2"),
    ("Third year of study", "year3"),
    ("Final year of study", "final"),
    ("Graduate student", "graduate"),
    ("Recent graduate", "recent"),
    ("Changing careers", "changer"),
)
# Seasons as the calendar's quarters of the year, each with its months in its label
# ("Winter 2026" alone read as January to March 2026 to some, December 2026 to others).
# Winter is named by the year of its January.
SEASON_MONTHS = {"Winter": "Dec–Feb", "Spring": "Mar–May", "Summer": "Jun–Aug", "Fall": "Sep–Nov"}
SEASON_PATTERN = re.compile(r"^(Spring|Summer|Fall|Winter) (20\d\d)$")
NOT_SURE = "Not sure yet"
MAX_NAME_LENGTH = 60

EMPTY_SECTION = {"name": "", "field": "", "stage": "", "season": "", "currency": DEFAULT_CURRENCY}


def upcoming_seasons(today: date, count: int = 6) -> list[tuple[str, str]]:
    """The next ``count`` internship seasons, starting with the current one, as (label,
    value): ("Winter 2027 (Dec 2026–Feb 2027)", "Winter 2027")."""
    seasons = list(SEASON_MONTHS)
    index = (today.month % 12) // 3  # December, January and February are winter
    year = today.year + (today.month == 12)
    upcoming = []
    for _ in range(count):
        name = seasons[index]
        months = f"Dec {year - 1}–Feb {year}" if name == "Winter" else SEASON_MONTHS[name]
        upcoming.append((f"{name} {year} ({months})", f"{name} {year}"))
        index += 1
        if index == len(seasons):
            index, year = 0, year + 1
    return upcoming


SEASON_LAST_MONTH = {"Winter": 2, "Spring": 5, "Summer": 8, "Fall": 11}


def season_passed(season: str, today: date) -> bool:
    """Whether a target season ('Fall 2026') is over by ``today``."""
    match = SEASON_PATTERN.match(season or "")
    if not match:
        return False
    return (today.year, today.month) > (int(match.group(2)), SEASON_LAST_MONTH[match.group(1)])


def passed_season_note(season: str, today: date) -> str:
    """What the form says of a target season that is over: a plan come back to months later."""
    if not season_passed(season, today):
        return ""
    return f"{season} has passed: choose the season you aim for now."


def validate_section(data) -> dict:
    section = mapping(data, EMPTY_SECTION, what="The profile")
    section["name"] = parse_text(section["name"], max_length=MAX_NAME_LENGTH,
                                 what="Your name or nickname")
    if section["field"]:
        choice(section["field"], [value for _, value in FIELDS], what="Field of interest")
    if section["stage"]:
        choice(section["stage"], [value for _, value in STAGES], what="Study stage")
    season = section["season"]
    if season and season != NOT_SURE and not SEASON_PATTERN.match(str(season)):
        raise InputError("Target season must look like 'Summer 2027'.")
    choice(section["currency"], list(CURRENCIES), what="Currency")
    return section


def greeting(section: dict) -> str:
    """A plain sentence summing up the profile (the caller escapes it for HTML)."""
    labels = dict((value, label) for label, value in FIELDS + STAGES)
    who = section["name"] or "You"
    parts = []
    if section["field"]:
        parts.append(f"interested in {in_sentence(labels[section['field']])}")
    if section["stage"]:
        parts.append(f"at this stage: {in_sentence(labels[section['stage']])}")
    if section["season"] and section["season"] != NOT_SURE:
        parts.append(f"aiming for an internship in {section['season']}")
    if not parts:
        if section["name"]:
            return f"{who}: your plan is started; the other fields are optional."
        return "Fill in the form to start your plan; every field is optional."
    return f"{who}: " + ", ".join(parts) + "."


def summarise(section: dict) -> list[str]:
    """Plain sentences for the plan summary (lesson 07)."""
    if section == EMPTY_SECTION:
        return []
    return [greeting(section), f"Currency for the amounts you type: {section['currency']}."]


def gaps(section: dict) -> list[str]:
    """What is still missing, in words a participant can act on."""
    missing = []
    if not section["field"]:
        missing.append("No field of interest chosen yet (lesson 00).")
    if not section["season"]:
        missing.append("No target season chosen yet (lesson 00).")
    return missing
