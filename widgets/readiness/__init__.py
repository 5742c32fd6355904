"""The readiness tool: model (pure logic) and gui (its view)."""
