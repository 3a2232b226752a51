"""The writer of an HMIS import: the checked rows of one export become
Parcours records, file by file, each row remembered by its source and own id
(``HmisRecord``) with a digest, so a later import of the same source updates
only what changed. ``interop.services.hmis_import`` runs it in one
transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from parcours.accounts.models import Organization, OrganizationKind, Program, User
from parcours.beds.models import StreetContact
from parcours.casework.models import Enrollment
from parcours.clients.models import (
    Client,
    ReferenceList,
    ReferenceOption,
    ServiceKind,
    Visit,
    VisitService,
)
from parcours.clients.services.registry import client_index_names
from parcours.coordination.models import CoordinatedEntryRecord
from parcours.core.audit import audit_record_many
from parcours.core.bulk import bulk_insert
from parcours.core.models import AuditAction
from parcours.interop import shelter_history
from parcours.interop.entry_history import ENTRY_FIELDS, entry_record
from parcours.interop.hmis import mapping
from parcours.interop.hmis.validate import Checked, ParsedRow
from parcours.interop.models import HmisImport, HmisRecord, HmisSource
from parcours.interop.shelter_history import ShelterNights

Progress = Callable[[str, int, int], None]

# Never kept, even in the source row.
SECRET_COLUMNS = frozenset({"SSN"})
# Files whose rows become Parcours records; the others are kept as rows.
MAPPED = (
    "Organization",
    "Project",
    "Client",
    "Enrollment",
    "Exit",
    "Services",
    "CurrentLivingSituation",
    "Assessment",
    "Event",
)
BATCH = 2000
# The notes of a visit an HMIS service became start with this.
IMPORTED_NOTE = "HMIS ·"
UPDATED_FIELDS = [
    "digest",
    "data",
    "deleted_at_source",
    "last_import",
    "target_type",
    "target_id",
    "client",
    "updated_at",
]


def _digest_of(parsed: ParsedRow) -> str:
    """The row's digest, computed once however often the writer asks."""
    if not parsed.digest:
        parsed.digest = _digest(parsed.raw)
    return parsed.digest


def _digest(raw: dict[str, str]) -> str:
    kept = {k: v for k, v in raw.items() if k != "ExportID" and k not in SECRET_COLUMNS}
    return hashlib.sha256(json.dumps(kept, sort_keys=True).encode()).hexdigest()


def _kept(raw: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in raw.items() if k not in SECRET_COLUMNS}


@dataclass(frozen=True)
class _Target:
    """A record written before, named without reading it."""

    label: str
    pk: str


