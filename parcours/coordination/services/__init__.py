"""The coordination app's services, one module per capability."""
