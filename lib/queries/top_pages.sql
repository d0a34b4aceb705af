-- Top pages: page views, visitor-days, entries and exits per path (the `(other)` row left out; a
-- generalized row such as `/blog/(other)`, other pages under /blog/ seen by fewer than k visitors
-- each, stays in as what it is).
SELECT site, path,
       SUM(page_views) AS page_views,
       SUM(visitors) AS visitor_days,
       SUM(entries) AS entries,
       SUM(exits) AS exits
FROM pages_daily
WHERE path <> '(other)'
GROUP BY site, path
ORDER BY page_views DESC, site, path
LIMIT 50
