"""The access policy: the one place that decides who may do what to which record.

Every selector, service, view and API route asks this package; none checks
roles or consent on its own. It reads the domain apps' models (and a few
pure domain rules such as ``households.ages``), so it sits above them in the
import graph: no ``models.py`` imports it, and it imports no service,
selector, view or route (``import-linter`` contracts in ``make test``).

One module per domain, every name re-exported here, so callers write
``from parcours import access`` and ``access.clients_visible_to(user)``:

* ``base`` — the signed-in staff member, the actions, consent records in force;
* ``accounts`` — organizations, programs, teams, staff, the audit log;
* ``clients`` — the registry: ``ClientAccess`` (what one user may see of one
  client), ``clients_visible_to``, ``clients_sharing`` (by category);
* ``guardians`` — consent of a dependent through their guardians;
* ``linkage`` — the review queue and merges;
* ``casework`` — enrollments, programs' caseloads, plans, notes, worklists;
* ``beds`` — sites, stays, holds, turnaways, restrictions, street contacts;
* ``households`` — households and guardianships;
* ``coordination`` — the service directory, referrals, care teams, notifications;
* ``directory`` — who keeps the directory's entries;
* ``care_team`` — care-team rows, each partner's part of the coordinated plan;
* ``institutions`` — institution stays and discharge tasks;
* ``entry`` — other systems' coordinated-entry records (imported);
* ``board`` — appointments, the ACT board's assignments and crisis flags;
* ``roster`` — coverage standards and shifts;
* ``housing`` — landlords, units, inspections (partner data), tenancies and
  move-in (housing category);
* ``housing_matching`` — housing preferences and offers (housing category);
* ``housing_finance`` — housing applications (housing category), budgets
  (program data), financial assistance and payments (financial category);
* ``housing_upkeep`` — repairs of units (partner data, or housing category
  when linked to a tenancy), damages (housing), budgeting help (financial);
* ``community`` — income-support and ID-document trackers (financial category),
  stigma incidents (the recording organization only; de-identified counts);
* ``opportunities`` — the opportunities board (partner data), clients'
  interests and placements (case-plan category), supply-and-demand counts;
* ``reports`` — the by-name list and the monthly flow;
* ``interop`` — HMIS CSV imports and the source rows they kept.

``restrict(queryset, user, action)`` narrows any queryset of client-bearing
rows to those the user may act on, the way netbox's ``restrict`` does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, QuerySet

from parcours.access.accounts import (
    audit_events_visible_to,
    can_manage_organization,
    can_manage_staff,
    can_view_audit,
    can_view_staff_admin,
    organizations_visible_to,
    programs_visible_to,
    staff_visible_to,
    teams_visible_to,
    two_factor_required,
    two_factor_verified,
)
from parcours.access.among import among, visible_among
from parcours.access.base import (
    Action,
    is_coordinator,
    is_network_admin,
    is_privacy_reviewer,
    is_staff_user,
    require_partner_staff,
    staff_org,
)
from parcours.access.beds import (
    bed_sites_run_by,
    bed_sites_visible_to,
    can_run_bed_site,
    can_see_bed_availability,
    holds_visible_to,
    service_restrictions_visible_to,
    shelter_history_of,
    shelter_history_visible_to,
    stays_of,
    stays_visible_to,
    street_contacts_of,
    street_contacts_visible_to,
    turnaways_visible_to,
)
from parcours.access.board import (
    appointment_category,
    appointment_filter,
    appointments_for,
    appointments_visible_filter,
    board_program_status,
    board_programs_for,
    can_record_appointment,
    crisis_flags_of,
    crisis_flags_visible_to,
    has_board,
    visit_assignments_visible_to,
)
from parcours.access.care_team import (
    can_change_care_team_member,
    can_change_partner_part,
    can_view_care_overview,
    care_team_filter,
    clients_for_care_overview,
    implicit_members_filter,
    may_be_told_of_care_plan,
)
from parcours.access.casework import (
    can_change_assessment,
    can_coordinate_program,
    can_correct_note,
    can_enroll_client,
    can_enroll_into,
    can_manage_waitlist,
    can_write_clinical_note,
    can_write_plan,
    case_note_filter,
    directives_known_filter,
    pathway_alerts_filter,
    pathway_alerts_of,
    primary_workers_of,
    programs_with_caseload_visible_to,
    teams_for_worklist,
)
from parcours.access.clients import (
    ClientAccess,
    break_glass_reviews_visible_to,
    can_break_glass,
    can_review_break_glass,
    can_view_client_access_log,
    client_access_for,
    client_get_for_staff,
    client_get_for_user,
    clients_sharing,
    clients_visible_to,
    consent_directives_visible_to,
    records_visible_filter,
)
from parcours.access.community import (
    ATTENDANCE_LABEL,
    BENEFIT_LABEL,
    ID_DOCUMENT_LABEL,
    benefit_applications_of,
    benefit_applications_visible_to,
    benefit_applications_writable_by,
    can_offer_sessions,
    can_record_stigma_incident,
    can_register_for_session,
    can_run_session,
    can_view_stigma_report,
    can_write_trackers,
    group_attendances_of,
    group_attendances_visible_to,
    group_attendances_writable_by,
    group_sessions_run_by,
    group_sessions_visible_to,
    id_documents_of,
    id_documents_visible_to,
    id_documents_writable_by,
    require_roster_writer,
    require_session_offerer,
    require_session_runner,
    require_stigma_recorder,
    require_tracker_writer,
    stigma_incident_grounds_visible_to,
    stigma_incidents_counted_for,
    stigma_incidents_of,
    stigma_incidents_visible_to,
)
from parcours.access.coordination import (
    beyond_consent_referrals_for_review,
    can_change_care_team,
    can_edit_directory_entry,
    can_refer,
    can_send_beyond_consent,
    can_use_directory,
    care_team_visible_to,
    notifications_of,
    partner_shares_for_referral,
    referral_received_by_my_organization,
    referral_sent_by_my_organization,
    referral_shows_client,
    referrals_of,
    referrals_readable_by,
    referrals_visible_to,
    services_visible_to,
)
from parcours.access.directory import (
    can_keep_directory,
    directory_organizations_editable_by,
    require_directory_editor,
    require_directory_user,
)
from parcours.access.entry import coordinated_entry_visible_to
from parcours.access.guardians import guardian_consent_categories, guardian_consent_dependents
from parcours.access.households import (
    can_change_guardianship,
    can_see_household_plan,
    households_visible_to,
)
from parcours.access.housing import (
    TENANCY_LABEL,
    can_keep_landlord,
    can_keep_landlords,
    can_keep_unit,
    can_read_housing,
    can_write_tenancies,
    keeping_organizations_for,
    landlords_visible_to,
    require_housing_reader,
    require_landlord_keeper,
    require_tenancy_writer,
    require_unit_keeper,
    tenancies_of,
    tenancies_visible_to,
    units_visible_to,
)
from parcours.access.housing_finance import (
    applications_visible_to,
    assistance_visible_to,
    budgets_visible_to,
    payments_visible_to,
)
from parcours.access.housing_matching import (
    can_answer_offer,
    can_make_offer,
    can_see_offer_board,
    offers_answerable_by,
    offers_visible_to,
    preferences_visible_to,
)
from parcours.access.housing_upkeep import (
    BUDGETING_LABEL,
    DAMAGE_LABEL,
    REPAIR_LABEL,
    budgeting_sessions_of,
    budgeting_sessions_visible_to,
    budgeting_sessions_writable_by,
    can_write_budgeting,
    can_write_repair,
    damages_of,
    damages_visible_to,
    damages_writable_by,
    landlords_kept_by,
    repairs_of_tenancy,
    repairs_of_unit,
    repairs_visible_to,
    repairs_writable_by,
    require_budgeting_writer,
    require_damage_writer,
    require_repair_writer,
    tenancies_writable_by,
    units_kept_by,
)
from parcours.access.institutions import (
    can_record_institution_stay,
    can_see_institution_stays,
    discharge_tasks_visible_to,
    institution_stays_visible_to,
    institutions_for_stays,
)
from parcours.access.interop import (
    can_import_client_list,
    can_import_hmis,
    client_lists_visible_to,
    hmis_imports_visible_to,
    hmis_records_visible_to,
    require_client_list_importer,
    require_hmis_importer,
)
from parcours.access.linkage import can_merge, can_review_duplicates, match_candidates_visible_to
from parcours.access.opportunities import (
    INTEREST_LABEL,
    PLACEMENT_LABEL,
    can_change_opportunity,
    can_post_opportunities,
    can_record_outcome,
    can_view_supply_demand,
    can_work_on_opportunities_for,
    interests_counted_for,
    interests_of,
    interests_visible_to,
    interests_writable_by,
    opportunities_posted_by,
    opportunities_visible_to,
    placements_of,
    placements_visible_to,
    placements_writable_by,
    require_interest_writer,
    require_opportunity_owner,
    require_opportunity_poster,
    require_outcome_recorder,
)
from parcours.access.reports import (
    can_change_priority_rules,
    can_read_by_name_list,
    fidelity_programs_named_for,
    fidelity_programs_visible_to,
    require_by_name_list_reader,
    require_fidelity_reader,
    require_priority_rules_editor,
    require_report_coordinator,
    sees_network_counts,
)
from parcours.access.roster import (
    can_edit_coverage_standard,
    can_edit_roster,
    can_see_roster,
    knows_program,
    may_work_shifts,
    programs_with_roster_visible_to,
)
from parcours.accounts.models import Organization, Program, Team, User
from parcours.beds.models import (
    Hold,
    ServiceRestriction,
    ShelterHistory,
    Site,
    Stay,
    StreetContact,
    Turnaway,
)
from parcours.clients.models import BreakGlassAccess, Client
from parcours.community.models import (
    BenefitApplication,
    GroupAttendance,
    GroupSession,
    IdDocumentRequest,
    Opportunity,
    OpportunityInterest,
    Placement,
    StigmaIncident,
    StigmaIncidentGround,
)
from parcours.coordination.models import (
    Appointment,
    CareTeamMember,
    CoordinatedEntryRecord,
    CrisisFlag,
    DischargeTask,
    InstitutionStay,
    Notification,
    Referral,
    Service,
    VisitAssignment,
)
from parcours.core.models import AuditEvent
from parcours.households.models import Household
from parcours.housing.models import (
    AssistancePayment,
    BudgetingSession,
    DamageRecord,
    FinancialAssistance,
    HousingApplication,
    HousingBudget,
    HousingOffer,
    HousingPreference,
    HousingUnit,
    Landlord,
    LandlordContactLog,
    MoveInChecklist,
    RepairRequest,
    Tenancy,
    UnitInspection,
)
from parcours.interop.models import ClientListImport, HmisImport, HmisRecord
from parcours.linkage.models import MatchCandidate

M = TypeVar("M", bound=Model)


def _any_action(rule: Callable[[Any], QuerySet[Any]]) -> Callable[[Any, Action], QuerySet[Any]]:
    return lambda user, action: rule(user)


# What each kind of row may be acted on by a user, per action.
_RULES: dict[type[Model], Callable[[Any, Action], QuerySet[Any]]] = {
    Organization: _any_action(organizations_visible_to),
    Program: _any_action(programs_visible_to),
    Team: _any_action(teams_visible_to),
    User: _any_action(staff_visible_to),
    AuditEvent: _any_action(audit_events_visible_to),
    Client: _any_action(clients_visible_to),
    BreakGlassAccess: _any_action(break_glass_reviews_visible_to),
    MatchCandidate: _any_action(match_candidates_visible_to),
    Household: _any_action(households_visible_to),
    Site: lambda user, action: (
        bed_sites_visible_to(user) if action is Action.VIEW else bed_sites_run_by(user)
    ),
    Stay: stays_visible_to,
    Hold: holds_visible_to,
    Turnaway: turnaways_visible_to,
    ServiceRestriction: service_restrictions_visible_to,
    StreetContact: street_contacts_visible_to,
    ShelterHistory: shelter_history_visible_to,
    Service: _any_action(services_visible_to),
    Referral: lambda user, action: (
        referrals_readable_by(user) if action is Action.VIEW else referrals_visible_to(user)
    ),
    Notification: _any_action(notifications_of),
    CareTeamMember: _any_action(care_team_visible_to),
    InstitutionStay: _any_action(institution_stays_visible_to),
    CoordinatedEntryRecord: _any_action(coordinated_entry_visible_to),
    DischargeTask: _any_action(discharge_tasks_visible_to),
    VisitAssignment: _any_action(visit_assignments_visible_to),
    CrisisFlag: _any_action(crisis_flags_visible_to),
    Appointment: lambda user, action: Appointment.objects.filter(appointments_visible_filter(user)),
    HousingApplication: _any_action(applications_visible_to),
    HousingBudget: _any_action(budgets_visible_to),
    FinancialAssistance: _any_action(assistance_visible_to),
    AssistancePayment: _any_action(payments_visible_to),
    HousingPreference: _any_action(preferences_visible_to),
    HousingOffer: lambda user, action: (
        offers_visible_to(user) if action is Action.VIEW else offers_answerable_by(user)
    ),
    # Housing: landlords, units, their logs and inspections are partner data
    # (read by partner staff, changed by the keeping organization); tenancies,
    # move-in and damages are housing-category client data; a repair is partner
    # data unless linked to a tenancy; budgeting help is financial data.
    Landlord: lambda user, action: (
        landlords_visible_to(user) if action is Action.VIEW else landlords_kept_by(user)
    ),
    HousingUnit: lambda user, action: (
        units_visible_to(user) if action is Action.VIEW else units_kept_by(user)
    ),
    LandlordContactLog: lambda user, action: LandlordContactLog.objects.filter(
        landlord__in=(
            landlords_visible_to(user) if action is Action.VIEW else landlords_kept_by(user)
        ).values("pk")
    ),
    UnitInspection: lambda user, action: UnitInspection.objects.filter(
        unit__in=(units_visible_to(user) if action is Action.VIEW else units_kept_by(user)).values(
            "pk"
        )
    ),
    Tenancy: lambda user, action: (
        tenancies_visible_to(user) if action is Action.VIEW else tenancies_writable_by(user)
    ),
    MoveInChecklist: lambda user, action: MoveInChecklist.objects.filter(
        tenancy__in=(
            tenancies_visible_to(user) if action is Action.VIEW else tenancies_writable_by(user)
        ).values("pk")
    ),
    RepairRequest: lambda user, action: (
        repairs_visible_to(user) if action is Action.VIEW else repairs_writable_by(user)
    ),
    DamageRecord: lambda user, action: (
        damages_visible_to(user) if action is Action.VIEW else damages_writable_by(user)
    ),
    # Income and ID document trackers: financial-category client data.
    BenefitApplication: lambda user, action: (
        benefit_applications_visible_to(user)
        if action is Action.VIEW
        else benefit_applications_writable_by(user)
    ),
    IdDocumentRequest: lambda user, action: (
        id_documents_visible_to(user) if action is Action.VIEW else id_documents_writable_by(user)
    ),
    # Stigma incidents: the recording organization's only.
    StigmaIncident: _any_action(stigma_incidents_visible_to),
    StigmaIncidentGround: _any_action(stigma_incident_grounds_visible_to),
    # Group sessions: partner data, changed by the running organization; the
    # roster is case-plan client data.
    GroupSession: lambda user, action: (
        group_sessions_visible_to(user) if action is Action.VIEW else group_sessions_run_by(user)
    ),
    GroupAttendance: lambda user, action: (
        group_attendances_visible_to(user)
        if action is Action.VIEW
        else group_attendances_writable_by(user)
    ),
    # Opportunities: partner data, changed by the posting organization;
    # interests and placements are case-plan client data.
    Opportunity: lambda user, action: (
        opportunities_visible_to(user) if action is Action.VIEW else opportunities_posted_by(user)
    ),
    OpportunityInterest: lambda user, action: (
        interests_visible_to(user) if action is Action.VIEW else interests_writable_by(user)
    ),
    Placement: lambda user, action: (
        placements_visible_to(user) if action is Action.VIEW else placements_writable_by(user)
    ),
    BudgetingSession: lambda user, action: (
        budgeting_sessions_visible_to(user)
        if action is Action.VIEW
        else budgeting_sessions_writable_by(user)
    ),
    # HMIS imports and the rows they kept: the importing organization's
    # administrators and the network's.
    HmisImport: _any_action(hmis_imports_visible_to),
    HmisRecord: _any_action(hmis_records_visible_to),
    ClientListImport: _any_action(client_lists_visible_to),
}


def restrict(queryset: QuerySet[M], user: User, action: Action = Action.VIEW) -> QuerySet[M]:
    """``queryset`` narrowed to the rows ``user`` may ``action``."""
    rule = _RULES.get(queryset.model)
    if rule is None:
        raise ImproperlyConfigured(f"No access rule for {queryset.model._meta.label}")
    allowed: QuerySet[M] = rule(user, action)
    return queryset.filter(pk__in=allowed.values("pk"))


__all__ = [
    "ATTENDANCE_LABEL",
    "BENEFIT_LABEL",
    "BUDGETING_LABEL",
    "DAMAGE_LABEL",
    "ID_DOCUMENT_LABEL",
    "INTEREST_LABEL",
    "PLACEMENT_LABEL",
    "REPAIR_LABEL",
    "TENANCY_LABEL",
    "Action",
    "ClientAccess",
    "among",
    "applications_visible_to",
    "appointment_category",
    "appointment_filter",
    "appointments_for",
    "appointments_visible_filter",
    "assistance_visible_to",
    "audit_events_visible_to",
    "bed_sites_run_by",
    "bed_sites_visible_to",
    "benefit_applications_of",
    "benefit_applications_visible_to",
    "benefit_applications_writable_by",
    "beyond_consent_referrals_for_review",
    "board_program_status",
    "board_programs_for",
    "break_glass_reviews_visible_to",
    "budgeting_sessions_of",
    "budgeting_sessions_visible_to",
    "budgeting_sessions_writable_by",
    "budgets_visible_to",
    "can_answer_offer",
    "can_break_glass",
    "can_change_assessment",
    "can_change_care_team",
    "can_change_care_team_member",
    "can_change_guardianship",
    "can_change_opportunity",
    "can_change_partner_part",
    "can_change_priority_rules",
    "can_coordinate_program",
    "can_correct_note",
    "can_edit_coverage_standard",
    "can_edit_directory_entry",
    "can_edit_roster",
    "can_enroll_client",
    "can_enroll_into",
    "can_import_client_list",
    "can_import_hmis",
    "can_keep_directory",
    "can_keep_landlord",
    "can_keep_landlords",
    "can_keep_unit",
    "can_make_offer",
    "can_manage_organization",
    "can_manage_staff",
    "can_manage_waitlist",
    "can_merge",
    "can_offer_sessions",
    "can_post_opportunities",
    "can_read_by_name_list",
    "can_read_housing",
    "can_record_appointment",
    "can_record_institution_stay",
    "can_record_outcome",
    "can_record_stigma_incident",
    "can_refer",
    "can_register_for_session",
    "can_review_break_glass",
    "can_review_duplicates",
    "can_run_bed_site",
    "can_run_session",
    "can_see_bed_availability",
    "can_see_household_plan",
    "can_see_institution_stays",
    "can_see_offer_board",
    "can_see_roster",
    "can_send_beyond_consent",
    "can_use_directory",
    "can_view_audit",
    "can_view_care_overview",
    "can_view_client_access_log",
    "can_view_staff_admin",
    "can_view_stigma_report",
    "can_view_supply_demand",
    "can_work_on_opportunities_for",
    "can_write_budgeting",
    "can_write_clinical_note",
    "can_write_plan",
    "can_write_repair",
    "can_write_tenancies",
    "can_write_trackers",
    "care_team_filter",
    "care_team_visible_to",
    "case_note_filter",
    "client_access_for",
    "client_get_for_staff",
    "client_get_for_user",
    "client_lists_visible_to",
    "clients_for_care_overview",
    "clients_sharing",
    "clients_visible_to",
    "consent_directives_visible_to",
    "coordinated_entry_visible_to",
    "crisis_flags_of",
    "crisis_flags_visible_to",
    "damages_of",
    "damages_visible_to",
    "damages_writable_by",
    "directives_known_filter",
    "directory_organizations_editable_by",
    "discharge_tasks_visible_to",
    "fidelity_programs_named_for",
    "fidelity_programs_visible_to",
    "group_attendances_of",
    "group_attendances_visible_to",
    "group_attendances_writable_by",
    "group_sessions_run_by",
    "group_sessions_visible_to",
    "guardian_consent_categories",
    "guardian_consent_dependents",
    "has_board",
    "hmis_imports_visible_to",
    "hmis_records_visible_to",
    "holds_visible_to",
    "households_visible_to",
    "id_documents_of",
    "id_documents_visible_to",
    "id_documents_writable_by",
    "implicit_members_filter",
    "institution_stays_visible_to",
    "institutions_for_stays",
    "interests_counted_for",
    "interests_of",
    "interests_visible_to",
    "interests_writable_by",
    "is_coordinator",
    "is_network_admin",
    "is_privacy_reviewer",
    "is_staff_user",
    "keeping_organizations_for",
    "knows_program",
    "landlords_kept_by",
    "landlords_visible_to",
    "match_candidates_visible_to",
    "may_be_told_of_care_plan",
    "may_work_shifts",
    "notifications_of",
    "offers_answerable_by",
    "offers_visible_to",
    "opportunities_posted_by",
    "opportunities_visible_to",
    "organizations_visible_to",
    "partner_shares_for_referral",
    "pathway_alerts_filter",
    "pathway_alerts_of",
    "payments_visible_to",
    "placements_of",
    "placements_visible_to",
    "placements_writable_by",
    "preferences_visible_to",
    "primary_workers_of",
    "programs_visible_to",
    "programs_with_caseload_visible_to",
    "programs_with_roster_visible_to",
    "records_visible_filter",
    "referral_received_by_my_organization",
    "referral_sent_by_my_organization",
    "referral_shows_client",
    "referrals_of",
    "referrals_readable_by",
    "referrals_visible_to",
    "repairs_of_tenancy",
    "repairs_of_unit",
    "repairs_visible_to",
    "repairs_writable_by",
    "require_budgeting_writer",
    "require_by_name_list_reader",
    "require_client_list_importer",
    "require_damage_writer",
    "require_directory_editor",
    "require_directory_user",
    "require_fidelity_reader",
    "require_hmis_importer",
    "require_housing_reader",
    "require_interest_writer",
    "require_landlord_keeper",
    "require_opportunity_owner",
    "require_opportunity_poster",
    "require_outcome_recorder",
    "require_partner_staff",
    "require_priority_rules_editor",
    "require_repair_writer",
    "require_report_coordinator",
    "require_roster_writer",
    "require_session_offerer",
    "require_session_runner",
    "require_stigma_recorder",
    "require_tenancy_writer",
    "require_tracker_writer",
    "require_unit_keeper",
    "restrict",
    "sees_network_counts",
    "service_restrictions_visible_to",
    "services_visible_to",
    "shelter_history_of",
    "shelter_history_visible_to",
    "staff_org",
    "staff_visible_to",
    "stays_of",
    "stays_visible_to",
    "stigma_incident_grounds_visible_to",
    "stigma_incidents_counted_for",
    "stigma_incidents_of",
    "stigma_incidents_visible_to",
    "street_contacts_of",
    "street_contacts_visible_to",
    "teams_for_worklist",
    "teams_visible_to",
    "tenancies_of",
    "tenancies_visible_to",
    "tenancies_writable_by",
    "turnaways_visible_to",
    "two_factor_required",
    "two_factor_verified",
    "units_kept_by",
    "units_visible_to",
    "visible_among",
    "visit_assignments_visible_to",
]
