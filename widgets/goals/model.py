"""The plan's 'goals' section (shape check; the tool's logic builds on it)."""

from __future__ import annotations

from widgets.validation import list_of, mapping

EMPTY_SECTION = {"items": []}


def validate_section(data) -> dict:
    section = mapping(data, EMPTY_SECTION, what="The goals")
    section["items"] = list_of(section["items"], what="The goals")
    return section
