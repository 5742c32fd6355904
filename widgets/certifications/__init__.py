"""The certifications tool: model (pure logic) and gui (its view)."""
