"""A plan section's list of items, each with an id: making a fresh id, and finding,
putting in and taking out one item.

Pure core logic, shared by the tools whose sections are lists (shortlisted options,
cost scenarios, applications, goals, journal entries).
"""

from __future__ import annotations

import secrets


def random_id(taken) -> str:
    """A fresh random id not among ``taken`` (the ids in use, the open editor's too): an
    item's typed drafts are kept under its id, so a new item must not inherit another's
    (see ``ui.ItemEditor``)."""
    while True:
        candidate = secrets.token_hex(4)
        if candidate not in taken:
            return candidate


def find(section: dict, item_id: str, *, items_key: str) -> dict | None:
    """The item of ``section[items_key]`` with this id, or None."""
    return next((item for item in section[items_key] if item["id"] == item_id), None)


def with_item(section: dict, item: dict, *, items_key: str, validate) -> dict:
    """The section with ``item`` in place of the one of its id, or added at the end,
    checked by the tool's ``validate`` (its validate_section)."""
    items = [item if old["id"] == item["id"] else old for old in section[items_key]]
    if item["id"] not in [old["id"] for old in section[items_key]]:
        items.append(item)
    return validate({items_key: items})


def without_item(section: dict, item_id: str, *, items_key: str, validate) -> dict:
    """The section without the item of this id, checked by the tool's ``validate``."""
    return validate({items_key: [item for item in section[items_key] if item["id"] != item_id]})
