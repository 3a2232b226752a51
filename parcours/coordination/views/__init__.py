"""The coordination app's views, one module per capability."""
