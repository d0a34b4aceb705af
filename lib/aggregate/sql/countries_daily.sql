-- countries_daily: page views, distinct visitors, sessions and bounces per country of the client
-- address (ISO 3166-1 alpha-2, `(unknown)` when the address is not in the database or not public).
-- Page views count under their own hit's country (opted-out ones included, as in traffic_daily);
-- sessions and bounces under the country of the session's first page view. No other key: a country
-- crossed with a path, a source or a browser would narrow a visitor down. k-anonymity: a country seen
-- by fewer than {{k}} visitors is counted in the site's `(other)` row, whose visitors are the distinct
-- visitors of the countries folded into it. (Distinct visitors per country are counted with
-- dense_rank: Trino has no count(DISTINCT) over a window; the page views are read once.)
WITH ranked AS (
  SELECT
    dt, site, country, visitor_id, position, session_page_views,
    dense_rank() OVER (PARTITION BY dt, site, country ORDER BY visitor_id NULLS LAST) AS visitor_rank
  FROM page_views
),
counted AS (
  SELECT
    r.*,
    coalesce(
      max(CASE WHEN visitor_id IS NOT NULL THEN visitor_rank END) OVER (PARTITION BY dt, site, country),
      0
    ) AS country_visitors
  FROM ranked r
),
labelled AS (
  SELECT
    dt, site, visitor_id, position, session_page_views,
    CASE WHEN country_visitors >= {{k}} THEN country ELSE '(other)' END AS country
  FROM counted
)
SELECT
  dt, site, country,
  count(*) AS page_views,
  count(DISTINCT visitor_id) AS visitors,
  count(CASE WHEN position = 1 THEN 1 END) AS sessions,
  count(CASE WHEN position = 1 AND session_page_views = 1 THEN 1 END) AS bounces
FROM labelled
GROUP BY dt, site, country
