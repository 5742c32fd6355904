"""The comparison tool: model (pure logic) and gui (its view)."""
