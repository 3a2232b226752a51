"""The bilingual reference lists of the client record. Every list offers
"prefers not to answer"; administrators may add options in the admin site."""

from django.db import migrations

PREFER_NOT = ("prefer_not_to_answer", "Prefers not to answer", "Préfère ne pas répondre")
UNKNOWN = ("unknown", "Unknown", "Inconnu")

LISTS = {
    "gender_identity": [
        ("woman", "Woman", "Femme"),
        ("man", "Man", "Homme"),
        ("trans_woman", "Trans woman", "Femme trans"),
        ("trans_man", "Trans man", "Homme trans"),
        ("non_binary", "Non-binary", "Non binaire"),
        ("two_spirit", "Two-Spirit", "Bispirituel·le"),
        ("other", "Another gender identity", "Autre identité de genre"),
        UNKNOWN,
        PREFER_NOT,
    ],
    "sexual_orientation": [
        ("heterosexual", "Heterosexual", "Hétérosexuel·le"),
        ("gay", "Gay", "Gai"),
        ("lesbian", "Lesbian", "Lesbienne"),
        ("bisexual", "Bisexual", "Bisexuel·le"),
        ("two_spirit", "Two-Spirit", "Bispirituel·le"),
        ("queer", "Queer", "Queer"),
        ("asexual", "Asexual", "Asexuel·le"),
        ("other", "Another orientation", "Autre orientation"),
        UNKNOWN,
        PREFER_NOT,
    ],
    "indigenous_identity": [
        ("first_nations", "First Nations", "Premières Nations"),
        ("metis", "Métis", "Métis"),
        ("inuit", "Inuit", "Inuit"),
        ("indigenous_ancestry", "Indigenous ancestry", "Ascendance autochtone"),
        ("not_indigenous", "Not Indigenous", "Non autochtone"),
        UNKNOWN,
        PREFER_NOT,
    ],
    "racialized_identity": [
        ("black", "Black", "Noire"),
        ("east_asian", "East Asian", "Asiatique de l'Est"),
        ("south_asian", "South Asian", "Sud-asiatique"),
        ("southeast_asian", "Southeast Asian", "Asiatique du Sud-Est"),
        ("latin_american", "Latin American", "Latino-américaine"),
        ("middle_eastern", "Middle Eastern or North African", "Moyen-orientale ou nord-africaine"),
        ("white", "White", "Blanche"),
        ("multiple", "More than one", "Plus d'une"),
        ("other", "Another identity", "Autre identité"),
        UNKNOWN,
        PREFER_NOT,
    ],
    "citizenship_status": [
        ("canadian_citizen", "Canadian citizen", "Citoyen·ne canadien·ne"),
        ("permanent_resident", "Permanent resident", "Résident·e permanent·e"),
        ("refugee_claimant", "Refugee claimant", "Demandeur·euse d'asile"),
        ("refugee", "Protected person or refugee", "Personne protégée ou réfugiée"),
        ("temporary_resident", "Temporary resident", "Résident·e temporaire"),
        ("no_status", "No status", "Sans statut"),
        UNKNOWN,
        PREFER_NOT,
    ],
    "housing_situation": [
        ("unsheltered", "Unsheltered (street, place not meant for living)", "Sans abri (rue, lieu non conçu pour y vivre)"),
        ("encampment", "Encampment", "Campement"),
        ("emergency_shelter", "Emergency shelter", "Refuge d'urgence"),
        ("transitional_housing", "Transitional housing", "Logement de transition"),
        ("hidden_homelessness", "Staying temporarily with others", "Hébergé·e temporairement chez d'autres"),
        ("institution", "Institution (hospital, treatment, jail)", "Établissement (hôpital, traitement, détention)"),
        ("housed_at_risk", "Housed, at risk of losing it", "Logé·e, à risque de perdre son logement"),
        ("housed", "Housed", "Logé·e"),
        UNKNOWN,
        PREFER_NOT,
    ],
}


def add_options(apps, schema_editor):
    ReferenceOption = apps.get_model("clients", "ReferenceOption")
    for list_name, options in LISTS.items():
        for order, (code, name_en, name_fr) in enumerate(options, start=1):
            ReferenceOption.objects.update_or_create(
                list=list_name,
                code=code,
                defaults={"name_en": name_en, "name_fr": name_fr, "sort_order": order * 10},
            )


def remove_options(apps, schema_editor):
    ReferenceOption = apps.get_model("clients", "ReferenceOption")
    ReferenceOption.objects.filter(list__in=list(LISTS)).delete()


class Migration(migrations.Migration):
    dependencies = [("clients", "0001_client_registry")]
    operations = [migrations.RunPython(add_options, remove_options)]
