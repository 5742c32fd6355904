"""The plan bar: where the plan is kept, and download, load and clear controls."""
