"""The goals tool: model (pure logic) and gui (its view)."""
