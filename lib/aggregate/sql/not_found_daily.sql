-- not_found_daily: requests answered 404 per generalized path, bots included, with the distinct
-- visitors among its non-bot requests. k-anonymity: a path with fewer than {{k}} such visitors is
-- counted in the site's `(other)` row, whose visitors are the distinct visitors of the paths folded
-- into it.
WITH missing AS (
  SELECT dt, site, path, CASE WHEN bot THEN NULL ELSE visitor_id END AS visitor_id
  FROM hits
  WHERE status = 404
),
per_path AS (
  SELECT dt, site, path, count(DISTINCT visitor_id) AS visitors
  FROM missing
  GROUP BY dt, site, path
)
SELECT
  m.dt, m.site,
  CASE WHEN p.visitors >= {{k}} THEN m.path ELSE '(other)' END AS path,
  count(*) AS hits,
  count(DISTINCT m.visitor_id) AS visitors
FROM missing m
JOIN per_path p ON p.dt = m.dt AND p.site = m.site AND p.path = m.path
GROUP BY m.dt, m.site, CASE WHEN p.visitors >= {{k}} THEN m.path ELSE '(other)' END
