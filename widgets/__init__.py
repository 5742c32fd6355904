"""Career workshop kit: the tools the lesson notebooks build.

A lesson cell is one line, e.g. ``widgets.profile_form()``. Each name below loads its
tool only when first used, so a lesson's start-up pays only for the tools it shows.
"""

from importlib import import_module

# Tool name -> "module:callable". Each callable takes an optional session and returns
# a view that displays itself.
_TOOLS = {
    "plan_bar": "widgets.plan_controls.gui:PlanBar",
    "profile_form": "widgets.profile.gui:ProfileForm",
    "facts_panel": "widgets.ui:facts_panel",
    "certification_explorer": "widgets.certifications.gui:CertificationExplorer",
    "certification_costs": "widgets.certifications.gui:CertificationCosts",
    "readiness_checklist": "widgets.readiness.gui:ReadinessChecklist",
    "application_tracker": "widgets.tracker.gui:ApplicationTracker",
    "smart_goals": "widgets.goals.gui:SmartGoals",
    "learning_journal": "widgets.journal.gui:LearningJournal",
    "plan_summary": "widgets.my_plan.gui:PlanSummary",
    "plan_exports": "widgets.my_plan.gui:PlanExports",
    "plan_faq": "widgets.my_plan.gui:faq_panel",
    "priorities_self_assessment": "widgets.priorities.gui:PrioritiesTool",
    "cost_calculator": "widgets.internship_costs.gui:CostCalculator",
    "comparison_table": "widgets.comparison.gui:ComparisonTable",
    "lesson_question": "widgets.reflections.gui:LessonQuestion",
}

__all__ = sorted(_TOOLS)


def _report_errors_to_the_server_log() -> None:
    """Under Voila a visitor sees only a friendly note for a failing cell (voila.json);
    the traceback goes to the kernel's stderr, which is the Voila server's log."""
    import sys

    # Only a kernel has a shell to hook; a model imported on its own stays free of IPython.
    if "IPython" not in sys.modules:
        return
    import traceback

    from IPython import get_ipython

    from widgets.session import running_under_voila

    shell = get_ipython()
    if shell is None or not running_under_voila():
        return

    def log_then_show(shell, kind, value, trace, tb_offset=None):
        print("Error in a lesson cell:", "".join(traceback.format_exception(kind, value, trace)),
              file=sys.__stderr__, flush=True)
        shell.showtraceback((kind, value, trace), tb_offset=tb_offset)

    shell.set_custom_exc((Exception,), log_then_show)


_report_errors_to_the_server_log()


def __getattr__(name: str):
    if name not in _TOOLS:
        raise AttributeError(f"module 'widgets' has no attribute '{name}'")
    module_name, attribute = _TOOLS[name].split(":")
    return getattr(import_module(module_name), attribute)
