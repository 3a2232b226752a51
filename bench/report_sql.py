"""Hand-written PostgreSQL for the by-name list's statuses and the monthly flow,
the baseline of ``bench_reports.py``: the same definitions as
``parcours.reports`` (docs/reports.md, docs/beds.md), written as one query.

``STATUSES`` gives, for every person (merged and linked records are one) and
every evaluation date, the housing status, the list status and the
sub-population flags; ``FLOW`` classifies each change between consecutive
dates exactly as ``parcours.reports.flow.classify`` does."""

from __future__ import annotations

# Parameters: %(dates)s (date[] — evaluation days, ascending), %(tz)s (time
# zone name), %(inactive)s (days), %(majority)s (age of majority).
STATUSES = """
WITH
dates AS (SELECT unnest(%(dates)s::date[]) AS d),
bounds AS (SELECT max(d) AS maxd FROM dates),
rec AS (
  SELECT c.id AS cid, COALESCE(pi.person_key, COALESCE(c.linked_to_id, c.id)) AS person
  FROM clients_client c
  LEFT JOIN linkage_personidentity pi ON pi.client_id = COALESCE(c.linked_to_id, c.id)
),
stay AS (
  SELECT s.client_id AS cid, si.kind,
         (s.started_at AT TIME ZONE %(tz)s)::date AS lo,
         (s.ended_at AT TIME ZONE %(tz)s)::date AS hi,
         s.destination
  FROM beds_stay s JOIN beds_site si ON si.id = s.site_id
),
-- Qualifying activities as (person, first day, last day).
act AS (
  SELECT r.person, a.lo, a.hi FROM (
    SELECT client_id AS cid, (occurred_at AT TIME ZONE %(tz)s)::date AS lo,
           (occurred_at AT TIME ZONE %(tz)s)::date AS hi FROM clients_visit
    UNION ALL
    SELECT client_id, (occurred_at AT TIME ZONE %(tz)s)::date,
           (occurred_at AT TIME ZONE %(tz)s)::date FROM casework_encounter
    UNION ALL SELECT client_id, assessed_on, assessed_on FROM casework_assessment
    UNION ALL SELECT client_id, seen_on, seen_on FROM beds_streetcontact
    UNION ALL SELECT cid, lo, COALESCE(hi, 'infinity'::date) FROM stay
    UNION ALL SELECT client_id, start_date, start_date FROM housing_tenancy
    UNION ALL SELECT client_id, end_date, end_date FROM housing_tenancy
      WHERE end_date IS NOT NULL
    UNION ALL SELECT client_id, submitted_on, submitted_on FROM housing_housingapplication
      WHERE submitted_on IS NOT NULL
    UNION ALL SELECT client_id, offered_on, offered_on FROM housing_housingoffer
    UNION ALL SELECT client_id, answered_on, answered_on FROM housing_housingoffer
      WHERE answered_on IS NOT NULL
  ) a JOIN rec r ON r.cid = a.cid
),
act_days AS (SELECT DISTINCT person, lo, hi FROM act),
first AS (
  SELECT person, min(lo) AS first FROM (
    SELECT person, lo FROM act_days
    UNION ALL
    SELECT r.person, e.start_date FROM casework_enrollment e JOIN rec r ON r.cid = e.client_id
    UNION ALL
    SELECT r.person, (f.sent_at AT TIME ZONE %(tz)s)::date
    FROM coordination_referral f JOIN rec r ON r.cid = f.client_id
    WHERE f.sent_at IS NOT NULL
  ) x GROUP BY person
),
known AS (
  SELECT f.person, dd.d, f.first FROM first f JOIN dates dd ON f.first <= dd.d
),
last_act AS (
  SELECT k.person, k.d, LEAST(k.d, max(a.hi)) AS last
  FROM known k JOIN act_days a ON a.person = k.person AND a.lo <= k.d
  GROUP BY k.person, k.d
),
-- Homeless days, record by record: shelter nights and street contacts.
hd AS (
  SELECT DISTINCT cid, day FROM (
    SELECT s.cid, g::date AS day
    FROM stay s, bounds b,
         generate_series(s.lo, GREATEST(COALESCE(s.hi - 1, b.maxd), s.lo), '1 day') g
    WHERE s.kind IN ('emergency_shelter', 'family_shelter')
    UNION ALL
    SELECT client_id, seen_on FROM beds_streetcontact
  ) x
),
hs AS (
  SELECT h.cid, dd.d,
         count(*) FILTER (WHERE h.day > dd.d - 365) AS past_year,
         count(*) AS total, max(h.day) AS last
  FROM hd h JOIN dates dd ON h.day BETWEEN dd.d - 1094 AND dd.d
  GROUP BY h.cid, dd.d
),
open_homeless AS (
  SELECT DISTINCT s.cid, dd.d FROM stay s JOIN dates dd
    ON s.lo <= dd.d AND (s.hi IS NULL OR s.hi > dd.d)
  WHERE s.kind IN ('emergency_shelter', 'family_shelter')
),
housed_stay AS (
  SELECT s.cid, dd.d, max(s.hi) AS housed FROM stay s JOIN dates dd
    ON s.hi <= dd.d AND s.hi >= dd.d - 1094
  WHERE s.destination = 'permanent_housing'
  GROUP BY s.cid, dd.d
),
excluded AS (
  SELECT DISTINCT ON (s.cid, dd.d) s.cid, dd.d, s.lo AS entry FROM stay s JOIN dates dd
    ON s.lo <= dd.d AND (s.hi IS NULL OR s.hi > dd.d)
  WHERE s.kind IN ('transitional', 'treatment', 'respite', 'other')
  ORDER BY s.cid, dd.d, s.lo DESC
),
entry_days AS (
  SELECT e.cid, e.d,
         max(h.day) AS last_before,
         count(*) FILTER (WHERE h.day >= e.entry - 365) AS year_before,
         count(*) AS before
  FROM excluded e JOIN hd h ON h.cid = e.cid AND h.day < e.entry AND h.day >= e.d - 1094
  GROUP BY e.cid, e.d
),
chronic AS (
  SELECT r.cid, dd.d,
    hs.last,
    (oh.cid IS NOT NULL OR (ex.cid IS NULL AND hs.last IS NOT NULL AND dd.d - hs.last <= 30
       AND NOT COALESCE(hst.housed >= hs.last, false))) AS currently,
    hs.past_year, hs.total, ex.entry,
    COALESCE(hst.housed >= hs.last, false) AS housed_after_last,
    ed.last_before, ed.year_before, ed.before
  FROM rec r CROSS JOIN dates dd
  LEFT JOIN hs ON hs.cid = r.cid AND hs.d = dd.d
  LEFT JOIN open_homeless oh ON oh.cid = r.cid AND oh.d = dd.d
  LEFT JOIN housed_stay hst ON hst.cid = r.cid AND hst.d = dd.d
  LEFT JOIN excluded ex ON ex.cid = r.cid AND ex.d = dd.d
  LEFT JOIN entry_days ed ON ed.cid = r.cid AND ed.d = dd.d
  WHERE hs.cid IS NOT NULL OR oh.cid IS NOT NULL OR ex.cid IS NOT NULL
),
chronic_rec AS (
  SELECT cid, d, last, currently,
    (currently AND (past_year >= 180 OR total >= 546))
    OR (entry IS NOT NULL AND NOT housed_after_last AND last_before IS NOT NULL
        AND entry - last_before <= 30 AND (year_before >= 180 OR before >= 546)) AS chronic
  FROM chronic
),
chronic_person AS (
  SELECT r.person, c.d, bool_or(c.chronic) AS chronic, bool_or(c.currently) AS currently,
         max(c.last) AS last_homeless
  FROM chronic_rec c JOIN rec r ON r.cid = c.cid GROUP BY r.person, c.d
),
tenancy AS (
  SELECT r.person, t.start_date AS lo, COALESCE(t.end_date, 'infinity'::date) AS hi,
         t.end_date, t.end_reason
  FROM housing_tenancy t JOIN rec r ON r.cid = t.client_id
),
housed_on AS (
  SELECT r.person, s.hi AS day FROM stay s JOIN rec r ON r.cid = s.cid
  WHERE s.hi IS NOT NULL AND s.destination = 'permanent_housing'
  UNION ALL
  SELECT person, end_date FROM tenancy WHERE end_reason = 'better_housing'
),
housed_max AS (
  SELECT k.person, k.d, max(h.day) AS housed
  FROM known k JOIN housed_on h ON h.person = k.person AND h.day <= k.d
  GROUP BY k.person, k.d
),
in_tenancy AS (
  SELECT DISTINCT k.person, k.d FROM known k JOIN tenancy t
    ON t.person = k.person AND t.lo <= k.d AND k.d < t.hi
),
in_transitional AS (
  SELECT DISTINCT k.person, k.d FROM known k JOIN rec r ON r.person = k.person
  JOIN stay s ON s.cid = r.cid AND s.kind = 'transitional'
    AND s.lo <= k.d AND k.d < COALESCE(s.hi, 'infinity'::date)
),
person_info AS (
  SELECT r.person,
    bool_or(o.code IN ('first_nations', 'metis', 'inuit', 'indigenous_ancestry'))
      AS indigenous,
    max(c.date_of_birth) AS born, max(c.birth_year) AS birth_year
  FROM rec r JOIN clients_client c ON c.id = r.cid
  LEFT JOIN clients_referenceoption o ON o.id = c.indigenous_identity_id
  GROUP BY r.person
),
member AS (
  SELECT m.household_id, m.client_id, dd.d, c.date_of_birth, c.birth_year
  FROM households_householdmembership m JOIN dates dd
    ON m.joined_on <= dd.d AND (m.left_on IS NULL OR m.left_on > dd.d)
  JOIN clients_client c ON c.id = m.client_id
),
with_child AS (
  SELECT DISTINCT household_id, d FROM member k
  WHERE (k.date_of_birth IS NOT NULL
         AND k.date_of_birth > (k.d - make_interval(years => %(majority)s))::date)
     OR (k.date_of_birth IS NULL AND k.birth_year > extract(year FROM k.d) - %(majority)s)
),
family AS (
  SELECT DISTINCT r.person, m.d FROM member m
  JOIN with_child w ON w.household_id = m.household_id AND w.d = m.d
  JOIN rec r ON r.cid = m.client_id
)
SELECT k.person, k.d, s.housing,
  CASE WHEN s.housing = 'housed' THEN 'housed'
       WHEN la.last IS NOT NULL AND k.d - la.last <= %(inactive)s THEN 'active'
       ELSE 'inactive' END AS list_status,
  CASE WHEN la.last IS NOT NULL AND k.d - la.last <= %(inactive)s
       THEN 'active' ELSE 'inactive' END AS activity,
  COALESCE(cp.chronic, false) AS chronic,
  COALESCE(pi.indigenous, false) AS indigenous,
  COALESCE(CASE
    WHEN pi.born IS NOT NULL THEN date_part('year', age(k.d, pi.born)) BETWEEN 16 AND 24
    WHEN pi.birth_year IS NOT NULL
      THEN GREATEST(extract(year FROM k.d) - pi.birth_year - 1, 0) BETWEEN 16 AND 24
  END, false) AS youth,
  fa.person IS NOT NULL AS family
FROM known k
LEFT JOIN last_act la ON la.person = k.person AND la.d = k.d
LEFT JOIN chronic_person cp ON cp.person = k.person AND cp.d = k.d
LEFT JOIN housed_max hm ON hm.person = k.person AND hm.d = k.d
LEFT JOIN in_tenancy it ON it.person = k.person AND it.d = k.d
LEFT JOIN in_transitional tr ON tr.person = k.person AND tr.d = k.d
LEFT JOIN person_info pi ON pi.person = k.person
LEFT JOIN family fa ON fa.person = k.person AND fa.d = k.d
CROSS JOIN LATERAL (SELECT CASE
  WHEN it.person IS NOT NULL THEN 'housed'
  WHEN tr.person IS NOT NULL THEN 'transitional'
  WHEN cp.chronic THEN 'chronic'
  WHEN cp.currently THEN 'homeless'
  WHEN hm.housed IS NOT NULL AND (cp.last_homeless IS NULL OR cp.last_homeless < hm.housed)
    THEN 'housed'
  ELSE 'unknown' END AS housing) s
"""

