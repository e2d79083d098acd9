-- title: 不予公开理由 · Refusal reasons (denied.* totals) by year
SELECT r.year, c.code, l.label_zh, l.label_en, sum(c.value) AS requests, count(c.value) AS reports
FROM report_cells c JOIN reports r ON r.id = c.report JOIN cells l ON l.code = c.code
WHERE c.code GLOB 't3.denied.*.total'
GROUP BY r.year, c.code
ORDER BY r.year DESC, requests DESC
