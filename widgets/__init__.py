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
}

__all__ = sorted(_TOOLS)


def __getattr__(name: str):
    if name not in _TOOLS:
        raise AttributeError(f"module 'widgets' has no attribute '{name}'")
    module_name, attribute = _TOOLS[name].split(":")
    return getattr(import_module(module_name), attribute)
