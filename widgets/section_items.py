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


def numbered_id(items: list[dict], prefix: str) -> str:
    """``prefix`` and one more than the highest number of an id made so ("app-3" after
    "app-2"); an id of another form (from an edited plan file) does not count."""
    numbers = [int(item["id"][len(prefix):]) for item in items
               if item["id"].startswith(prefix) and item["id"][len(prefix):].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1}"


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
