"""The default acuity instrument, written for Parcours (it is not the
VI-SPDAT or the SPDAT and uses none of their text): seven domains of two
questions, each answer scored 0 to 3, total 0 to 42, three bands."""

from typing import Any

from django.db import migrations

CODE = "parcours-acuity-v1"

ANSWERS = {
    "none": ("No", "Non", 0),
    "some": ("A little, or in the past", "Un peu, ou dans le passé", 1),
    "often": ("Often", "Souvent", 2),
    "severe": (
        "Most of the time, or it puts them at risk",
        "La plupart du temps, ou cela met la personne à risque",
        3,
    ),
}

COUNTS = {
    "0": ("None", "Aucune", 0),
    "1": ("Once", "Une fois", 1),
    "2-3": ("Two or three times", "Deux ou trois fois", 2),
    "4+": ("Four times or more", "Quatre fois ou plus", 3),
}

# (code, English, French, [(question code, English, French, answer set)])
DOMAINS: list[tuple[str, str, str, list[tuple[str, str, str, dict[str, tuple[str, str, int]]]]]] = [
    (
        "mental_health",
        "Mental health",
        "Santé mentale",
        [
            (
                "mh_daily",
                "Do worries, low mood or voices get in the way of daily life?",
                "Les inquiétudes, la déprime ou des voix nuisent-elles à la vie de tous les jours?",
                ANSWERS,
            ),
            (
                "mh_care",
                "Has the person gone without mental-health care they needed?",
                "La personne a-t-elle manqué de soins en santé mentale dont elle avait besoin?",
                ANSWERS,
            ),
        ],
    ),
    (
        "substance_use",
        "Substance use",
        "Consommation de substances",
        [
            (
                "su_harm",
                "Does alcohol or drug use cause problems with health, money or housing?",
                "La consommation d'alcool ou de drogues cause-t-elle des problèmes de santé, d'argent ou de logement?",
                ANSWERS,
            ),
            (
                "su_overdose",
                "Overdoses or withdrawal needing help in the last 6 months?",
                "Surdoses ou sevrages ayant demandé de l'aide au cours des 6 derniers mois?",
                COUNTS,
            ),
        ],
    ),
    (
        "physical_health",
        "Physical health",
        "Santé physique",
        [
            (
                "ph_condition",
                "Does a health condition (chronic illness, pain, injury) limit the person?",
                "Un problème de santé (maladie chronique, douleur, blessure) limite-t-il la personne?",
                ANSWERS,
            ),
            (
                "ph_meds",
                "Does the person have trouble getting or taking their medication?",
                "La personne a-t-elle du mal à obtenir ou à prendre ses médicaments?",
                ANSWERS,
            ),
        ],
    ),
    (
        "emergency",
        "Emergency, hospital and police contacts (last 6 months)",
        "Urgences, hôpital et police (6 derniers mois)",
        [
            (
                "em_er",
                "Visits to an emergency department or hospital stays",
                "Visites à l'urgence ou séjours à l'hôpital",
                COUNTS,
            ),
            (
                "em_police",
                "Contacts with police, arrests or nights in jail",
                "Contacts avec la police, arrestations ou nuits en détention",
                COUNTS,
            ),
        ],
    ),
    (
        "housing_history",
        "Housing history",
        "Antécédents de logement",
        [
            (
                "hh_length",
                "How long has the person been without a stable home?",
                "Depuis combien de temps la personne est-elle sans logement stable?",
                {
                    "lt3m": ("Less than 3 months", "Moins de 3 mois", 0),
                    "3-12m": ("3 to 12 months", "De 3 à 12 mois", 1),
                    "1-3y": ("1 to 3 years", "De 1 à 3 ans", 2),
                    "3y+": ("More than 3 years", "Plus de 3 ans", 3),
                },
            ),
            (
                "hh_lost",
                "Housing lost in the last 3 years (evictions, leaving a place)",
                "Logements perdus au cours des 3 dernières années (expulsions, départs)",
                COUNTS,
            ),
        ],
    ),
    (
        "daily_living",
        "Daily living",
        "Vie quotidienne",
        [
            (
                "dl_basics",
                "Does the person need help with meals, hygiene or keeping a place?",
                "La personne a-t-elle besoin d'aide pour les repas, l'hygiène ou l'entretien d'un logement?",
                ANSWERS,
            ),
            (
                "dl_money",
                "Does the person run out of money before the end of the month?",
                "La personne manque-t-elle d'argent avant la fin du mois?",
                ANSWERS,
            ),
        ],
    ),
    (
        "social_supports",
        "Social supports",
        "Soutiens sociaux",
        [
            (
                "ss_people",
                "Is the person without anyone to count on (family, friends)?",
                "La personne est-elle sans personne sur qui compter (famille, amis)?",
                ANSWERS,
            ),
            (
                "ss_unsafe",
                "Are there people in the person's life who exploit or hurt them?",
                "Y a-t-il dans la vie de la personne des gens qui l'exploitent ou lui font du mal?",
                ANSWERS,
            ),
        ],
    ),
]

