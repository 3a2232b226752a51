from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BedsConfig(AppConfig):
    name = "parcours.beds"
    label = "beds"
    verbose_name = _("Beds")

    def ready(self) -> None:
        # A client booked into another partner's shelter joins the worklist.
        from parcours.beds import worklist

        worklist.register()
