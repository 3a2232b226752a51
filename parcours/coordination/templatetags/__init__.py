"""Template tags of the coordination app, one module per capability."""
