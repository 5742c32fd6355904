"""The priorities tool: model (pure logic) and gui (its view)."""