BANDS = [
    (
        0,
        13,
        "brief",
        "Lower acuity",
        "Acuité faible",
        "Needs are few or well supported: brief support, or the regular services of the community, is likely enough.",
        "Les besoins sont peu nombreux ou bien soutenus : un soutien bref ou les services réguliers de la communauté devraient suffire.",
    ),
    (
        14,
        26,
        "icm",
        "Moderate acuity",
        "Acuité modérée",
        "Several domains need support: an individual case manager (ICM) who brokers regular services is recommended.",
        "Plusieurs domaines demandent du soutien : un gestionnaire de cas (GCG) qui fait le lien avec les services réguliers est recommandé.",
    ),
    (
        27,
        42,
        "act",
        "High acuity",
        "Acuité élevée",
        "Needs are high in several domains, with frequent crises: a multidisciplinary team available 24/7 (ACT) is recommended.",
        "Les besoins sont élevés dans plusieurs domaines, avec des crises fréquentes : une équipe multidisciplinaire disponible 24 h sur 24 (SIM) est recommandée.",
    ),
]


def install(apps: Any, schema_editor: Any) -> None:
    Instrument = apps.get_model("casework", "AssessmentInstrument")
    Domain = apps.get_model("casework", "InstrumentDomain")
    Question = apps.get_model("casework", "InstrumentQuestion")
    Answer = apps.get_model("casework", "InstrumentAnswer")
    Band = apps.get_model("casework", "InstrumentBand")
    if Instrument.objects.filter(code=CODE).exists():
        return
    instrument = Instrument.objects.create(
        code=CODE,
        name_en="Parcours acuity screen",
        name_fr="Grille d'acuité Parcours",
        description_en=(
            "A short screen of seven domains, asked with the person. Each answer scores 0 to 3; "
            "the total (0 to 42) suggests a level of service. The worker decides with the person."
        ),
        description_fr=(
            "Une courte grille de sept domaines, remplie avec la personne. Chaque réponse vaut "
            "de 0 à 3; le total (de 0 à 42) suggère un niveau de service. L'intervenant décide "
            "avec la personne."
        ),
        reassess_after_days=180,
    )
    for d_order, (d_code, d_en, d_fr, questions) in enumerate(DOMAINS, start=1):
        domain = Domain.objects.create(
            instrument=instrument, code=d_code, name_en=d_en, name_fr=d_fr, sort_order=d_order
        )
        for q_order, (q_code, q_en, q_fr, answers) in enumerate(questions, start=1):
            question = Question.objects.create(
                domain=domain, code=q_code, text_en=q_en, text_fr=q_fr, sort_order=q_order
            )
            for a_order, (a_code, (a_en, a_fr, score)) in enumerate(answers.items(), start=1):
                Answer.objects.create(
                    question=question,
                    code=a_code,
                    text_en=a_en,
                    text_fr=a_fr,
                    score=score,
                    sort_order=a_order,
                )
    for low, high, level, name_en, name_fr, expl_en, expl_fr in BANDS:
        Band.objects.create(
            instrument=instrument,
            min_score=low,
            max_score=high,
            recommendation=level,
            name_en=name_en,
            name_fr=name_fr,
            explanation_en=expl_en,
            explanation_fr=expl_fr,
        )


def uninstall(apps: Any, schema_editor: Any) -> None:
    Instrument = apps.get_model("casework", "AssessmentInstrument")
    Assessment = apps.get_model("casework", "Assessment")
    instrument = Instrument.objects.filter(code=CODE).first()
    if instrument is not None and not Assessment.objects.filter(instrument=instrument).exists():
        instrument.delete()


class Migration(migrations.Migration):
    dependencies = [("casework", "0004_acuity_assessments")]

    operations = [migrations.RunPython(install, uninstall)]
