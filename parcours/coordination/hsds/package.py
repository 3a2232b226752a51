"""What an HSDS 3.0 package holds: its files and columns (the
specification's names), Parcours' taxonomy of flags, and derived ids."""

from __future__ import annotations

import uuid
from decimal import Decimal

# Every id Parcours derives (taxonomy, terms, child rows) is a UUID 5 in this namespace.
NAMESPACE = uuid.UUID("e3dd05fd-aaed-458f-bfcb-ad6f56159017")
TAXONOMY_ID = str(uuid.uuid5(NAMESPACE, "taxonomy:parcours"))

# Parcours' flags, as terms of the "Parcours" taxonomy: code -> (name, description, link_entity).
TERMS: dict[str, tuple[str, str, str]] = {
    "parcours:mainstream": (
        "Mainstream provincial or territorial program",
        "Value true or false: a program open to everyone who qualifies.",
        "service",
    ),
    "parcours:support_type": (
        "Type of support",
        "Value housing, clinical or complementary.",
        "service",
    ),
    "parcours:sub_domain": (
        "Area of support",
        "Value: a Parcours sub-domain code (housing_search, income, addiction…).",
        "service",
    ),
    "parcours:response_days": (
        "Answer expected within (days)",
        "Value: whole days (at least 1) before a referral without an answer is overdue.",
        "service",
    ),
    "parcours:program": (
        "Parcours program receiving referrals",
        "Value: the id of the partner's Parcours program.",
        "service",
    ),
    "parcours:shelter_site": (
        "Parcours shelter site",
        "Value: the id of the Parcours site whose beds a referral may hold.",
        "service",
    ),
    "parcours:partner": (
        "Network partner",
        "Value: the id of the Parcours organization this directory organization is.",
        "organization",
    ),
}


def term_id(code: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"term:{code}"))


def child_id(kind: str, *parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join([kind, *(str(p) for p in parts)])))


# The HSDS 3.0 columns of each file, in the specification's order.
COLUMNS: dict[str, list[str]] = {
    "organizations.csv": [
        "id",
        "name",
        "alternate_name",
        "description",
        "email",
        "website",
        "tax_status",
        "tax_id",
        "year_incorporated",
        "legal_status",
        "logo",
        "uri",
        "parent_organization_id",
    ],
    "services.csv": [
        "id",
        "organization_id",
        "program_id",
        "name",
        "alternate_name",
        "description",
        "url",
        "email",
        "status",
        "interpretation_services",
        "application_process",
        "fees_description",
        "wait_time",
        "fees",
        "accreditations",
        "eligibility_description",
        "minimum_age",
        "maximum_age",
        "assured_date",
        "assurer_email",
        "licenses",
        "alert",
        "last_modified",
    ],
    "locations.csv": [
        "id",
        "location_type",
        "url",
        "organization_id",
        "name",
        "alternate_name",
        "description",
        "transportation",
        "latitude",
        "longitude",
        "external_identifier",
        "external_identifier_type",
    ],
    "service_at_location.csv": ["id", "service_id", "location_id", "description"],
    "addresses.csv": [
        "id",
        "location_id",
        "attention",
        "address_1",
        "address_2",
        "city",
        "region",
        "state_province",
        "postal_code",
        "country",
        "address_type",
    ],
    "phones.csv": [
        "id",
        "location_id",
        "service_id",
        "organization_id",
        "contact_id",
        "service_at_location_id",
        "number",
        "extension",
        "type",
        "description",
    ],
    "languages.csv": ["id", "service_id", "location_id", "phone_id", "name", "code", "note"],
    "schedules.csv": [
        "id",
        "service_id",
        "location_id",
        "service_at_location_id",
        "valid_from",
        "valid_to",
        "dtstart",
        "timezone",
        "until",
        "count",
        "wkst",
        "freq",
        "interval",
        "byday",
        "byweekno",
        "bymonthday",
        "byyearday",
        "description",
        "opens_at",
        "closes_at",
        "schedule_link",
        "attending_type",
        "notes",
    ],
    "service_areas.csv": [
        "id",
        "service_id",
        "name",
        "description",
        "extent",
        "extent_type",
        "uri",
    ],
    "taxonomies.csv": ["id", "name", "description", "uri", "version"],
    "taxonomy_terms.csv": [
        "id",
        "code",
        "name",
        "description",
        "parent_id",
        "taxonomy",
        "language",
        "taxonomy_id",
        "term_uri",
    ],
    "attributes.csv": ["id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value"],
}
# The files an import needs, and the columns it needs in each file it reads.
REQUIRED_FILES = (
    "organizations.csv",
    "services.csv",
    "locations.csv",
    "service_at_location.csv",
)
REQUIRED_COLUMNS: dict[str, list[str]] = {
    "organizations.csv": ["id", "name"],
    "services.csv": ["id", "organization_id", "name", "status"],
    "locations.csv": ["id", "location_type", "name"],
    "service_at_location.csv": ["id", "service_id", "location_id"],
    "addresses.csv": ["id", "location_id"],
    "phones.csv": ["id", "number"],
    "languages.csv": ["id", "service_id", "code"],
    "schedules.csv": ["id", "service_id"],
    "service_areas.csv": ["id", "service_id", "name"],
    "taxonomies.csv": ["id", "name"],
    "taxonomy_terms.csv": ["id", "code", "name"],
    "attributes.csv": ["id", "link_id", "taxonomy_term_id", "link_entity"],
}
LOCATION_TYPES = ("physical", "postal", "virtual")
NUMBER_COLUMNS = {"minimum_age", "maximum_age", "latitude", "longitude"}
FOREIGN_KEYS: dict[str, list[tuple[str, str]]] = {
    "services.csv": [("organization_id", "organization")],
    "locations.csv": [("organization_id", "organization")],
    "service_at_location.csv": [("service_id", "service"), ("location_id", "location")],
    "addresses.csv": [("location_id", "location")],
    "phones.csv": [("service_id", "service"), ("organization_id", "organization")],
    "languages.csv": [("service_id", "service")],
    "schedules.csv": [("service_id", "service")],
    "service_areas.csv": [("service_id", "service")],
    "taxonomy_terms.csv": [("taxonomy_id", "taxonomy")],
    "attributes.csv": [("taxonomy_term_id", "taxonomy_term")],
}
SIX_PLACES = Decimal("0.000001")
