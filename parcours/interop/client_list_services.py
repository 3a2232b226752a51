"""Writes of the spreadsheet import: keep an uploaded list of clients, the
columns chosen for each field, then register its people through the
registry's own service (its checks, its audit), all or nothing unless the
user accepts the valid rows; the new people go to the review queue of
possible duplicates, never merged. The rows are dropped once imported."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours import access
from parcours.accounts.models import User
from parcours.clients.models import Client, OfficialLanguage
from parcours.clients.services.registry import client_register, reference_option
from parcours.core.audit import audit_record
from parcours.core.models import AuditAction
from parcours.interop.client_list import (
    DATE_FORMATS,
    FIELDS,
    MAX_ROWS,
    REQUIRED,
    ListUnreadable,
    check_rows,
    guess_date_format,
    guess_mapping,
    read_list,
)
from parcours.interop.models import ClientListImport, ClientListStatus
from parcours.interop.storage import check_upload_size
from parcours.linkage.services import linkage_queue_new_clients, linkage_run_registry_later

# Up to this many new people are scored against the registry at once (in
# the request); beyond, batch linkage runs in the worker after the import.
SCORE_LIMIT = 200


class _Rejected(Exception):
    """Leaves the transaction: one row could not be registered."""


def client_list_upload(*, acting_user: User, upload: UploadedFile) -> ClientListImport:
    access.require_client_list_importer(acting_user)
    name = (upload.name or "").rsplit("/", 1)[-1]
    check_upload_size(upload)
    try:
        headers, rows = read_list(name, upload)
    except ListUnreadable as exc:
        raise ValidationError(
            {"file": _("Upload the list as a .csv or .xlsx file (its first sheet is read).")}
        ) from exc
    if not rows:
        raise ValidationError({"file": _("The file has no rows under its header.")})
    if len(rows) > MAX_ROWS:
        raise ValidationError(
            {
                "file": _("The list has %(count)s rows; split it in lists of %(max)s at most.")
                % {"count": len(rows), "max": MAX_ROWS}
            }
        )
    mapping = guess_mapping(headers)
    born = mapping.get("date_of_birth")
    date_format = guess_date_format([r[int(born)] for r in rows if born]) if born else "iso"
    assert acting_user.organization is not None  # the policy asked for one
    run = ClientListImport(
        uploaded_by=acting_user,
        organization=acting_user.organization,
        file_name=name[:300],
        headers=headers,
        rows=rows,
        row_count=len(rows),
        mapping=mapping,
        date_format=date_format,
    )
    with transaction.atomic():
        run.save(force_insert=True)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=run,
            after={"file": run.file_name, "rows": run.row_count},
        )
    return run


def client_list_set_mapping(
    *, acting_user: User, run: ClientListImport, mapping: dict[str, str], date_format: str
) -> ClientListImport:
    """The column for each field ("" for none): the given and family names
    need one, and a column fills one field only."""
    access.require_client_list_importer(acting_user)
    if run.is_done:
        raise ValidationError(_("This list was imported already."))
    errors: dict[str, list[str]] = {}
    columns = {str(i) for i in range(len(run.headers))}
    chosen = {name: value for name, value in mapping.items() if name in FIELDS and value}
    for name, value in chosen.items():
        if value not in columns:
            errors.setdefault(name, []).append(_("Choose a column of the file."))
    for name in REQUIRED:
        if name not in chosen:
            errors.setdefault(name, []).append(_("Choose the column that holds it."))
    seen: dict[str, str] = {}
    for name, value in chosen.items():
        if value in seen:
            errors.setdefault(name, []).append(_("This column already fills another field."))
        seen[value] = name
    if date_format not in DATE_FORMATS:
        errors.setdefault("date_format", []).append(_("Choose how the dates are written."))
    if errors:
        raise ValidationError(errors)
    run.mapping, run.date_format = chosen, date_format
    run.status = ClientListStatus.MAPPED
    run.save(update_fields=["mapping", "date_format", "status", "updated_at"])
    return run


def client_list_import(
    *, acting_user: User, run: ClientListImport, partial: bool = False
) -> ClientListImport:
    """Register the list's people on behalf of the user's organization."""
    access.require_client_list_importer(acting_user)
    if run.status not in (ClientListStatus.MAPPED, ClientListStatus.REJECTED):
        raise ValidationError(_("Match the columns before importing."))
    checked = check_rows(run.rows, run.mapping, run.date_format)
    errors = [
        {"line": row.line, "field": str(FIELDS.get(name, name)), "message": message}
        for row in checked
        for name, message in row.errors
    ]
    created: list[Client] = []
    if errors and not partial:
        run.status = ClientListStatus.REJECTED
    else:
        try:
            with transaction.atomic():
                for row in checked:
                    if not row.ok:
                        continue
                    try:
                        created.append(_register(acting_user, row.values))
                    except ValidationError as exc:
                        errors.extend(
                            {"line": row.line, "field": "", "message": message}
                            for message in exc.messages
                        )
                        if not partial:
                            raise _Rejected from exc
                if len(created) > SCORE_LIMIT:
                    # In the page's request: more are left to batch linkage.
                    linkage_run_registry_later()
                else:
                    run.queued_for_review = linkage_queue_new_clients(created)
        except _Rejected:
            created = []
            run.status = ClientListStatus.REJECTED
        else:
            run.status = ClientListStatus.PARTIAL if errors else ClientListStatus.IMPORTED
    run.created_count = len(created)
    run.errors = sorted(errors, key=lambda e: (int(e["line"]), str(e["field"])))
    run.imported_at = timezone.now()
    if run.status != ClientListStatus.REJECTED:
        run.rows = []  # the people are in the registry now
    run.save()
    audit_record(
        action=AuditAction.UPDATE,
        actor=acting_user,
        target=run,
        after={"status": run.status, "registered": run.created_count, "errors": len(errors)},
    )
    return run


def _register(user: User, v: dict[str, object]) -> Client:
    extra: dict[str, Any] = {}
    for name in ("preferred_name", "phone", "email", "health_card_number"):
        if v.get(name):
            extra[name] = v[name]
    if v.get("gender"):
        extra["gender_identity"] = reference_option("gender_identity", str(v["gender"]))
    language = str(v.get("preferred_language") or user.preferred_language or "fr")
    if language not in OfficialLanguage.values:
        language = OfficialLanguage.FRENCH
    return client_register(
        acting_user=user,
        given_name=str(v["given_name"]),
        family_name=str(v["family_name"]),
        date_of_birth=v.get("date_of_birth"),  # type: ignore[arg-type]
        preferred_language=language,
        **extra,
    )
