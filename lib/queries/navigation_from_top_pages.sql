-- Navigation: for the ten most viewed pages of each site, where visitors went next (generalized
-- rows such as `/blog/(other)` are not pages and are left out of the top ten).
WITH top_pages AS (
  SELECT site, path, page_views
  FROM (
    SELECT site, path, SUM(page_views) AS page_views,
           ROW_NUMBER() OVER (PARTITION BY site ORDER BY SUM(page_views) DESC, path) AS page_rank
    FROM pages_daily
    WHERE path <> '(other)' AND path NOT LIKE '%/(other)'
    GROUP BY site, path
  ) ranked
  WHERE page_rank <= 10
)
SELECT t.site, t.from_path, t.to_path, SUM(t.count) AS transitions, MAX(p.page_views) AS from_page_views
FROM transitions_daily t
JOIN top_pages p ON p.site = t.site AND p.path = t.from_path
GROUP BY t.site, t.from_path, t.to_path
ORDER BY t.site, from_page_views DESC, t.from_path, transitions DESC, t.to_path
LIMIT 100
