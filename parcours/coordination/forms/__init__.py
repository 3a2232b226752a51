"""Forms of the coordination app, one module per capability."""
