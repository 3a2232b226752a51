from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    name = "parcours.coordination"
    label = "coordination"
    verbose_name = _("Coordination")

    def ready(self) -> None:
        # What happens below (a shelter books a client in, a plan changes) is
        # told to the care team through signals the lower apps send; what
        # coordination asks of workers joins their casework worklist.
        from parcours.coordination import receivers, worklist  # noqa: F401

        worklist.register()
