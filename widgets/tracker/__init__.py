"""The tracker tool: model (pure logic) and gui (its view)."""
