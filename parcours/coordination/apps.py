from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    name = "parcours.coordination"
    label = "coordination"
    verbose_name = _("Coordination")

    def ready(self) -> None:
        # What happens below (a shelter books a client in) is told to the
        # care team through signals the lower apps send.
        from parcours.coordination import receivers  # noqa: F401