# The by-name list's counts on one date (a coordinator's: the whole network).
COUNTS = f"""
WITH st AS ({STATUSES})
SELECT 'housing', housing, count(*) FROM st GROUP BY housing
UNION ALL SELECT 'activity', activity, count(*) FROM st GROUP BY activity
UNION ALL SELECT 'status', list_status, count(*) FROM st GROUP BY list_status
"""

# The monthly flow: dates are the end of the month before the first, then
# each month's evaluation day. One row per (population, month index,
# category) with its count; category 'active' is Active(M). A person is
# known from their first contact on, so their rows are consecutive dates and
# the row before (LAG) is the month before.
FLOW = f"""
WITH st AS ({STATUSES}),
idx AS (SELECT d, row_number() OVER (ORDER BY d) - 1 AS i FROM unnest(%(dates)s::date[]) d),
flags AS (
  SELECT st.person, idx.i, st.list_status,
    ARRAY[st.list_status = 'active', st.list_status = 'active' AND st.chronic,
          st.list_status = 'active' AND st.indigenous, st.list_status = 'active' AND st.youth,
          st.list_status = 'active' AND st.family] AS now
  FROM st JOIN idx ON idx.d = st.d
),
seq AS (
  SELECT person, i, list_status AS after, now,
    lag(list_status) OVER w AS before, lag(now) OVER w AS was
  FROM flags WINDOW w AS (PARTITION BY person ORDER BY i)
),
pop AS (
  SELECT * FROM unnest(ARRAY['all', 'chronic', 'indigenous', 'youth', 'family'])
    WITH ORDINALITY AS x(p, k)
),
pairs AS (
  SELECT pop.p, s.i, s.before, s.after, COALESCE(s.was[pop.k], false) AS was, s.now[pop.k] AS now
  FROM seq s CROSS JOIN pop
)
SELECT p, i, CASE
    WHEN now AND before IS NULL THEN 'newly_identified'
    WHEN now AND before = 'active' THEN 'aged_in'
    WHEN now AND before = 'housed' THEN 'returned_from_housing'
    WHEN now THEN 'returned_from_inactive'
    WHEN after = 'inactive' THEN 'moved_to_inactive'
    WHEN after = 'housed' THEN 'moved_to_housing'
    ELSE 'aged_out' END, count(*)
FROM pairs WHERE i > 0 AND was <> now GROUP BY 1, 2, 3
UNION ALL
SELECT p, i, 'active', count(*) FROM pairs WHERE i > 0 AND now GROUP BY p, i
"""

FLOW_CATEGORIES = (
    "newly_identified",
    "returned_from_housing",
    "returned_from_inactive",
    "aged_in",
    "moved_to_housing",
    "moved_to_inactive",
    "aged_out",
)
