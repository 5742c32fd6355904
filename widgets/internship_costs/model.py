"""The plan's 'cost_scenarios' section (shape check; the tool's logic builds on it)."""

from __future__ import annotations

from widgets.validation import list_of, mapping

EMPTY_SECTION = {"scenarios": []}


def validate_section(data) -> dict:
    section = mapping(data, EMPTY_SECTION, what="The cost scenarios")
    section["scenarios"] = list_of(section["scenarios"], what="The cost scenarios")
    return section
