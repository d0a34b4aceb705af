-- transitions_daily: navigation, one row per pair of consecutive page views within a session
-- (reloads, a page followed by itself, count). k-anonymity: a pair made by fewer than {{k}}
-- visitors is counted in the site's `(other)` → `(other)` row, whose visitors are the distinct
-- visitors of the pairs folded into it.
WITH steps AS (
  SELECT dt, site, visitor_id, path AS from_path, next_path AS to_path
  FROM page_views
  WHERE next_path IS NOT NULL
),
per_pair AS (
  SELECT dt, site, from_path, to_path, count(DISTINCT visitor_id) AS visitors
  FROM steps
  GROUP BY dt, site, from_path, to_path
),
labelled AS (
  SELECT s.dt, s.site, s.visitor_id, p.visitors >= {{k}} AS published, s.from_path, s.to_path
  FROM steps s
  JOIN per_pair p
    ON p.dt = s.dt AND p.site = s.site AND p.from_path = s.from_path AND p.to_path = s.to_path
)
SELECT
  dt, site,
  CASE WHEN published THEN from_path ELSE '(other)' END AS from_path,
  CASE WHEN published THEN to_path ELSE '(other)' END AS to_path,
  count(*) AS count,
  count(DISTINCT visitor_id) AS visitors
FROM labelled
GROUP BY
  dt, site,
  CASE WHEN published THEN from_path ELSE '(other)' END,
  CASE WHEN published THEN to_path ELSE '(other)' END
