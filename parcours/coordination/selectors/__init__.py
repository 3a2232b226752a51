"""The coordination app's selectors, one module per capability."""
