"""Housing supports: landlords and their relationship log, housing units and
vacancies, unit inspections (the first slice of issue 15)."""
