"""Where a plan is kept when the kit runs in JupyterLab: a JSON file, saved atomically.

Pure core logic (no ipywidgets). The browser storage used under Voila lives in
``widgets.browser_store``; both offer ``load()`` and ``save(plan)``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

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

    @property
    def where(self) -> str:
        return f"the file {self.path}"

    def load(self) -> PlanDocument:
        """The saved plan, a new one if there is no file, or PlanError (file untouched)."""
        if not self.path.exists():
            return PlanDocument()
        try:
            plan = plan_from_json(self.path.read_bytes())
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
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def replace_refused(self) -> None:
        """The participant chose to start over or load another plan: allow saving again."""
        self.refused = None

    def clear(self) -> None:
        """Delete the plan file (the participant confirmed it, e.g. on a shared computer)."""
        self.path.unlink(missing_ok=True)
        self.refused = None
