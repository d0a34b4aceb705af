-- pages_daily: page views per generalized path, with the sessions that entered and left the site
-- there and the distinct visitors who viewed it. k-anonymity: a path seen by fewer than {{k}}
-- visitors is counted in the site's `(other)` row, whose visitors are the distinct visitors of the
-- paths folded into it, so every page view is counted in exactly one row.
WITH per_path AS (
  SELECT dt, site, path, count(DISTINCT visitor_id) AS visitors
  FROM page_views
  GROUP BY dt, site, path
)
SELECT
  v.dt, v.site,
  CASE WHEN p.visitors >= {{k}} THEN v.path ELSE '(other)' END AS path,
  count(*) AS page_views,
  count(DISTINCT v.visitor_id) AS visitors,
  count(CASE WHEN v.position = 1 THEN 1 END) AS entries,
  count(CASE WHEN v.position = v.session_page_views THEN 1 END) AS exits
FROM page_views v
JOIN per_path p ON p.dt = v.dt AND p.site = v.site AND p.path = v.path
GROUP BY v.dt, v.site, CASE WHEN p.visitors >= {{k}} THEN v.path ELSE '(other)' END
