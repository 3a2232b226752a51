"""What Parcours remembers of the exports it took in: each source system,
each import with its report, and each row it read by the source's own id
(so that importing the same export twice changes nothing and a later export
updates what changed)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from parcours.core.models import BaseModel


class HmisSource(BaseModel):
    """A system that exports HMIS CSV files (the Export file's SourceID, or
    the name given at import): its ids are only unique within it."""

    name = models.CharField(_("source"), max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("HMIS source")
        verbose_name_plural = _("HMIS sources")

    def __str__(self) -> str:
        return self.name


class ImportStatus(models.TextChoices):
    IMPORTED = "imported", _("Imported")
    PARTIAL = "partial", _("Imported without the rejected rows")
    REJECTED = "rejected", _("Rejected: nothing imported")
    DRY_RUN = "dry_run", _("Checked only (dry run)")
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    FAILED = "failed", _("Failed: nothing imported")


class HmisImport(BaseModel):
    """One run of the importer, with its counts and its error report."""

    source = models.ForeignKey(
        HmisSource,
        verbose_name=_("source"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="imports",
    )
    source_name = models.CharField(_("source"), max_length=200, blank=True)
    file_name = models.CharField(_("file"), max_length=300)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    dry_run = models.BooleanField(_("dry run"), default=False)
    partial = models.BooleanField(_("valid rows accepted"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.RUNNING
    )
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # {file: {"read": n, "created": n, "updated": n, "unchanged": n, "deleted": n, "rejected": n}}
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    ignored_files = models.JSONField(_("files not read"), default=list, blank=True)
    queued_for_review = models.PositiveIntegerField(_("possible duplicates queued"), default=0)
    # So many new people that batch linkage scores them after the import.
    linkage_deferred = models.BooleanField(_("duplicates sought by batch linkage"), default=False)
    # An upload waiting for the worker: the file, relative to DATA_DIR
    # (deleted once imported), and why the import failed, if it did.
    stored_file = models.CharField(max_length=300, blank=True)
    failure = models.TextField(_("failure"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("HMIS import")
        verbose_name_plural = _("HMIS imports")

    def __str__(self) -> str:
        return f"{self.source_name or self.file_name} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def in_progress(self) -> bool:
        return self.status in (ImportStatus.QUEUED, ImportStatus.RUNNING)


class HmisRecord(BaseModel):
    """A row of a source, by its file and its own id: what it said (a
    social security number is never kept), a digest to see whether a later
    export changed it, and the Parcours record it became (none for the files
    Parcours has no concept for: their rows are kept here as they came)."""

    source = models.ForeignKey(
        HmisSource, verbose_name=_("source"), on_delete=models.PROTECT, related_name="records"
    )
    file = models.CharField(_("file"), max_length=40)
    source_key = models.CharField(_("id at the source"), max_length=64)
    digest = models.CharField(max_length=64)
    data = models.JSONField(_("row"), default=dict)
    target_type = models.CharField(_("record type"), max_length=80, blank=True)
    target_id = models.CharField(_("record id"), max_length=64, blank=True)
    # The client the row is about, for the access policy (empty for projects).
    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    deleted_at_source = models.BooleanField(_("deleted at the source"), default=False)
    last_import = models.ForeignKey(
        HmisImport,
        verbose_name=_("last import"),
        on_delete=models.PROTECT,
        related_name="records",
    )

    class Meta:
        ordering = ["file", "source_key"]
        verbose_name = _("HMIS record")
        verbose_name_plural = _("HMIS records")
        constraints = [
            models.UniqueConstraint(
                "source", "file", "source_key", name="one_record_per_source_file_and_id"
            )
        ]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.file} {self.source_key}"


class ClientListStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Columns to match")
    MAPPED = "mapped", _("Ready to check and import")
    IMPORTED = "imported", _("Imported")
    PARTIAL = "partial", _("Imported without the rejected rows")
    REJECTED = "rejected", _("Rejected: nothing imported")


class ClientListImport(BaseModel):
    """A spreadsheet of clients (CSV or XLSX) a small agency kept: its rows
    until they are imported (then only the report stays), the column chosen
    for each client field, and the report."""

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    file_name = models.CharField(_("file"), max_length=300)
    headers = models.JSONField(_("columns"), default=list)
    rows = models.JSONField(_("rows"), default=list, blank=True)
    # client field -> column index (as text), and how dates are written
    mapping = models.JSONField(_("matching columns"), default=dict, blank=True)
    date_format = models.CharField(_("dates written as"), max_length=20, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ClientListStatus.choices,
        default=ClientListStatus.UPLOADED,
    )
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    created_count = models.PositiveIntegerField(_("clients registered"), default=0)
    queued_for_review = models.PositiveIntegerField(_("possible duplicates queued"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("client list import")
        verbose_name_plural = _("client list imports")

    def __str__(self) -> str:
        return self.file_name

    @property
    def is_done(self) -> bool:
        """Imported: the rows are gone (a rejected list can be matched and
        imported again)."""
        return self.status in (ClientListStatus.IMPORTED, ClientListStatus.PARTIAL)
