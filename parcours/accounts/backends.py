"""Django's password backend, reading a signed-in user's organization,
discipline and coordinator role with the user: every page needs them (the
access policy, the menu, the audit), and one query is cheaper than three."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef

from parcours.accounts.models import MembershipRole, ProgramMembership, User


class UserBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        coordinator = ProgramMembership.objects.filter(
            user_id=OuterRef("pk"),
            role=MembershipRole.COORDINATOR,
            program__organization_id=OuterRef("organization_id"),
        )
        try:
            user = (
                User._default_manager.select_related("organization", "discipline")
                .annotate(coordinates_a_program=Exists(coordinator))
                .get(pk=user_id)
            )
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
