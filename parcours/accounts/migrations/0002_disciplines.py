"""The disciplines of a Housing First network, in both languages.

Whether a discipline is clinical is data (``is_clinical``): the access policy
reads it. Administrators may add or change disciplines in the admin site."""

from django.db import migrations

DISCIPLINES = [
    # code, English, French, clinical
    ("intake_worker", "Intake worker", "Intervenant·e à l'accueil", False),
    ("outreach_worker", "Outreach worker", "Intervenant·e de proximité", False),
    ("case_manager", "Case manager", "Gestionnaire de cas", False),
    ("housing_worker", "Housing worker", "Intervenant·e en logement", False),
    ("peer_worker", "Peer worker", "Pair aidant·e", False),
    ("social_worker", "Social worker", "Travailleur·euse social·e", True),
    ("nurse", "Nurse", "Infirmier·ère", True),
    ("physician", "Physician", "Médecin", True),
    ("psychiatrist", "Psychiatrist", "Psychiatre", True),
    ("addiction_specialist", "Addiction specialist", "Spécialiste en toxicomanie", True),
    ("occupational_therapist", "Occupational therapist", "Ergothérapeute", True),
    ("employment_counsellor", "Employment counsellor", "Conseiller·ère en emploi", False),
    ("coordinator", "Program coordinator", "Coordonnateur·trice de programme", False),
    ("administrator", "Administrator", "Administrateur·trice", False),
    ("other", "Other", "Autre", False),
]


def add_disciplines(apps, schema_editor):
    Discipline = apps.get_model("accounts", "Discipline")
    for order, (code, name_en, name_fr, clinical) in enumerate(DISCIPLINES, start=1):
        Discipline.objects.update_or_create(
            code=code,
            defaults={
                "name_en": name_en,
                "name_fr": name_fr,
                "is_clinical": clinical,
                "sort_order": order * 10,
            },
        )


def remove_disciplines(apps, schema_editor):
    Discipline = apps.get_model("accounts", "Discipline")
    Discipline.objects.filter(code__in=[d[0] for d in DISCIPLINES]).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_organizations_programs_staff")]
    operations = [migrations.RunPython(add_disciplines, remove_disciplines)]
