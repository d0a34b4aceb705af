-- Top 404s: paths answered "not found", bots included, with the visitors who hit them.
SELECT site, path, SUM(hits) AS hits, SUM(visitors) AS visitor_days
FROM not_found_daily
GROUP BY site, path
ORDER BY hits DESC, site, path
LIMIT 50
