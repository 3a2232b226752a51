from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "parcours.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        # The exportable reports register themselves (parcours.reports.exports):
        # the web and the worker (`parcours db_worker`) know the same ones.
        from parcours.reports import exports, fidelity_export, outcomes_export  # noqa: F401
