"""Two tabs of one lesson that change the same section at the same moment.

Pure core logic. Each tab's kernel saves a whole section to the browser; another tab
takes it from a storage event. When both changed the section before either had seen the
other's change, taking the other's section whole would undo this tab's change (a name
typed in one tab, the hours in the other: each tab kept only the other's). With the
section both started from, the two changes are put together, and both tabs come to the
same section.
"""

from __future__ import annotations

import hashlib
import json

_ABSENT = object()


def section_fingerprint(section) -> str:
    """A short name for a section's content, the same in every kernel: the browser keeps,
    beside each saved section, the fingerprint of the section it was changed from."""
    text = json.dumps(section, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def merge_changes(base, ours, theirs):
    """``ours`` and ``theirs``, two changes of ``base``, put together: what only one side
    changed keeps that change; objects merge key by key, lists of items with ids item by
    item. Where both changed the same value, both tabs choose the same one (whichever
    JSON text sorts last), so that they agree; an item one side removed and the other
    changed is kept, as nothing typed should go unasked."""
    if _same(ours, theirs) or _same(theirs, base):
        return ours
    if _same(ours, base):
        return theirs
    if all(isinstance(value, dict) for value in (base, ours, theirs)):
        return _merge_objects(base, ours, theirs)
    if all(_items_with_ids(value) for value in (base, ours, theirs)):
        return _merge_items(base, ours, theirs)
    return max(ours, theirs, key=_sort_text)


def _merge_objects(base: dict, ours: dict, theirs: dict) -> dict:
    merged = {}
    for key in sorted(set(ours) | set(theirs), key=str):
        value = _merged_entry(base.get(key, _ABSENT), ours.get(key, _ABSENT),
                              theirs.get(key, _ABSENT))
        if value is not _ABSENT:
            merged[key] = value
    return merged


def _merge_items(base: list, ours: list, theirs: list) -> list:
    """Items by id; those in ``base`` keep its order, new ones follow in the order of
    their ids, the same in both tabs. Two tabs adding at once can give their new items one
    id (the tracker's, the goals' and the journal's count up): both are kept, the one
    whose JSON text sorts last under an id of its own."""
    by_id = [{item["id"]: item for item in items} for items in (base, ours, theirs)]
    new = sorted((set(by_id[1]) | set(by_id[2])) - set(by_id[0]), key=str)
    merged = []
    for item_id in [item["id"] for item in base] + new:
        base_item, our_item, their_item = (items.get(item_id, _ABSENT) for items in by_id)
        if base_item is _ABSENT and _ABSENT not in (our_item, their_item) \
                and not _same(our_item, their_item):
            first, second = sorted((our_item, their_item), key=_sort_text)
            merged += [first, {**second, "id": f"{item_id}-{section_fingerprint(second)[:6]}"}]
            continue
        item = _merged_entry(base_item, our_item, their_item)
        if item is not _ABSENT:
            merged.append(item)
    return merged


def _merged_entry(base, ours, theirs):
    """One key's value or one item, any side possibly _ABSENT (added or removed)."""
    if ours is _ABSENT and theirs is _ABSENT:
        return _ABSENT
    if ours is _ABSENT:  # we removed it (unless it is theirs, new): gone if they left it
        return _ABSENT if _same(theirs, base) else theirs
    if theirs is _ABSENT:
        return _ABSENT if _same(ours, base) else ours
    if base is _ABSENT:
        return ours if _same(ours, theirs) else max(ours, theirs, key=_sort_text)
    return merge_changes(base, ours, theirs)


def _items_with_ids(value) -> bool:
    return isinstance(value, list) and all(isinstance(item, dict) and "id" in item
                                           for item in value)


def _same(one, other) -> bool:
    """Equal as JSON: Python holds True == 1, and the two tabs must not choose apart."""
    return one == other and _sort_text(one) == _sort_text(other)


def _sort_text(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
