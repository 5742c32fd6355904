"""The journal tool: model (pure logic) and gui (its view)."""
