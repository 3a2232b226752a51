"""The directory demo: about sixty services across the network's partners,
mainstream programs and outside services; every referral-taking partner
program and every shelter site has its service; seeding again adds nothing;
the directory goes out as an HSDS package and comes back the same."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings

from parcours.accounts.models import Program
from parcours.beds.models import Site
from parcours.coordination.hsds import hsds_export, hsds_import
from parcours.coordination.models import DirectoryOrganization, Location, Service, ServiceAtLocation
from parcours.demo.beds import _Seeder as BedsSeeder
from parcours.demo.coordination import directory as demo
from parcours.demo.network import seed_network


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    fast_hashing = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    with django_db_blocker.unblock(), fast_hashing, transaction.atomic():
        seed_network(seed=2026)
        BedsSeeder(2026).build_sites()
        yield demo.seed(2026)
        transaction.set_rollback(True)


def test_about_sixty_services(seeded, db):
    assert "Service directory:" in seeded
    assert 55 <= Service.objects.count() <= 70
    assert DirectoryOrganization.objects.filter(partner__isnull=False).count() == 17
    mainstream = set(Service.objects.filter(is_mainstream=True).values_list("name", flat=True))
    assert {
        "Ontario Works",
        "Ontario Disability Support Program (ODSP)",
        "Registre du logement social",
    } <= mainstream
    assert not Service.objects.filter(
        is_mainstream=True, organization__partner__isnull=False
    ).exists()
    assert (
        Service.objects.filter(is_mainstream=False, organization__partner__isnull=True).count()
        >= 10
    )


def test_every_referral_taking_program_and_every_site_has_its_service(seeded, db):
    kinds = ["icm", "act", "cti", "housing", "clinical", "complementary"]
    programs = Program.objects.filter(kind__in=kinds, organization__is_partner=True)
    assert programs.count() > 10
    for program in programs:
        assert program.directory_services.exists(), program.name
    for site in Site.objects.all():
        assert site.directory_services.exists(), site.name


def test_bilingual_names_languages_and_fictional_contacts(seeded, db):
    assert Service.objects.exclude(alternate_name="").count() >= 40
    languages = {
        code for codes in Service.objects.values_list("languages", flat=True) for code in codes
    }
    assert {"fr", "en", "ar", "cr"} <= languages
    for service in Service.objects.all():
        assert "555-01" in service.phone, service.phone
        assert service.email.endswith(".example") and ".example" in service.url
    assert ServiceAtLocation.objects.count() >= Service.objects.count()


def test_seeding_again_adds_nothing(seeded, db):
    before = Service.objects.count()
    assert "0 added this time" in demo.seed(2026)
    assert Service.objects.count() == before


def test_the_demo_directory_goes_out_and_comes_back_the_same(seeded, db, tmp_path: Path):
    first = tmp_path / "first"
    hsds_export(first)
    ServiceAtLocation.objects.all().delete()
    Service.objects.all().delete()
    Location.objects.all().delete()
    DirectoryOrganization.objects.all().delete()
    result = hsds_import(first)
    assert result.ok, result.errors[:5]
    second = tmp_path / "second"
    hsds_export(second)
    for path in sorted(first.iterdir()):
        assert path.read_text(encoding="utf-8") == (second / path.name).read_text(
            encoding="utf-8"
        ), path.name
