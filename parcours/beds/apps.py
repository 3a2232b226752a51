from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BedsConfig(AppConfig):
    name = "parcours.beds"
    label = "beds"
    verbose_name = _("Beds")
