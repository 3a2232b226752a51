"""A server process warms up before it serves (``parcours.wsgi`` calls
``core.warmup.warm``): every template of Parcours compiles, both catalogues
are read, and what start-up made is frozen out of the garbage collector."""

from __future__ import annotations

import gc

from django.template import engines

from parcours.core.warmup import template_names, warm


def test_every_template_of_parcours_is_compiled_and_kept():
    names = template_names()
    assert "base.html" in names
    assert "casework/worklist.html" in names
    assert warm() == len(names)
    # The cached loader holds them: the next request compiles nothing.
    (partials,) = engines["django"].engine.template_loaders
    (cached,) = partials.loaders
    assert set(names) <= set(cached.get_template_cache)


def test_what_start_up_made_is_frozen_out_of_the_collector():
    gc.unfreeze()
    warm()
    try:
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
