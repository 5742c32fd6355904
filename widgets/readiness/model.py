"""The plan's 'readiness' section: answers yes, partly or no per question."""

from __future__ import annotations

from widgets.validation import InputError, choice, mapping

ANSWERS = ("yes", "partly", "no")
EMPTY_SECTION = {"answers": {}}


def validate_section(data) -> dict:
    section = mapping(data, EMPTY_SECTION, what="The readiness checklist")
    if not isinstance(section["answers"], dict):
        raise InputError("The readiness answers must be an object.")
    for answer in section["answers"].values():
        choice(answer, ANSWERS, what="A readiness answer")
    return section
