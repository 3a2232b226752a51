"""``parcours expire_offers``: expire housing offers left unanswered past
their answer-by date plus ``HOUSING_OFFER_EXPIRY_GRACE_DAYS`` and make their
units available again. Idempotent: run it daily (cron, a systemd timer)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from parcours.housing.matching import offers_expire


class Command(BaseCommand):
    help = "Expire unanswered housing offers past their answer-by date and free their units."

    def handle(self, *args: Any, **options: Any) -> None:
        count = offers_expire()
        self.stdout.write(f"{count} offer(s) expired.")
