-- technology_daily: page views and distinct visitors per browser family, operating system and
-- device type. k-anonymity: a combination seen by fewer than {{k}} visitors is counted in the site's
-- `(other)` row, whose visitors are the distinct visitors of the combinations folded into it.
WITH viewed AS (
  SELECT dt, site, visitor_id, browser, os, device
  FROM hits
  WHERE page_view
),
per_combination AS (
  SELECT dt, site, browser, os, device, count(DISTINCT visitor_id) AS visitors
  FROM viewed
  GROUP BY dt, site, browser, os, device
),
labelled AS (
  SELECT v.dt, v.site, v.visitor_id, p.visitors >= {{k}} AS published, v.browser, v.os, v.device
  FROM viewed v
  JOIN per_combination p
    ON p.dt = v.dt AND p.site = v.site AND p.browser = v.browser AND p.os = v.os AND p.device = v.device
)
SELECT
  dt, site,
  CASE WHEN published THEN browser ELSE '(other)' END AS browser,
  CASE WHEN published THEN os ELSE '(other)' END AS os,
  CASE WHEN published THEN device ELSE '(other)' END AS device,
  count(*) AS page_views,
  count(DISTINCT visitor_id) AS visitors
FROM labelled
GROUP BY
  dt, site,
  CASE WHEN published THEN browser ELSE '(other)' END,
  CASE WHEN published THEN os ELSE '(other)' END,
  CASE WHEN published THEN device ELSE '(other)' END
