"""The participant's plan: one versioned JSON document holding every lesson's section.

Pure core logic: no ipywidgets. Each section is validated by the ``validate_section``
function of the tool that owns it (see ``SECTION_OWNERS``), so one module knows the
shape of one section.

Schema history:
- version 1: sections stored at the top level of the document, next to
  ``schema_version``, with no ``meta`` block.
- version 2 (current): sections under ``"sections"``, plus ``"meta"`` with the times
  the plan was created and last changed.
"""

from __future__ import annotations

import copy
import json
import pickle
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from importlib import import_module

from widgets.validation import InputError, whole_characters

SCHEMA_NAME = "career-workshop-kit/plan"
SCHEMA_VERSION = 2

# Section name -> module whose ``validate_section(data) -> data`` checks it and
# whose ``EMPTY_SECTION`` is its starting value. Listed in lesson order.
SECTION_OWNERS = {
    "profile": "widgets.profile.model",
    "priorities": "widgets.priorities.model",
    "cost_scenarios": "widgets.internship_costs.model",
    "certifications": "widgets.certifications.model",
    "shortlist": "widgets.comparison.model",
    "readiness": "widgets.readiness.model",
    "applications": "widgets.tracker.model",
    "goals": "widgets.goals.model",
    "journal": "widgets.journal.model",
    "reflections": "widgets.reflections.model",
}
# Section name -> (its title for a participant, the lesson where it is filled in).
SECTION_TITLES = {
    "profile": ("Profile", "00"),
    "priorities": ("What matters to you in an internship", "01"),
    "cost_scenarios": ("Internship costs", "02"),
    "certifications": ("Certifications", "03"),
    "shortlist": ("Internship shortlist", "04"),
    "readiness": ("Readiness for applications", "05"),
    "applications": ("Applications", "05"),
    "goals": ("SMART goals", "06"),
    "journal": ("Learning journal", "06"),
    "reflections": ("Your answers to the lessons’ questions", ""),
}

# The largest plan file the kit writes or reads: every field of every list at its longest
# (300 journal entries of 4 × 1,000 characters...) is about 2.4 MB of English text, more
# in scripts of 3 bytes a character (Chinese), and one paste must not swamp the page. A
# change that would make the plan larger is refused.
MAX_DOCUMENT_MEGABYTES = 5
MAX_DOCUMENT_BYTES = MAX_DOCUMENT_MEGABYTES * 2**20


class PlanError(ValueError):
    """A plan document (or one section of it) that cannot be accepted as it is."""


def utc_now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def file_age_words(here: str, in_file: str) -> str:
    """': the file is older' (or newer) for the plan on the page and a file's plan,
    from their times; '' when they are the same or one cannot be read."""
    ours, theirs = timestamp_or_none(here), timestamp_or_none(in_file)
    if ours is None or theirs is None or ours == theirs:  # a hand-edited time: cannot tell
        return ""
    return ": the file is older" if theirs < ours else ": the file is newer"


