"""The lessons' questions tool: model (pure logic) and gui (its view)."""
