"""The files of an HMIS CSV FY2024 export, as the HUD specification lists
them: each file's columns in order, its primary key, the columns that must
hold a date, a date and time, a whole number or one of a list of codes, and
the columns that point to another file.

Only what the importer and the exporter rely on is typed here; any other
column is kept as text. Codes 8, 9 and 99 are HUD's "client doesn't know",
"client prefers not to answer" and "data not collected": they are answers,
not errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field

CSV_VERSION = "2024"

# The columns every file but Export ends with (User has no UserID).
TRAILER = ("DateCreated", "DateUpdated", "UserID", "DateDeleted", "ExportID")

NOT_COLLECTED = frozenset({8, 9, 99})
YES_NO = frozenset({0, 1})
YES_NO_MISSING = YES_NO | NOT_COLLECTED

# 2.02.6 Project type.
PROJECT_TYPES = frozenset({0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14})
# 3.15.1 Relationship to head of household.
RELATIONSHIPS = frozenset({1, 2, 3, 4, 5, 99})
# 3.12.1 Destination and 3.917 / 4.12 living situations (FY2024 codes).
SITUATIONS = frozenset(
    {101, 116, 118}  # homeless
    | {204, 205, 206, 207, 215, 225}  # institutional
    | {302, 312, 313, 314, 327, 329, 332}  # temporary
    | {410, 411, 421, 422, 423, 426, 435}  # permanent
    | {8, 9, 17, 24, 30, 37, 99}  # other and missing
)
# 1.8 Data quality of a name / a date of birth.
NAME_QUALITY = frozenset({1, 2, 8, 9, 99})
DOB_QUALITY = frozenset({1, 2, 8, 9, 99})
SSN_QUALITY = frozenset({1, 2, 8, 9, 99})


@dataclass(frozen=True)
class FileSpec:
    name: str
    key: str | None
    columns: tuple[str, ...]
    required: frozenset[str] = frozenset()
    dates: frozenset[str] = frozenset()
    datetimes: frozenset[str] = frozenset({"DateCreated", "DateUpdated", "DateDeleted"})
    # column -> allowed codes (None: any whole number)
    codes: dict[str, frozenset[int] | None] = field(default_factory=dict)
    # column -> the file whose key it names
    references: dict[str, str] = field(default_factory=dict)

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"


def _spec(
    name: str,
    key: str | None,
    columns: str,
    *,
    trailer: tuple[str, ...] = TRAILER,
    required: str = "",
    dates: str = "",
    codes: dict[str, frozenset[int] | None] | None = None,
    references: dict[str, str] | None = None,
) -> FileSpec:
    cols = tuple(columns.split()) + trailer
    return FileSpec(
        name=name,
        key=key,
        columns=cols,
        required=frozenset(required.split()) | ({key} if key else set()),
        dates=frozenset(dates.split()),
        codes=codes or {},
        references=references or {},
    )


_PROJECT = {"ProjectID": "Project"}
_ENROLLMENT = {"EnrollmentID": "Enrollment", "PersonalID": "Client"}
_GENDER_RACE = [
    "AmIndAKNative",
    "Asian",
    "BlackAfAmerican",
    "HispanicLatinaeo",
    "MidEastNAfrican",
    "NativeHIPacific",
    "White",
    "Woman",
    "Man",
    "NonBinary",
    "CulturallySpecific",
    "Transgender",
    "Questioning",
    "DifferentIdentity",
]

FILES: dict[str, FileSpec] = {
    spec.name: spec
    for spec in (
        _spec(
            "Export",
            "ExportID",
            "ExportID SourceType SourceID SourceName SourceContactFirst SourceContactLast "
            "SourceContactPhone SourceContactExtension SourceContactEmail ExportDate "
            "ExportStartDate ExportEndDate SoftwareName SoftwareVersion CSVVersion "
            "ExportPeriodType ExportDirective HashStatus ImplementationID",
            trailer=(),
            required="ExportStartDate ExportEndDate",
            dates="ExportStartDate ExportEndDate",
        ),
        _spec(
            "Organization",
            "OrganizationID",
            "OrganizationID OrganizationName VictimServiceProvider OrganizationCommonName",
            required="OrganizationName",
            codes={"VictimServiceProvider": YES_NO},
        ),
        _spec(
            "User",
            "UserID",
            "UserID UserFirstName UserLastName UserPhone UserExtension UserEmail",
            trailer=("DateCreated", "DateUpdated", "DateDeleted", "ExportID"),
        ),
        _spec(
            "Project",
            "ProjectID",
            "ProjectID OrganizationID ProjectName ProjectCommonName OperatingStartDate "
            "OperatingEndDate ContinuumProject ProjectType HousingType RRHSubType "
            "ResidentialAffiliation TargetPopulation HOPWAMedAssistedLivingFac PITCount",
            required="OrganizationID ProjectName OperatingStartDate ProjectType",
            dates="OperatingStartDate OperatingEndDate",
            codes={"ProjectType": PROJECT_TYPES, "ContinuumProject": YES_NO_MISSING},
            references={"OrganizationID": "Organization"},
        ),
        _spec(
            "Funder",
            "FunderID",
            "FunderID ProjectID Funder OtherFunder GrantID StartDate EndDate",
            dates="StartDate EndDate",
            references=_PROJECT,
        ),
        _spec(
            "ProjectCoC",
            "ProjectCoCID",
            "ProjectCoCID ProjectID CoCCode Geocode Address1 Address2 City State ZIP GeographyType",
            references=_PROJECT,
        ),
        _spec(
            "Inventory",
            "InventoryID",
            "InventoryID ProjectID CoCCode HouseholdType Availability UnitInventory "
            "BedInventory CHVetBedInventory YouthVetBedInventory VetBedInventory "
            "CHYouthBedInventory YouthBedInventory CHBedInventory OtherBedInventory ESBedType "
            "InventoryStartDate InventoryEndDate",
            dates="InventoryStartDate InventoryEndDate",
            references=_PROJECT,
        ),
        _spec(
            "Affiliation",
            "AffiliationID",
            "AffiliationID ProjectID ResProjectID",
            references=_PROJECT,
        ),
        _spec(
            "HMISParticipation",
            "HMISParticipationID",
            "HMISParticipationID ProjectID HMISParticipationType "
            "HMISParticipationStatusStartDate HMISParticipationStatusEndDate",
            dates="HMISParticipationStatusStartDate HMISParticipationStatusEndDate",
            references=_PROJECT,
        ),
        _spec(
            "CEParticipation",
            "CEParticipationID",
            "CEParticipationID ProjectID AccessPoint PreventionAssessment CrisisAssessment "
            "HousingAssessment DirectServices ReceivesReferrals CEParticipationStatusStartDate "
            "CEParticipationStatusEndDate",
            dates="CEParticipationStatusStartDate CEParticipationStatusEndDate",
            references=_PROJECT,
        ),
        _spec(
            "Client",
            "PersonalID",
            "PersonalID FirstName MiddleName LastName NameSuffix NameDataQuality SSN "
            "SSNDataQuality DOB DOBDataQuality AmIndAKNative Asian BlackAfAmerican "
            "HispanicLatinaeo MidEastNAfrican NativeHIPacific White RaceNone "
            "AdditionalRaceEthnicity Woman Man NonBinary CulturallySpecific Transgender "
            "Questioning DifferentIdentity GenderNone DifferentIdentityText VeteranStatus "
            "YearEnteredService YearSeparated WorldWarII KoreanWar VietnamWar DesertStorm "
            "AfghanistanOEF IraqOIF IraqOND OtherTheater MilitaryBranch DischargeStatus",
            required="NameDataQuality DOBDataQuality",
            dates="DOB",
            codes={
                "NameDataQuality": NAME_QUALITY,
                "DOBDataQuality": DOB_QUALITY,
                "SSNDataQuality": SSN_QUALITY,
                "VeteranStatus": YES_NO_MISSING,
                "RaceNone": NOT_COLLECTED,
                "GenderNone": NOT_COLLECTED,
                **dict.fromkeys(_GENDER_RACE, YES_NO),
            },
        ),
        _spec(
            "Enrollment",
            "EnrollmentID",
            "EnrollmentID PersonalID ProjectID EntryDate HouseholdID RelationshipToHoH "
            "EnrollmentCoC LivingSituation RentalSubsidyType LengthOfStay LOSUnderThreshold "
            "PreviousStreetESSH DateToStreetESSH TimesHomelessPastThreeYears "
            "MonthsHomelessPastThreeYears DisablingCondition DateOfEngagement MoveInDate "
            "DateOfPATHStatus ClientEnrolledInPATH ReasonNotEnrolled PercentAMI ReferralSource "
            "CountOutreachReferralApproaches DateOfBCPStatus EligibleForRHY ReasonNoServices "
            "RunawayYouth SexualOrientation SexualOrientationOther FormerWardChildWelfare "
            "ChildWelfareYears ChildWelfareMonths FormerWardJuvenileJustice "
            "JuvenileJusticeYears JuvenileJusticeMonths UnemploymentFam "
            "MentalHealthDisorderFam PhysicalDisabilityFam AlcoholDrugUseDisorderFam "
            "InsufficientIncome IncarceratedParent VAMCStation TargetScreenReqd "
            "TimeToHousingLoss AnnualPercentAMI LiteralHomelessHistory ClientLeaseholder "
            "HOHLeaseholder SubsidyAtRisk EvictionHistory CriminalRecord IncarceratedAdult "
            "PrisonDischarge SexOffender DisabledHoH CurrentPregnant SingleParent "
            "DependentUnder6 HH5Plus CoCPrioritized HPScreeningScore ThresholdScore "
            "TranslationNeeded PreferredLanguage PreferredLanguageDifferent",
            required="PersonalID ProjectID EntryDate HouseholdID",
            dates="EntryDate DateToStreetESSH DateOfEngagement MoveInDate DateOfPATHStatus "
            "DateOfBCPStatus",
            codes={
                "RelationshipToHoH": RELATIONSHIPS,
                "LivingSituation": SITUATIONS,
                "DisablingCondition": YES_NO_MISSING,
            },
            references={"PersonalID": "Client", "ProjectID": "Project"},
        ),
        _spec(
            "Exit",
            "ExitID",
            "ExitID EnrollmentID PersonalID ExitDate Destination DestinationSubsidyType "
            "OtherDestination HousingAssessment SubsidyInformation ProjectCompletionStatus "
            "EarlyExitReason ExchangeForSex ExchangeForSexPastThreeMonths CountOfExchangeForSex "
            "AskedOrForcedToExchangeForSex AskedOrForcedToExchangeForSexPastThreeMonths "
            "WorkplaceViolenceThreats WorkplacePromiseDifference CoercedToContinueWork "
            "LaborExploitPastThreeMonths CounselingReceived IndividualCounseling "
            "FamilyCounseling GroupCounseling SessionCountAtExit PostExitCounselingPlan "
            "SessionsInPlan DestinationSafeClient DestinationSafeWorker PosAdultConnections "
            "PosPeerConnections PosCommunityConnections AftercareDate AftercareProvided "
            "EmailSocialMedia Telephone InPersonIndividual InPersonGroup CMExitReason",
            required="EnrollmentID PersonalID ExitDate Destination",
            dates="ExitDate AftercareDate",
            codes={"Destination": SITUATIONS},
            references=_ENROLLMENT,
        ),
        _spec(
            "IncomeBenefits",
            "IncomeBenefitsID",
            "IncomeBenefitsID EnrollmentID PersonalID InformationDate IncomeFromAnySource "
            "TotalMonthlyIncome DataCollectionStage",
            dates="InformationDate",
            references=_ENROLLMENT,
        ),
        _spec(
            "HealthAndDV",
            "HealthAndDVID",
            "HealthAndDVID EnrollmentID PersonalID InformationDate DomesticViolenceSurvivor "
            "WhenOccurred CurrentlyFleeing GeneralHealthStatus DentalHealthStatus "
            "MentalHealthStatus PregnancyStatus DueDate DataCollectionStage",
            dates="InformationDate DueDate",
            references=_ENROLLMENT,
        ),
        _spec(
            "EmploymentEducation",
            "EmploymentEducationID",
            "EmploymentEducationID EnrollmentID PersonalID InformationDate "
            "LastGradeCompleted SchoolStatus Employed EmploymentType NotEmployedReason "
            "DataCollectionStage",
            dates="InformationDate",
            references=_ENROLLMENT,
        ),
        _spec(
            "Disabilities",
            "DisabilitiesID",
            "DisabilitiesID EnrollmentID PersonalID InformationDate DisabilityType "
            "DisabilityResponse IndefiniteAndImpairs DataCollectionStage",
            dates="InformationDate",
            references=_ENROLLMENT,
        ),
        _spec(
            "Services",
            "ServicesID",
            "ServicesID EnrollmentID PersonalID DateProvided RecordType TypeProvided "
            "OtherTypeProvided MovingOnOtherType SubTypeProvided FAAmount FAStartDate "
            "FAEndDate ReferralOutcome",
            required="EnrollmentID PersonalID DateProvided RecordType TypeProvided",
            dates="DateProvided FAStartDate FAEndDate",
            codes={"RecordType": None, "TypeProvided": None},
            references=_ENROLLMENT,
        ),
        _spec(
            "CurrentLivingSituation",
            "CurrentLivingSitID",
            "CurrentLivingSitID EnrollmentID PersonalID InformationDate "
            "CurrentLivingSituation CLSSubsidyType VerifiedBy LeaveSituation14Days "
            "SubsequentResidence ResourcesToObtain LeaseOwn60Day MovedTwoOrMore "
            "LocationDetails",
            required="EnrollmentID PersonalID InformationDate CurrentLivingSituation",
            dates="InformationDate",
            codes={"CurrentLivingSituation": SITUATIONS},
            references=_ENROLLMENT,
        ),
        _spec(
            "Assessment",
            "AssessmentID",
            "AssessmentID EnrollmentID PersonalID AssessmentDate AssessmentLocation "
            "AssessmentType AssessmentLevel PrioritizationStatus",
            required="EnrollmentID PersonalID AssessmentDate",
            dates="AssessmentDate",
            codes={
                "AssessmentType": frozenset({1, 2, 3}),
                "AssessmentLevel": frozenset({1, 2}),
                "PrioritizationStatus": frozenset({1, 2}),
            },
            references=_ENROLLMENT,
        ),
        _spec(
            "AssessmentQuestions",
            "AssessmentQuestionID",
            "AssessmentQuestionID AssessmentID EnrollmentID PersonalID AssessmentQuestionGroup "
            "AssessmentQuestionOrder AssessmentQuestion AssessmentAnswer",
            references={"AssessmentID": "Assessment", **_ENROLLMENT},
        ),
        _spec(
            "AssessmentResults",
            "AssessmentResultID",
            "AssessmentResultID AssessmentID EnrollmentID PersonalID AssessmentResultType "
            "AssessmentResult",
            references={"AssessmentID": "Assessment", **_ENROLLMENT},
        ),
        _spec(
            "Event",
            "EventID",
            "EventID EnrollmentID PersonalID EventDate Event ProbSolDivRRResult "
            "ReferralCaseManageAfter LocationCrisisOrPHHousing ReferralResult ResultDate",
            required="EnrollmentID PersonalID EventDate Event",
            dates="EventDate ResultDate",
            codes={"Event": frozenset(range(1, 19)), "ReferralResult": frozenset({1, 2, 3})},
            references=_ENROLLMENT,
        ),
        _spec(
            "YouthEducationStatus",
            "YouthEducationStatusID",
            "YouthEducationStatusID EnrollmentID PersonalID InformationDate "
            "CurrentSchoolAttend MostRecentEdStatus CurrentEdStatus DataCollectionStage",
            dates="InformationDate",
            references=_ENROLLMENT,
        ),
    )
}

# The order files are read in: a file only points to files read before it.
ORDER = tuple(FILES)
