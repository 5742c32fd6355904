"""The plan's 'shortlist' section (shape check; the tool's logic builds on it)."""

from __future__ import annotations

from widgets.validation import list_of, mapping

EMPTY_SECTION = {"options": [], "weights": {}}


def validate_section(data) -> dict:
    section = mapping(data, EMPTY_SECTION, what="The shortlist")
    section["options"] = list_of(section["options"], what="The shortlist")
    return section
