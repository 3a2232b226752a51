from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "parcours.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from parcours.core import checks, signals  # noqa: F401  (deploy checks; login/logout audit)
