-- title: 机关历年对比 · One agency's reports year by year
-- description: Table 3 and 4 key figures of one agency (its full name, e.g. 淄博市应急管理局) for every year in the archive, oldest first; the agency page /-/agency/<name> shows the same with missing years marked.
SELECT t.report, t.year, r.published, r.layout, r.checks_status,
  t.new AS new_requests, t.carried_over, t.granted, t.partial, t.total AS handled, t.carried_forward,
  f.review_total, f.review_corrected, f.suit_direct_total, f.suit_after_review_total
FROM report_t3_totals t JOIN reports r ON r.id = t.report LEFT JOIN report_t4 f ON f.report = t.report
WHERE t.agency = :agency OR :agency = ''
ORDER BY t.agency, t.year
