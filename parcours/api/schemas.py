import uuid

from ninja import Schema


class OrganizationOut(Schema):
    id: uuid.UUID
    name: str
    kind: str
    is_partner: bool


class DisciplineOut(Schema):
    code: str
    name: str
    is_clinical: bool


class TeamOut(Schema):
    id: uuid.UUID
    name: str


class ProgramOut(Schema):
    id: uuid.UUID
    name: str
    kind: str
    organization_id: uuid.UUID
    teams: list[TeamOut]


class MembershipOut(Schema):
    id: uuid.UUID
    name: str
    role: str


class MeOut(Schema):
    id: uuid.UUID
    email: str
    given_name: str
    family_name: str
    preferred_language: str
    is_org_admin: bool
    is_superuser: bool
    organization: OrganizationOut | None
    discipline: DisciplineOut | None
    programs: list[MembershipOut]
    teams: list[MembershipOut]