def timestamp_or_none(value) -> str | None:
    """A plan time as ``utc_now`` writes it, if ``value`` is a time with its offset (the
    kit shows plan times as UTC)."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat()


def _owner(section: str):
    if section not in SECTION_OWNERS:
        raise PlanError(f"'{section}' is not a section of the plan.")
    return import_module(SECTION_OWNERS[section])


def _copied(data):
    """A deep copy of validated plan data (plain JSON values). Tools read sections on
    every change: pickle's round trip copies them about 5 times faster than
    ``copy.deepcopy`` (lesson 04's shortlist: about 20 against 110 microseconds)."""
    return pickle.loads(pickle.dumps(data, pickle.HIGHEST_PROTOCOL))


def empty_section(section: str):
    return _copied(_owner(section).EMPTY_SECTION)


def validate_section(section: str, data):
    """Return the section's data, normalised, or raise PlanError saying what is wrong."""
    owner = _owner(section)
    title = SECTION_TITLES[section][0]
    try:
        return owner.validate_section(data)
    except (PlanError, InputError) as error:
        raise PlanError(f"{title}: {error}") from None
    except (TypeError, KeyError, AttributeError, ValueError):
        raise PlanError(f"{title}: not in the shape the kit writes.") from None


@dataclass
class PlanDocument:
    """A validated plan. Change it only through ``with_section`` so it stays valid."""

    sections: dict = field(default_factory=dict)
    created: str = field(default_factory=utc_now)
    updated: str = field(default_factory=utc_now)
    # The file text, made once: checked for size when the plan is made, then downloaded.
    _json: str | None = field(default=None, init=False, repr=False, compare=False)
    # Each section's part of that text, which a plan made by ``with_section`` keeps for
    # the sections it did not change (with a 1 MB journal, a change elsewhere took 32 ms
    # instead of 3.5 ms, writing the whole plan again).
    _section_texts: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    # False for a plan read from a file that does not say when it was made and changed
    # (version 1, or times edited by hand): its times are then when it was read.
    dated: bool = field(default=True, repr=False, compare=False)

    def __post_init__(self):
        for name in SECTION_OWNERS:
            self.sections.setdefault(name, empty_section(name))

    def section(self, name: str):
        """A copy of one section, safe to change without touching the plan."""
        _owner(name)
        return _copied(self.sections[name])

    def with_section(self, name: str, data) -> PlanDocument:
        """A new plan with one section replaced, after validating it."""
        sections = dict(self.sections)
        # Not _copied: this is the caller's data, not yet known to be plain JSON values.
        sections[name] = validate_section(name, copy.deepcopy(data))
        plan = PlanDocument(sections=sections, created=self.created, updated=utc_now())
        plan._section_texts = {other: text for other, text in self._section_texts.items()
                               if other != name}
        return fits_in_a_file(plan)

    def is_empty(self) -> bool:
        return all(self.sections[name] == empty_section(name) for name in SECTION_OWNERS)

    def to_dict(self) -> dict:
        return {
            "schema": SCHEMA_NAME,
            "schema_version": SCHEMA_VERSION,
            "meta": {"created": self.created, "updated": self.updated},
            "sections": _copied({name: self.sections[name] for name in SECTION_OWNERS}),
        }

    def to_json(self) -> str:
        """``to_dict()`` as JSON indented by two spaces, made of each section's own text."""
        if self._json is None:
            head = _json_text({"schema": SCHEMA_NAME, "schema_version": SCHEMA_VERSION,
                               "meta": {"created": self.created, "updated": self.updated}})
            sections = ",\n".join(f"    {_json_text(name)}: {self._section_text(name)}"
                                   for name in SECTION_OWNERS)
            # The head without its closing "\n}", then the sections as its last member.
            self._json = head[:-2] + ',\n  "sections": {\n' + sections + "\n  }\n}"
        return self._json

    def _section_text(self, name: str) -> str:
        if name not in self._section_texts:
            # Indented as it sits in the file, two levels in; JSON text has no line
            # breaks of its own inside strings.
            self._section_texts[name] = _json_text(self.sections[name]).replace("\n", "\n    ")
        return self._section_texts[name]


def _json_text(data) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


def _too_large(plan: PlanDocument) -> bool:
    return len(plan.to_json().encode("utf-8")) > MAX_DOCUMENT_BYTES


def fits_in_a_file(plan: PlanDocument) -> PlanDocument:
    """``plan``, or PlanError if its file would be larger than the kit loads: what the kit
    saves it can always load again."""
    if _too_large(plan):
        raise PlanError(
            f"Not saved: your plan would be larger than {MAX_DOCUMENT_MEGABYTES} MB, the "
            "most a plan file can hold. Shorten or remove some entries first (long notes "
            "in the journal and the tracker take the most room).")
    return plan


def _migrate_v1(document: dict) -> dict:
    sections = {name: document[name] for name in SECTION_OWNERS if name in document}
    unknown = set(document) - set(SECTION_OWNERS) - {"schema", "schema_version"}
    if unknown:
        raise PlanError(f"Unknown entries in a version 1 plan: {', '.join(sorted(unknown))}.")
    return {
        "schema": SCHEMA_NAME,
        "schema_version": 2,
        "sections": sections,
    }


MIGRATIONS = {1: _migrate_v1}


def read_plan(document) -> tuple[PlanDocument, list[str]]:
    """Validate (and migrate, if older) a decoded plan document: the plan made of its
    readable sections, and one sentence for each part left out. Raises PlanError when
    the document as a whole is not a plan this kit can read."""
    if not isinstance(document, dict):
        raise PlanError("This is not a plan: the file holds no JSON object.")
    if document.get("schema", SCHEMA_NAME) != SCHEMA_NAME:
        raise PlanError(f"This is not a career workshop plan (schema '{document.get('schema')}').")
    version = document.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise PlanError("This is not a career workshop plan: it has no valid schema_version.")
    if version > SCHEMA_VERSION:
        raise PlanError(
            f"This plan was saved by a newer version of the kit (plan version {version}; "
            f"this kit reads up to {SCHEMA_VERSION}). Update the kit to open it; "
            "the file was not changed."
        )
    while version < SCHEMA_VERSION:
        document = MIGRATIONS[version](document)
        version = document["schema_version"]
    sections = document.get("sections")
    if not isinstance(sections, dict):
        raise PlanError("The plan has no 'sections' object.")
    problems = []
    unknown = set(sections) - set(SECTION_OWNERS)
    if unknown:
        problems.append(f"Parts this kit does not know: {', '.join(sorted(unknown))}.")
    checked = {}
    for name in SECTION_OWNERS:
        if name not in sections:
            continue
        try:
            checked[name] = validate_section(name, sections[name])
        except PlanError as error:
            # A section is read whole or not at all: one entry too long costs the others.
            problems.append(f"{error} For this, all of “{SECTION_TITLES[name][0]}” is left out.")
    meta = document.get("meta") if isinstance(document.get("meta"), dict) else {}
    created, updated = times_of_a_plan(meta)
    plan = PlanDocument(sections=checked, created=created or utc_now(),
                        updated=updated or utc_now(), dated=bool(created and updated))
    # A file written without the kit's indentation can hold more than the kit would write.
    if _too_large(plan):
        raise PlanError("This file is too large to be a plan.")
    return plan, problems


def times_of_a_plan(meta: dict) -> tuple[str | None, str | None]:
    """When a plan document's meta block says it was created and last changed; each None
    unless it is a time a plan can have."""
    return _time_of_a_plan(meta.get("created")), _time_of_a_plan(meta.get("updated"))


def _time_of_a_plan(value) -> str | None:
    """A plan time a document gives, unless it is not one or lies ahead of today's end
    (a time edited by hand, 9999-12-31, would make every later plan look older)."""
    moment = timestamp_or_none(value)
    latest = (datetime.now(timezone.utc) + timedelta(days=1)).replace(microsecond=0).isoformat()
    return moment if moment is not None and moment <= latest else None


def plan_from_dict(document) -> PlanDocument:
    """Validate (and migrate, if older) a decoded plan document, all of it."""
    plan, problems = read_plan(document)
    if problems:
        raise PlanError("The plan has problems: " + " ".join(problems))
    return plan


def read_plan_json(text: str | bytes) -> tuple[PlanDocument, list[str]]:
    """``read_plan`` of plan JSON; every failure is a PlanError with a plain message."""
    if isinstance(text, bytes):
        if len(text) > MAX_DOCUMENT_BYTES:
            raise PlanError("This file is too large to be a plan.")
        try:
            # utf-8-sig: a plan saved again by Windows Notepad starts with a byte order mark.
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise PlanError("This file is not a plan: it is not text (UTF-8).") from None
    if len(text) > MAX_DOCUMENT_BYTES:
        raise PlanError("This file is too large to be a plan.")
    if not text.strip():
        raise PlanError("This file is empty: it holds no plan.")
    try:
        document = _whole_characters(json.loads(text.removeprefix("\ufeff")))
    except json.JSONDecodeError as error:
        raise PlanError(
            f"This file is not a valid plan: it is not readable JSON "
            f"(line {error.lineno}, column {error.colno})."
        ) from None
    except (ValueError, RecursionError):
        # Python's own limits: a number of thousands of digits, lists nested thousands deep.
        raise PlanError("This file is not a valid plan: it holds a number or a nesting far "
                        "beyond anything a plan holds.") from None
    return read_plan(document)


def _whole_characters(data):
    """``data`` with ``whole_characters`` applied to every text in it, keys too (a file cut
    mid-emoji by another program)."""
    if isinstance(data, str):
        return whole_characters(data)
    if isinstance(data, list):
        return [_whole_characters(item) for item in data]
    if isinstance(data, dict):
        return {_whole_characters(key): _whole_characters(value) for key, value in data.items()}
    return data


def plan_from_json(text: str | bytes) -> PlanDocument:
    """Parse and validate plan JSON, all of it; every failure is a PlanError."""
    plan, problems = read_plan_json(text)
    if problems:
        raise PlanError("The plan has problems: " + " ".join(problems))
    return plan
