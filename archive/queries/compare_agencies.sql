-- title: 同地区同层级机关对比 · Agencies of one region and level compared, for one year
-- description: Table 3 and 4 key figures of every agency of a province (e.g. 山东省) and level (county, city, department, township...) for one year; leave a field empty to widen. Coverage: how many of the region's agencies of that level have a report that year.
SELECT t.report, t.agency, t.year, a.city, a.county, a.level,
  t.new AS new_requests, t.carried_over, t.granted, t.partial, t.unavailable_not_held AS not_held, t.total AS handled,
  t.carried_forward, f.review_total, f.review_corrected, f.suit_direct_total, f.suit_after_review_total,
  (SELECT count(*) FROM agencies b WHERE (:province = '' OR b.province = :province) AND (:level = '' OR b.level = :level)
     AND (:year = '' OR cast(:year AS integer) BETWEEN b.first_year AND b.last_year)) AS agencies_in_region
FROM report_t3_totals t JOIN agencies a ON a.name = t.agency LEFT JOIN report_t4 f ON f.report = t.report
WHERE (:province = '' OR a.province = :province) AND (:level = '' OR a.level = :level)
  AND (:year = '' OR t.year = cast(:year AS integer))
ORDER BY t.year DESC, new_requests DESC
