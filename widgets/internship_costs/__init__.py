"""The internship_costs tool: model (pure logic) and gui (its view)."""
