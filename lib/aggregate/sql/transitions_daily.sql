-- transitions_daily: navigation, one row per pair of consecutive page views within a session
-- (reloads, a page followed by itself, count).
-- k-anonymity by generalization before suppression: a pair seen by fewer than {{k}} visitors is
-- counted under its prefix of three segments (both ends at once: `/a/b/c/(other)` → `/x/(other)`), and what is still below {{k}}
-- there under two segments, then one; only what is below {{k}} after that goes into the site's
-- `(other)` → `(other)` row. Every row but that one has at least {{k}} visitors, every step is in exactly one
-- row, and a row's visitors are the distinct visitors of its steps. (Distinct visitors per key are
-- counted with dense_rank: Trino has no count(DISTINCT) over a window; the input is read once.)
WITH steps AS (
  SELECT
    dt, site, visitor_id, path AS from_path, next_path AS to_path,
    length(path) - length(replace(path, '/', '')) AS from_path_depth,
    length(next_path) - length(replace(next_path, '/', '')) AS to_path_depth
  FROM page_views
  WHERE next_path IS NOT NULL
),
ranked0 AS (
  SELECT s.*, from_path AS from_key0, to_path AS to_key0,
    dense_rank() OVER (PARTITION BY dt, site, from_path, to_path ORDER BY visitor_id NULLS LAST) AS rank0
  FROM steps s
),
counted0 AS (
  SELECT r.*,
    coalesce(max(CASE WHEN visitor_id IS NOT NULL THEN rank0 END) OVER (PARTITION BY dt, site, from_key0, to_key0), 0) AS visitors0
  FROM ranked0 r
),
ranked1 AS (
  SELECT c.*,
    dense_rank() OVER (PARTITION BY dt, site, from_key1, to_key1 ORDER BY visitor_id NULLS LAST) AS rank1
  FROM (
    SELECT c.*,
      CASE
        WHEN visitors0 >= {{k}} OR from_path_depth <= 3 THEN from_key0
        ELSE regexp_extract(from_path, '^(?:/[^/]*){3}') || '/(other)'
      END AS from_key1,
      CASE
        WHEN visitors0 >= {{k}} OR to_path_depth <= 3 THEN to_key0
        ELSE regexp_extract(to_path, '^(?:/[^/]*){3}') || '/(other)'
      END AS to_key1
    FROM counted0 c
  ) c
),
counted1 AS (
  SELECT r.*,
    coalesce(max(CASE WHEN visitor_id IS NOT NULL THEN rank1 END) OVER (PARTITION BY dt, site, from_key1, to_key1), 0) AS visitors1
  FROM ranked1 r
),
ranked2 AS (
  SELECT c.*,
    dense_rank() OVER (PARTITION BY dt, site, from_key2, to_key2 ORDER BY visitor_id NULLS LAST) AS rank2
  FROM (
    SELECT c.*,
      CASE
        WHEN visitors1 >= {{k}} OR from_path_depth <= 2 THEN from_key1
        ELSE regexp_extract(from_path, '^(?:/[^/]*){2}') || '/(other)'
      END AS from_key2,
      CASE
        WHEN visitors1 >= {{k}} OR to_path_depth <= 2 THEN to_key1
        ELSE regexp_extract(to_path, '^(?:/[^/]*){2}') || '/(other)'
      END AS to_key2
    FROM counted1 c
  ) c
),
counted2 AS (
  SELECT r.*,
    coalesce(max(CASE WHEN visitor_id IS NOT NULL THEN rank2 END) OVER (PARTITION BY dt, site, from_key2, to_key2), 0) AS visitors2
  FROM ranked2 r
),
ranked3 AS (
  SELECT c.*,
    dense_rank() OVER (PARTITION BY dt, site, from_key3, to_key3 ORDER BY visitor_id NULLS LAST) AS rank3
  FROM (
    SELECT c.*,
      CASE
        WHEN visitors2 >= {{k}} OR from_path_depth <= 1 THEN from_key2
        ELSE regexp_extract(from_path, '^(?:/[^/]*){1}') || '/(other)'
      END AS from_key3,
      CASE
        WHEN visitors2 >= {{k}} OR to_path_depth <= 1 THEN to_key2
        ELSE regexp_extract(to_path, '^(?:/[^/]*){1}') || '/(other)'
      END AS to_key3
    FROM counted2 c
  ) c
),
counted3 AS (
  SELECT r.*,
    coalesce(max(CASE WHEN visitor_id IS NOT NULL THEN rank3 END) OVER (PARTITION BY dt, site, from_key3, to_key3), 0) AS visitors3
  FROM ranked3 r
),
placed AS (
  SELECT c.*,
    CASE WHEN visitors3 >= {{k}} THEN from_key3 ELSE '(other)' END AS row_from_path,
    CASE WHEN visitors3 >= {{k}} THEN to_key3 ELSE '(other)' END AS row_to_path
  FROM counted3 c
)
SELECT
  dt, site,
  row_from_path AS from_path,
  row_to_path AS to_path,
  count(*) AS count,
  count(DISTINCT visitor_id) AS visitors
FROM placed
GROUP BY dt, site, row_from_path, row_to_path