class HmisWriter:
    """Writes the checked rows of one export, file by file, counting what it did."""

    def __init__(
        self,
        *,
        run: HmisImport,
        source: HmisSource,
        acting_user: User,
        organization: Organization | None,
        progress: Progress | None,
    ) -> None:
        self.run = run
        self.source = source
        self.user = acting_user
        self.organization = organization
        self.progress = progress
        self.today = timezone.localdate()
        self.records: dict[tuple[str, str], HmisRecord] = {
            (r.file, r.source_key): r for r in HmisRecord.objects.filter(source=source)
        }
        self.counts: dict[str, dict[str, int]] = {}
        self.done = 0
        self.total = 0
        self.first_organization: Organization | None = None
        self.audits: list[dict[str, Any]] = []
        self.written: dict[uuid.UUID, dict[str, int]] = {}
        self.to_create: list[HmisRecord] = []
        self.to_update: list[HmisRecord] = []
        self.new_clients: list[Client] = []
        self.shelter = ShelterNights(source.pk)
        self.genders = {
            o.code: o for o in ReferenceOption.objects.filter(list=ReferenceList.GENDER_IDENTITY)
        }

    # -- bookkeeping --------------------------------------------------------
    def count(self, file: str, what: str) -> None:
        per_file = self.counts.setdefault(file, {})
        per_file[what] = per_file.get(what, 0) + 1

    def previous(self, file: str, key: str) -> HmisRecord | None:
        return self.records.get((file, key))

    def target(self, file: str, key: str) -> str | None:
        record = self.previous(file, key)
        return record.target_id if record and record.target_id else None

    def known_target(self, file: str, key: str) -> str:
        """The record an earlier import made of a row (the checks saw it exists)."""
        target = self.target(file, key)
        if target is None:
            raise LookupError(f"{file} {key}")
        return target

    def remember(
        self,
        file: str,
        parsed: ParsedRow,
        *,
        target: Any = None,
        client: Client | None = None,
        client_id: uuid.UUID | None = None,
        deleted: bool = False,
    ) -> bool:
        """Keep the row; True when it is new or changed since the last import."""
        self.done += 1
        if self.progress is not None:
            self.progress(file, self.done, self.total)
        digest = _digest_of(parsed)
        record = self.previous(file, parsed.key)
        if record is None:
            record = HmisRecord(source=self.source, file=file, source_key=parsed.key)
            self.records[(file, parsed.key)] = record
            what = "deleted" if deleted else "created"
        elif record.digest == digest:
            self.count(file, "unchanged")
            return False
        else:
            what = "deleted" if deleted else "updated"
            record.updated_at = timezone.now()
        record.digest = digest
        record.data = _kept(parsed.raw)
        record.deleted_at_source = deleted
        record.last_import = self.run
        if isinstance(target, _Target):
            record.target_type, record.target_id = target.label, str(target.pk)
        elif target is not None:
            record.target_type = target._meta.label_lower
            record.target_id = str(target.pk)
        if client is not None:
            record.client = client
        elif client_id is not None:
            record.client_id = client_id
        (self.to_create if record._state.adding else self.to_update).append(record)
        self.count(file, what)
        return True

    def wrote(self, client_id: uuid.UUID, what: str) -> None:
        """Count a record written for a person (one audit event per person)."""
        per = self.written.setdefault(client_id, {})
        per[what] = per.get(what, 0) + 1

    def audit(self) -> None:
        """One event per person created or changed, one per person whose
        records (enrollments, visits, street contacts) were written."""
        for client_id, written in self.written.items():
            self.audits.append(
                {
                    "action": AuditAction.CREATE,
                    "target_type": "clients.client",
                    "target_id": str(client_id),
                    "client_id": client_id,
                    "detail": {"import": str(self.run.pk), "records": written},
                }
            )
        audit_record_many(self.audits, actor=self.user)
        self.audits, self.written = [], {}

    def flush(self) -> None:
        """Write the rows kept since the last flush, in batches."""
        if self.to_create:
            bulk_insert(self.to_create)  # marks them saved (no longer adding)
            self.to_create = []
        if self.to_update:
            HmisRecord.objects.bulk_update(self.to_update, UPDATED_FIELDS, batch_size=BATCH)
            self.to_update = []

    def changed(self, file: str, parsed: ParsedRow) -> bool:
        record = self.previous(file, parsed.key)
        return record is None or record.digest != _digest_of(parsed)

    # -- files --------------------------------------------------------------
    def organizations(self, rows: dict[str, ParsedRow]) -> dict[str, Organization]:
        found: dict[str, Organization] = {}
        for key, parsed in rows.items():
            name = str(parsed.values["OrganizationName"])[:200]
            known = self.target("Organization", key)
            if self.organization is not None:
                org = self.organization
            elif known:
                org = Organization.objects.get(pk=known)
                if org.name != name and self.changed("Organization", parsed):
                    org.name = name
                    org.save(update_fields=["name", "updated_at"])
            else:
                org = Organization.objects.filter(name__iexact=name).first() or (
                    Organization.objects.create(
                        name=name, kind=OrganizationKind.OTHER, is_partner=True
                    )
                )
            found[key] = org
            self.first_organization = self.first_organization or org
            self.remember("Organization", parsed, target=org)
        return found

    def projects(
        self, rows: dict[str, ParsedRow], orgs: dict[str, Organization]
    ) -> dict[str, Program]:
        found: dict[str, Program] = {}
        for key, parsed in rows.items():
            v = parsed.values
            org = orgs.get(v["OrganizationID"]) or self._org_of_known(v["OrganizationID"])
            name = str(v["ProjectName"])[:200]
            kind = mapping.PROGRAM_KIND[v["ProjectType"]]
            active = v["OperatingEndDate"] is None or v["OperatingEndDate"] >= self.today
            known = self.target("Project", key)
            if known:
                program = Program.objects.get(pk=known)
                if self.changed("Project", parsed):
                    program.name, program.kind, program.is_active = name, kind, active
                    program.save(update_fields=["name", "kind", "is_active", "updated_at"])
            else:
                program = Program.objects.filter(
                    organization=org, name__iexact=name
                ).first() or Program.objects.create(
                    organization=org, name=name, kind=kind, is_active=active
                )
            found[key] = program
            self.remember("Project", parsed, target=program)
        return found

    def _org_of_known(self, key: str) -> Organization:
        if self.organization is not None:
            return self.organization
        return Organization.objects.get(pk=self.known_target("Organization", key))

    def _client_fields(self, v: dict[str, Any]) -> dict[str, Any]:
        given = " ".join(p for p in (v["FirstName"], v["MiddleName"]) if p)[:150]
        family = str(v["LastName"] or "")[:150]
        quality = v["DOBDataQuality"]
        born = mapping.plausible_birth_date(v["DOB"], self.today) if quality in (1, 2) else None
        named = bool(given and family)
        gender = self.genders.get(mapping.gender_code(v))
        return {
            "is_anonymous": not named,
            "given_name": given if named else "",
            "family_name": family if named else "",
            "date_of_birth": born if named else None,
            "date_of_birth_estimated": named and born is not None and quality == 2,
            "birth_year": born.year if born and not named else None,
            "gender_identity": gender,
            "veteran_status": mapping.VETERAN.get(v["VeteranStatus"], ""),
        }

    def clients(
        self, rows: dict[str, ParsedRow], owner: dict[str, Organization]
    ) -> dict[str, Client]:
        found: dict[str, Client] = {}
        known_ids = {
            key: uuid.UUID(target) for key in rows if (target := self.target("Client", key))
        }
        existing = Client.objects.in_bulk(list(known_ids.values()))
        for done, (key, parsed) in enumerate(rows.items(), start=1):
            if self.progress and done % 500 == 0:
                self.progress("Client.csv", done, len(rows))
            fields = self._client_fields(parsed.values)
            client = existing.get(known_ids[key]) if key in known_ids else None
            if client is None:
                client = Client(
                    registered_by_organization=owner.get(key) or self._default_owner(),
                    registered_by=self.user,
                    **fields,
                )
                client_index_names(client)
                self.new_clients.append(client)
                self.audits.append(
                    {
                        "action": AuditAction.CREATE,
                        "target": client,
                        "client_id": client.pk,
                        "detail": {
                            "import": str(self.run.pk),
                            "file": "Client.csv",
                            "line": parsed.line,
                        },
                    }
                )
            elif self.changed("Client", parsed):
                before = {k: str(getattr(client, k)) for k in fields}
                for name, value in fields.items():
                    setattr(client, name, value)
                client.version += 1
                client_index_names(client, list(client.aliases.all()))
                client.save()
                self.audits.append(
                    {
                        "action": AuditAction.UPDATE,
                        "target": client,
                        "client_id": client.pk,
                        "before": before,
                        "after": {k: str(getattr(client, k)) for k in fields},
                        "detail": {
                            "import": str(self.run.pk),
                            "file": "Client.csv",
                            "line": parsed.line,
                        },
                    }
                )
            found[key] = client
            self.remember("Client", parsed, target=client, client=client)
        Client.objects.bulk_create(self.new_clients, batch_size=BATCH)
        return found

    def _default_owner(self) -> Organization:
        """Who registers a person with no enrollment: the organization
        imported into, else the importer's, else the export's first."""
        owner = self.organization or self.user.organization or self.first_organization
        if owner is None:
            raise PermissionDenied
        return owner

    def enrollments(
        self,
        rows: dict[str, ParsedRow],
        exits: dict[str, ParsedRow],
        programs: dict[str, Program],
        clients: dict[str, Client],
    ) -> None:
        exit_by_enrollment = {p.values["EnrollmentID"]: p for p in exits.values()}
        # Exits of enrollments imported before close them first: a new
        # enrollment in the same program may follow.
        for enrollment_id, parsed in exit_by_enrollment.items():
            if enrollment_id not in rows:
                known = self.target("Enrollment", enrollment_id)
                if known:
                    enrollment = Enrollment.objects.get(pk=known)
                    if self.changed("Exit", parsed):
                        self._close(enrollment, parsed)
                        enrollment.save()
                        self.wrote(enrollment.client_id, "exits")
                        self.shelter.close(
                            "Enrollment",
                            enrollment_id,
                            left=parsed.values["ExitDate"],
                            destination_code=parsed.values["Destination"],
                        )
                    self.remember("Exit", parsed, target=enrollment, client=enrollment.client)
        ordered = sorted(rows.items(), key=lambda item: item[1].values["EntryDate"])
        new: list[Enrollment] = []
        for key, parsed in ordered:
            v = parsed.values
            program = programs.get(v["ProjectID"]) or Program.objects.get(
                pk=self.known_target("Project", v["ProjectID"])
            )
            client = clients.get(v["PersonalID"]) or Client.objects.get(
                pk=self.known_target("Client", v["PersonalID"])
            )
            out = exit_by_enrollment.get(key)
            known = self.target("Enrollment", key)
            if known is None:
                enrollment = Enrollment(
                    client=client,
                    program=program,
                    organization_id=program.organization_id,
                    start_date=v["EntryDate"],
                    opened_by=self.user,
                )
            elif self.changed("Enrollment", parsed) or (out and self.changed("Exit", out)):
                enrollment = Enrollment.objects.get(pk=known)
            else:
                self.remember("Enrollment", parsed)
                if out:
                    self.remember("Exit", out)
                continue
            enrollment.client, enrollment.program = client, program
            enrollment.organization_id = program.organization_id
            enrollment.start_date = v["EntryDate"]
            if out:
                self._close(enrollment, out)
            self._shelter_stay(key, v, out, client, program)
            if known is None:
                # Checked before (one open stay per person and program, an
                # exit after its entry); the database's constraints hold too.
                new.append(enrollment)
            else:
                enrollment.full_clean(exclude=["client", "program", "organization", "opened_by"])
                enrollment.save()
            self.wrote(client.pk, "enrollments" if known is None else "enrollments_updated")
            self.remember("Enrollment", parsed, target=enrollment, client=client)
            if out:
                self.remember("Exit", out, target=enrollment, client=client)
        bulk_insert(new)

    def _shelter_stay(
        self,
        key: str,
        v: dict[str, Any],
        out: ParsedRow | None,
        client: Client,
        program: Program,
    ) -> None:
        """An enrollment in an emergency shelter or a safe haven: its nights
        (one that no longer is, in a later export, has none)."""
        project = self.previous("Project", v["ProjectID"])
        if project is None or shelter_history.project_type(project.data) not in (
            shelter_history.SHELTER_PROJECT_TYPES
        ):
            if self.previous("Enrollment", key) is not None:
                self.shelter.drop("Enrollment", key)
            return
        self.shelter.add(
            "Enrollment",
            key,
            client_id=client.pk,
            organization_id=program.organization_id,
            place=program.name,
            first=v["EntryDate"],
            left=out.values["ExitDate"] if out else None,
            destination_code=out.values["Destination"] if out else None,
        )
        self.wrote(client.pk, "shelter_history")

    def _close(self, enrollment: Enrollment, parsed: ParsedRow) -> None:
        destination = parsed.values["Destination"]
        enrollment.end_date = parsed.values["ExitDate"]
        enrollment.end_reason = mapping.end_reason(destination)
        enrollment.destination = mapping.destination_text(destination)[:200]
        enrollment.closed_by = self.user

    def _stays(self) -> dict[str, tuple[uuid.UUID, uuid.UUID, uuid.UUID, str]]:
        """Each source enrollment's (client, organization, program, program name)."""
        by_target = {
            r.target_id: r.source_key
            for r in self.records.values()
            if r.file == "Enrollment" and r.target_id
        }
        rows = Enrollment.objects.filter(pk__in=list(by_target)).values_list(
            "pk", "client_id", "organization_id", "program_id", "program__name"
        )
        return {
            by_target[str(pk)]: (client, org, program, name)
            for pk, client, org, program, name in rows
        }

    def history(self, services: dict[str, ParsedRow], situations: dict[str, ParsedRow]) -> None:
        """A service an HMIS recorded becomes a visit (a contact with its
        date, site and service: the by-name list's activity); a living
        situation "place not meant for habitation" (116) becomes a street
        contact (a homeless day). Changed rows update what they became."""
        stays = self._stays()
        zone = timezone.get_current_timezone()
        visits: list[Visit] = []
        lines: list[VisitService] = []
        contacts: list[StreetContact] = []
        for parsed in services.values():
            v = parsed.values
            client_id, org_id, _program, site = stays[v["EnrollmentID"]]
            when = dt.datetime.combine(v["DateProvided"], dt.time(12, 0), tzinfo=zone)
            detail = f"HMIS {v['RecordType']}/{v['TypeProvided']}"
            known = self.target("Services", parsed.key)
            if known is None:
                visit = Visit(
                    client_id=client_id,
                    organization_id=org_id,
                    occurred_at=when,
                    site=site[:150],
                    # Where it came from, for whoever reads the visit.
                    notes=f"{IMPORTED_NOTE} {self.source.name}",
                    recorded_by=self.user,
                )
                visits.append(visit)
                lines.append(VisitService(visit=visit, kind=ServiceKind.OTHER, detail=detail))
                target: Any = visit
            elif self.changed("Services", parsed):
                Visit.objects.filter(pk=known).update(occurred_at=when, updated_at=timezone.now())
                VisitService.objects.filter(visit_id=known).update(detail=detail)
                target = _Target("clients.visit", known)
            else:
                target = None
            if target is not None:
                self.wrote(client_id, "visits")
                if v["RecordType"] == shelter_history.BED_NIGHT:
                    self.shelter.night(
                        "Services",
                        parsed.key,
                        client_id=client_id,
                        organization_id=org_id,
                        place=site,
                        on=v["DateProvided"],
                    )
                elif known is not None:
                    self.shelter.drop("Services", parsed.key)
            self.remember("Services", parsed, target=target, client_id=client_id)
        for parsed in situations.values():
            v = parsed.values
            client_id, org_id, _program, _site = stays[v["EnrollmentID"]]
            place = str(v["LocationDetails"] or "")[:200]
            known = self.target("CurrentLivingSituation", parsed.key)
            target = None
            if v["CurrentLivingSituation"] == 116 and known is None:
                contact = StreetContact(
                    client_id=client_id,
                    seen_on=v["InformationDate"],
                    place=place,
                    organization_id=org_id,
                    recorded_by=self.user,
                )
                contacts.append(contact)
                target = contact
            elif known and self.changed("CurrentLivingSituation", parsed):
                StreetContact.objects.filter(pk=known).update(
                    seen_on=v["InformationDate"], place=place, updated_at=timezone.now()
                )
            elif v["CurrentLivingSituation"] in shelter_history.SHELTER_SITUATIONS and (
                self.changed("CurrentLivingSituation", parsed)
            ):
                self.shelter.night(
                    "CurrentLivingSituation",
                    parsed.key,
                    client_id=client_id,
                    organization_id=org_id,
                    place=place or _site,
                    on=v["InformationDate"],
                )
                self.wrote(client_id, "shelter_history")
            elif (
                known is None
                and self.previous("CurrentLivingSituation", parsed.key)
                and (self.changed("CurrentLivingSituation", parsed))
            ):
                # No longer a night in a shelter, in a later export.
                self.shelter.drop("CurrentLivingSituation", parsed.key)
            if target is not None:
                self.wrote(client_id, "street_contacts")
            self.remember("CurrentLivingSituation", parsed, target=target, client_id=client_id)
        bulk_insert(visits)
        bulk_insert(lines)
        bulk_insert(contacts)
        self.shelter.write(BATCH)

    def coordinated_entry(self, file: str, rows: dict[str, ParsedRow]) -> None:
        """Assessment and Event rows: the coordinated-entry records the
        client's timeline shows (the row itself is kept, for the export)."""
        stays = self._stays()
        new: list[CoordinatedEntryRecord] = []
        changed: list[CoordinatedEntryRecord] = []
        for parsed in rows.values():
            client_id, org_id, program_id, _name = stays[parsed.values["EnrollmentID"]]
            if not self.changed(file, parsed):
                self.remember(file, parsed)
                continue
            record = entry_record(
                file,
                parsed.values,
                reference=self.shelter.reference(file, parsed.key),
                client_id=client_id,
                organization_id=org_id,
                program_id=program_id,
            )
            known = self.target(file, parsed.key)
            if known:
                record.pk = uuid.UUID(known)
                record.updated_at = timezone.now()
                changed.append(record)
            else:
                new.append(record)
            self.wrote(client_id, "coordinated_entry")
            self.remember(file, parsed, target=record, client_id=client_id)
        bulk_insert(new)
        CoordinatedEntryRecord.objects.bulk_update(changed, ENTRY_FIELDS, batch_size=BATCH)

    def rows_as_they_came(self, file: str, rows: dict[str, ParsedRow]) -> None:
        clients = {r.source_key: r.client_id for r in self.records.values() if r.file == "Client"}
        for parsed in rows.values():
            person = parsed.values.get("PersonalID")
            client_id = clients.get(person) if person else None
            self.remember(file, parsed, client_id=client_id)

    def deleted(self, checked: Checked) -> None:
        """Rows the source marks deleted: not imported; one imported before is
        marked deleted at the source (the Parcours record stays: people's
        history is not erased by another system)."""
        for file, rows in checked.deleted.items():
            for parsed in rows.values():
                if self.previous(file, parsed.key) is not None:
                    self.remember(file, parsed, deleted=True)
                else:
                    self.count(file, "skipped_deleted")
