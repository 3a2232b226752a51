"""The HUD HMIS CSV interchange format (FY2024): its files and columns
(``spec``), a forgiving reader of real exports (``reader``) and the checks
every row passes before anything is written (``validate``)."""
