-- pages_daily: page views per generalized path, with the sessions that entered and left the site
-- there and the distinct visitors who viewed it.
-- k-anonymity by generalization before suppression: a path seen by fewer than {{k}} visitors is
-- counted under its prefix of three segments (`/a/b/c/(other)`: other pages under /a/b/c/), and what is still below {{k}}
-- there under two segments, then one; only what is below {{k}} after that goes into the site's
-- `(other)` row. Every row but that one has at least {{k}} visitors, every page view is in exactly one
-- row, and a row's visitors are the distinct visitors of its page views. (Distinct visitors per key are
-- counted with dense_rank: Trino has no count(DISTINCT) over a window; the input is read once.)
WITH viewed AS (
  SELECT
    dt, site, path, visitor_id, position, session_page_views,
    length(path) - length(replace(path, '/', '')) AS path_depth
  FROM page_views
),
ranked0 AS (
  SELECT s.*, path AS key0,
    dense_rank() OVER (PARTITION BY dt, site, path ORDER BY visitor_id NULLS LAST) AS rank0
  FROM viewed s
),
counted0 AS (
  SELECT r.*,
    coalesce(max(CASE WHEN visitor_id IS NOT NULL THEN rank0 END) OVER (PARTITION BY dt, site, key0), 0) AS visitors0
  FROM ranked0 r
),
ranked1 AS (
  SELECT c.*,
    dense_rank() OVER (PARTITION BY dt, site, key1 ORDER BY visitor_id NULLS LAST) AS rank1
  FROM (
    SELECT c.*,
      CASE
        WHEN visitors0 >= {{k}} OR path_depth <= 3 THEN key0
        ELSE regexp_extract(path, '^(?:/[^/]*){3}') || '/(other)'
      END AS key1
    FROM counted0 c
  ) c
),
counted1 AS (
  SELECT r.*,
    coalesce(max(CASE WHEN visitor_id IS NOT NULL THEN rank1 END) OVER (PARTITION BY dt, site, key1), 0) AS visitors1
  FROM ranked1 r
),
ranked2 AS (
  SELECT c.*,
    dense_rank() OVER (PARTITION BY dt, site, key2 ORDER BY visitor_id NULLS LAST) AS rank2
  FROM (
    SELECT c.*,
      CASE
        WHEN visitors1 >= {{k}} OR path_depth <= 2 THEN key1
        ELSE regexp_extract(path, '^(?:/[^/]*){2}') || '/(other)'
      END AS key2
    FROM counted1 c
  ) c
),
counted2 AS (
  SELECT r.*,
    coalesce(max(CASE WHEN visitor_id IS NOT NULL THEN rank2 END) OVER (PARTITION BY dt, site, key2), 0) AS visitors2
  FROM ranked2 r
),
ranked3 AS (
  SELECT c.*,
    dense_rank() OVER (PARTITION BY dt, site, key3 ORDER BY visitor_id NULLS LAST) AS rank3
  FROM (
    SELECT c.*,
      CASE
        WHEN visitors2 >= {{k}} OR path_depth <= 1 THEN key2
        ELSE regexp_extract(path, '^(?:/[^/]*){1}') || '/(other)'
      END AS key3
    FROM counted2 c
  ) c
),
counted3 AS (
  SELECT r.*,
    coalesce(max(CASE WHEN visitor_id IS NOT NULL THEN rank3 END) OVER (PARTITION BY dt, site, key3), 0) AS visitors3
  FROM ranked3 r
),
placed AS (
  SELECT c.*,
    CASE WHEN visitors3 >= {{k}} THEN key3 ELSE '(other)' END AS row_path
  FROM counted3 c
)
SELECT
  dt, site,
  row_path AS path,
  count(*) AS page_views,
  count(DISTINCT visitor_id) AS visitors,
  count(CASE WHEN position = 1 THEN 1 END) AS entries,
  count(CASE WHEN position = session_page_views THEN 1 END) AS exits
FROM placed
GROUP BY dt, site, row_path
