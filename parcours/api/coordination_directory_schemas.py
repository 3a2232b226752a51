"""Schemas of the service directory's API (HSDS-shaped, with Parcours' flags)."""

import uuid
from typing import Literal

from ninja import Field, Schema

from parcours.casework.models import SubDomain, SupportType
from parcours.coordination.models import DirectoryOrganization, Service, ServiceStatus


class DirectoryServiceFilter(Schema):
    q: str = Field(
        "", max_length=200, description="Words of the need (name, description, eligibility)."
    )
    support_type: SupportType | None = None
    sub_domain: SubDomain | None = None
    language: str | None = Field(
        None, pattern="^[a-z]{2}$", description="An ISO 639-1 code the service is offered in."
    )
    area: str = Field("", max_length=100, description="A neighbourhood, city or region served.")
    reach: Literal["mainstream", "partner", "external"] | None = Field(
        None, description="Mainstream provincial programs, network partners or outside services."
    )
    age: int | None = Field(None, ge=0, le=120, description="Open to a person of this age.")
    include_inactive: bool = Field(False, description="Show services that are not active too.")


class DirectoryOrganizationOut(Schema):
    id: uuid.UUID
    name: str
    alternate_name: str
    description: str
    email: str
    website: str
    phone: str
    is_partner: bool
    partner_id: uuid.UUID | None

    @staticmethod
    def resolve_is_partner(obj: DirectoryOrganization) -> bool:
        return obj.partner_id is not None


class DirectoryOrganizationBriefOut(Schema):
    id: uuid.UUID
    name: str
    is_partner: bool

    @staticmethod
    def resolve_is_partner(obj: DirectoryOrganization) -> bool:
        return obj.partner_id is not None


class DirectoryLocationOut(Schema):
    id: uuid.UUID
    name: str
    address_1: str
    city: str
    region: str
    postal_code: str
    country: str
    latitude: float | None
    longitude: float | None


class DirectoryServiceOut(Schema):
    id: uuid.UUID
    name: str
    alternate_name: str
    organization: DirectoryOrganizationBriefOut
    description: str
    status: ServiceStatus
    support_type: SupportType
    sub_domain: SubDomain
    is_mainstream: bool
    eligibility_description: str
    minimum_age: int | None
    maximum_age: int | None
    languages: list[str]
    service_area: str
    url: str
    email: str
    phone: str


class DirectoryServiceDetailOut(DirectoryServiceOut):
    application_process: str
    fees_description: str
    schedule_description: str
    response_days: int
    program_id: uuid.UUID | None
    program_name: str | None
    shelter_site_id: uuid.UUID | None
    locations: list[DirectoryLocationOut]

    @staticmethod
    def resolve_program_name(obj: Service) -> str | None:
        return obj.program.name if obj.program else None

    @staticmethod
    def resolve_locations(obj: Service) -> list[object]:
        return [link.location for link in obj.at_locations.all()]
