-- title: 缺失年度报告的机关 · Agencies whose report is missing for a year
-- description: Years between an agency's first report and the latest year in the archive with no report of that agency. Give a year, a province (e.g. 山东省) or both to narrow the list; leave them empty for all.
WITH RECURSIVE years(y) AS (
  SELECT min(year) FROM reports UNION ALL SELECT y + 1 FROM years WHERE y < (SELECT max(year) FROM reports)
)
SELECT a.name AS agency, years.y AS year, a.province, a.level, a.last_year AS latest_report, a.source_url
FROM agencies a JOIN years ON years.y BETWEEN a.first_year AND (SELECT max(year) FROM reports)
WHERE NOT EXISTS (SELECT 1 FROM reports r WHERE r.agency = a.name AND r.year = years.y)
  AND (:year = '' OR years.y = cast(:year AS integer))
  AND (:province = '' OR a.province = :province)
ORDER BY a.name, years.y
