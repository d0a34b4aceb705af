/**
 * How much of the traffic k-anonymity hides: the page views counted in `(other)` rows of
 * `pages_daily` and the 404 hits in `(other)` rows of `not_found_daily` (paths still below k visitors
 * in a day after generalization), and those counted under a parent prefix (`/blog/(other)`), against
 * all of them. The run summary and the report show it, so nobody reads `(other)` as a page, and `--k`
 * is named as what sets it.
 */
import { OTHER } from './group-counter.ts';
import { isGeneralizedPath } from './path-ladder.ts';

export interface HiddenShare {
  readonly pageViews: number;
  readonly pageViewsHidden: number;
  readonly pageViewsGeneralized: number;
  readonly notFoundHits: number;
  readonly notFoundHidden: number;
  readonly notFoundGeneralized: number;
}

type Rows = ReadonlyArray<Readonly<Record<string, unknown>>>;

/** A path of `pages_daily` or `not_found_daily` that stands for paths not shown on their own. */
export function isHiddenPath(path: unknown): boolean {
  return path === OTHER;
}

export function hiddenShare(pages: Rows, notFound: Rows): HiddenShare {
  let pageViews = 0;
  let pageViewsHidden = 0;
  let pageViewsGeneralized = 0;
  let notFoundHits = 0;
  let notFoundHidden = 0;
  let notFoundGeneralized = 0;
  for (const r of pages) {
    const n = Number(r.page_views ?? 0);
    pageViews += n;
    if (isHiddenPath(r.path)) pageViewsHidden += n;
    if (isGeneralizedPath(r.path)) pageViewsGeneralized += n;
  }
  for (const r of notFound) {
    const n = Number(r.hits ?? 0);
    notFoundHits += n;
    if (isHiddenPath(r.path)) notFoundHidden += n;
    if (isGeneralizedPath(r.path)) notFoundGeneralized += n;
  }
  return {
    pageViews,
    pageViewsHidden,
    pageViewsGeneralized,
    notFoundHits,
    notFoundHidden,
    notFoundGeneralized,
  };
}

/** `part / whole`, 0 when there is nothing. */
export function shareOf(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}
