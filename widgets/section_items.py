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
