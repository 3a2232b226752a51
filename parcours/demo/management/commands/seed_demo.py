from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from parcours.demo.beds import seed_beds
from parcours.demo.casework import seed_casework
from parcours.demo.clients import seed_clients
from parcours.demo.community import seed_community
from parcours.demo.coordination import seed_coordination
from parcours.demo.groups import seed_groups
from parcours.demo.households import seed_households
from parcours.demo.housing import seed_housing
from parcours.demo.interop import seed_hmis_import
from parcours.demo.linkage import seed_linkage
from parcours.demo.network import DEMO_PASSWORD, DEMO_TOTP_SECRET, seed_network, seed_new_hire
from parcours.demo.opportunities import seed_opportunities
from parcours.demo.reports import seed_reports
from parcours.demo.reports_exports import seed_exports
from parcours.demo.reports_fidelity import seed_fidelity
from parcours.demo.reports_outcomes import seed_outcomes
from parcours.demo.stigma import seed_stigma


class Command(BaseCommand):
    help = (
        "Load the demo network: 17 partner organizations of a bilingual city, their "
        "programs, teams and staff, three external institutions, and a registry of about "
        "300 clients with their visits, pathways and consent directives. Safe to run "
        "again: it only adds what is missing. Prints the demo logins."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed",
            type=int,
            default=2026,
            help="random seed for the generated parts (same seed, same data)",
        )
        parser.add_argument(
            "--no-clients",
            action="store_true",
            help="load only the network (organizations, programs, teams, staff), no clients",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = seed_network(seed=options["seed"])
        self.stdout.write(
            f"Demo network ready ({result.organizations_created} organizations and "
            f"{result.staff_created} staff accounts added this time)."
        )
        if not options["no_clients"]:
            self.stdout.write(seed_clients(seed=options["seed"]).summary())
            self.stdout.write(seed_linkage().summary())
            self.stdout.write(seed_casework(seed=options["seed"]).summary())
            self.stdout.write(seed_households(seed=options["seed"]).summary())
            self.stdout.write(seed_beds(seed=options["seed"]).summary())
            self.stdout.write(seed_coordination(seed=options["seed"]))
            self.stdout.write(seed_housing(seed=options["seed"]))
            self.stdout.write(seed_reports(seed=options["seed"]))
            self.stdout.write(seed_fidelity(seed=options["seed"]))
            self.stdout.write(seed_outcomes(seed=options["seed"]))
            self.stdout.write(seed_exports())
            # Last: its own random draws shift no other demo data.
            self.stdout.write(seed_community(seed=options["seed"]))
            self.stdout.write(seed_stigma(seed=options["seed"]))
            self.stdout.write(seed_groups(seed=options["seed"]))
            self.stdout.write(seed_opportunities(seed=options["seed"]))
            self.stdout.write(seed_hmis_import(seed=options["seed"]))
        self.stdout.write(seed_new_hire())
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        width = max(len(email) for email, _org, _role in result.logins)
        for email, org, role in result.logins:
            self.stdout.write(f"  {email.ljust(width)}  {role} — {org}")
            if email in result.recovery_codes:
                codes = ", ".join(result.recovery_codes[email][:3])
                self.stdout.write(f"  {''.ljust(width)}  two-factor recovery codes: {codes}")
        secret = " ".join(DEMO_TOTP_SECRET[i : i + 4] for i in range(0, len(DEMO_TOTP_SECRET), 4))
        self.stdout.write("")
        self.stdout.write(
            "Two-factor sign-in (administrators and coordinators, shown with recovery codes):\n"
            "  after the password, Parcours asks for a 6-digit code. Add this demo-only key\n"
            "  once to an authenticator app (FreeOTP, Aegis, Google or Microsoft Authenticator:\n"
            "  “enter a setup key”, time-based, 6 digits, 30 seconds); it serves every demo account:\n"
            f"    {secret}\n"
            "  or type one of the account's recovery codes above instead (each works once).\n"
            "  Other accounts sign in with the password alone."
        )
