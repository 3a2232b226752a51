from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "parcours.community"
    label = "community"
    verbose_name = _("Community and complementary supports")

    def ready(self) -> None:
        # A tracker's next step due joins the casework worklist.
        from parcours.community.worklist import register_worklist_sources

        register_worklist_sources()
