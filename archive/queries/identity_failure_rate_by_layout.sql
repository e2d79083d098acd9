-- title: 各版式核对未通过率 · Identity-failure rate by layout
SELECT layout, count(*) AS reports, sum(checks_status = 'fail') AS failing,
  round(100.0 * sum(checks_status = 'fail') / count(*), 1) AS fail_pct
FROM reports WHERE checks_status IN ('pass', 'fail')
GROUP BY layout ORDER BY reports DESC
