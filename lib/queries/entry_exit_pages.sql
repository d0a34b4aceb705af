-- Entry and exit pages: where sessions start and end, and the share of a page's views that leave.
SELECT site, path,
       SUM(entries) AS entries,
       SUM(exits) AS exits,
       SUM(page_views) AS page_views,
       ROUND(100.0 * SUM(exits) / SUM(page_views), 1) AS exit_rate_pct
FROM pages_daily
WHERE path <> '(other)' AND path NOT LIKE '%/(other)'
GROUP BY site, path
ORDER BY entries DESC, site, path
LIMIT 50
