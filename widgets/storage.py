"""Where a plan is kept when the kit runs in JupyterLab: a JSON file, saved atomically.

Pure core logic (no ipywidgets). The browser storage used under Voila lives in
``widgets.browser_store``; both offer ``load()`` and ``save(plan)``.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: lessons saving in the same instant are not kept apart
    fcntl = None

from widgets.plan import PlanDocument, PlanError, plan_from_json

PLAN_FILE_ENV = "CAREER_KIT_PLAN"
DEFAULT_PLAN_FILE = "my-career-plan.json"


def default_plan_path() -> Path:
    """The participant's plan file: $CAREER_KIT_PLAN, else in the working folder."""
    return Path(os.environ.get(PLAN_FILE_ENV) or DEFAULT_PLAN_FILE).expanduser().resolve()


class FilePlanStore:
    """A plan kept in one JSON file. A bad file is reported and never overwritten."""

    def __init__(self, path: str | os.PathLike | None = None):
        self.path = Path(path).expanduser().resolve() if path else default_plan_path()
        # Set when the file on disk could not be read: saving would destroy it.
        self.refused: PlanError | None = None
        # The file as this store last read or wrote it (inode, time, size; None: no file).
        # In JupyterLab every open lesson has a kernel and a store of its own on this one
        # file, so a difference means another lesson saved in between.
        self._seen: tuple | None = None

    def changed_since_seen(self) -> bool:
        try:
            status = self.path.stat()
        except OSError:  # no file (or none this kernel may look at)
            return self._seen is not None
        return _signature(status) != self._seen

    @property
    def where(self) -> str:
        return f"the file {self.path}"

    def load(self) -> PlanDocument:
        """The saved plan, a new one if there is no file, or PlanError (file untouched)."""
        try:
            with open(self.path, "rb") as source:
                # Seen as read, even if unreadable: a bad file is reported once, and read
                # again only when it changes.
                self._seen = _signature(os.fstat(source.fileno()))
                plan = plan_from_json(source.read())
        except (FileNotFoundError, NotADirectoryError):
            self._seen = None
            self.refused = None  # nothing left to protect
            return PlanDocument()
        except PlanError as error:
            self.refused = PlanError(
                f"Your plan file {self.path} could not be opened, so it was left "
                f"exactly as it is. {error}"
            )
            raise self.refused from None
        except OSError as error:
            raise PlanError(f"Your plan file {self.path} could not be read: {error.strerror}.") from None
        self.refused = None
        return plan

    def save(self, plan: PlanDocument) -> None:
        """Write to a temporary file beside the plan, then rename it over the old copy."""
        if self.refused is not None:
            raise PlanError(
                f"Not saved: {self.path} holds a plan this kit could not read, and saving "
                "would replace it. Move that file away (or load a plan) first."
            )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".plan-", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(plan.to_json())
                out.flush()
                os.fsync(out.fileno())
                # Taken from the written file itself: the rename keeps inode, time and size,
                # and a save by another kernel right after the rename still shows as one.
                written = _signature(os.fstat(out.fileno()))
            os.replace(temporary, self.path)
            self._seen = written
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    @contextmanager
    def held_by_this_lesson(self):
        """While held, no other lesson's kernel saves this plan: checking what the others
        saved, merging it and writing become one step (two lessons saving in the same
        instant each wrote over the other's change). A lock file beside the plan; where it
        cannot be made (a read-only folder) the save that follows says why."""
        try:
            lock = open(self.path.with_name(f".{self.path.name}.lock"), "a") if fcntl else None
        except OSError:
            lock = None
        if lock is None:
            yield
            return
        with lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def replace_refused(self) -> None:
        """The participant chose to start over or load another plan: allow saving again."""
        self.refused = None

    def clear(self) -> None:
        """Delete the plan file (the participant confirmed it, e.g. on a shared computer)."""
        self.path.unlink(missing_ok=True)
        self.refused = None
        self._seen = None


def _signature(status: os.stat_result) -> tuple:
    return status.st_ino, status.st_mtime_ns, status.st_size
