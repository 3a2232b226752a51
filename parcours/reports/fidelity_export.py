"""The fidelity report as an export, with the page's filters (period,
organization, team): its form is the page's (``FidelityForm``), given the
asking user, and the table is ``exports.fidelity_table``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from parcours import access
from parcours.reports.exports import fidelity_table, register
from parcours.reports.fidelity_views import FidelityForm

register(
    "fidelity",
    label=gettext_lazy("Fidelity"),
    require=access.require_fidelity_reader,
    form=FidelityForm,
    build=fidelity_table,
)
