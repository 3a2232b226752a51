from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HousingConfig(AppConfig):
    name = "parcours.housing"
    label = "housing"
    verbose_name = _("Housing")

    def ready(self) -> None:
        # A shelter book-in after a tenancy raises the revolving-door alert.
        from parcours.housing import receivers  # noqa: F401

        # Application follow-ups and subsidies ending join the casework worklist.
        from parcours.housing.finance_selectors import register_worklist_sources

        register_worklist_sources()
