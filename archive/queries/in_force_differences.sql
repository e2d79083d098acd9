-- title: 现行有效件数跨年差异 · Regulations in force: year-on-year differences (soft check 6)
SELECT c.report, r.agency, r.year, c.scope, c.lhs AS in_force, c.rhs AS expected, c.diff, c.expr
FROM report_checks c JOIN reports r ON r.id = c.report
WHERE c.check_id = '6' AND c.status = 'fail'
ORDER BY abs(c.diff) DESC
