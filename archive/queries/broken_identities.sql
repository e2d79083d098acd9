-- title: 未通过核对的报告 · Reports that break an identity
-- description: Every failed identity check (spec checks 1-5 and page/attachment agreement); leave 'check' empty for all, or give a check id (1-5, source_agreement). Soft check 6 is listed by the query in_force_differences.
SELECT c.report, r.agency, r.year, r.layout, c.check_id, k.title_zh AS check_title, c.scope,
  c.lhs, c.rhs, c.diff, c.expr, r.url
FROM report_checks c JOIN reports r ON r.id = c.report JOIN checks k ON k.id = c.check_id
WHERE c.status = 'fail' AND c.soft = 0 AND (:check = '' OR c.check_id = :check)
ORDER BY r.year DESC, c.report, c.check_id, c.scope
