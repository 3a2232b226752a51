from __future__ import annotations

import sys
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from parcours.core.cli import OperatorLanguageCommand
from parcours.linkage.batch.spark import add_backend_arguments, db_api_for
from parcours.linkage.services import linkage_run_registry


def _probability(value: str) -> float | None:
    if value.strip().lower() in {"off", "none"}:
        return None
    message = _("not a probability: %(value)s (a number from 0 to 1, or 'off')")
    try:
        number = float(value)
    except ValueError as exc:
        raise CommandError(message % {"value": repr(value)}, returncode=2) from exc
    if not 0.0 <= number <= 1.0:
        raise CommandError(message % {"value": repr(value)}, returncode=2)
    return number


class Command(OperatorLanguageCommand):
    help = (
        "Score the whole client registry with the batch linkage engine (Splink, "
        "Fellegi-Sunter trained by EM) and fill the coordinators' review queue of "
        "possible duplicates. Pairs already merged, or found not to be the same person, "
        "are never proposed again. Nothing is merged without review unless "
        "--auto-merge-above (or LINKAGE_AUTO_MERGE_THRESHOLD) is set. A date of birth is "
        "compared as the batch engine does for link-file (a date that is not one counts "
        "by its readable parts). Messages follow LANGUAGE, LC_ALL, LC_MESSAGES, LANG "
        "(French or English; English otherwise)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--review-threshold",
            default=None,
            help=(
                "queue pairs at or above this match probability "
                f"(default LINKAGE_REVIEW_THRESHOLD, now {settings.LINKAGE_REVIEW_THRESHOLD})"
            ),
        )
        parser.add_argument(
            "--auto-merge-above",
            default=None,
            help=(
                "merge without review the pairs at or above this probability, or 'off' "
                "(default LINKAGE_AUTO_MERGE_THRESHOLD, off unless set; keep it very high, "
                "e.g. 0.9999)"
            ),
        )

        add_backend_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        review = (
            None
            if options["review_threshold"] is None
            else _probability(options["review_threshold"])
        )
        if options["review_threshold"] is not None and review is None:
            raise CommandError(_("--review-threshold cannot be 'off'"), returncode=2)
        auto = (
            settings.LINKAGE_AUTO_MERGE_THRESHOLD
            if options["auto_merge_above"] is None
            else _probability(options["auto_merge_above"])
        )
        threshold = settings.LINKAGE_REVIEW_THRESHOLD if review is None else review
        if auto is not None and auto < threshold:
            raise CommandError(
                _("--auto-merge-above must not be below the review threshold"), returncode=2
            )
        bar: Any = None
        if sys.stderr.isatty():
            from tqdm import tqdm

            bar = tqdm(total=0, unit="pair", file=sys.stderr)

        def progress(stage: str, done: int, total: int) -> None:
            if bar is not None:
                bar.set_description(stage)
                bar.total = total
                bar.n = done
                bar.refresh()

        run = linkage_run_registry(
            review_threshold=review,
            auto_merge_threshold=auto,
            progress=progress,
            db_api=db_api_for(options),
        )
        if bar is not None:
            bar.close()
        self.stdout.write(
            _(
                "%(records)d records compared, %(pairs)d likely pairs, %(queued)d new in the "
                "review queue, %(merged)d merged automatically."
            )
            % {
                "records": run.records,
                "pairs": run.pairs,
                "queued": run.queued,
                "merged": run.merged,
            }
        )
