import { describe, expect, it } from 'vitest';
import { hiddenShare, isHiddenPath, shareOf } from '../../lib/aggregate/hidden-share.ts';

describe('hiddenShare', () => {
  it('counts the page views and 404 hits of (other) rows against all of them', () => {
    const share = hiddenShare(
      [
        { path: '/a', page_views: 30 },
        { path: '(other)', page_views: 10 },
        { path: '/blog/(other)', page_views: 5 },
      ],
      [
        { path: '(other)', hits: 3 },
        { path: '/missing', hits: 1 },
      ],
    );
    expect(share).toEqual({
      pageViews: 45,
      pageViewsHidden: 10,
      pageViewsGeneralized: 5,
      notFoundHits: 4,
      notFoundHidden: 3,
      notFoundGeneralized: 0,
    });
    expect(shareOf(share.pageViewsHidden, share.pageViews)).toBeCloseTo(10 / 45);
    expect(shareOf(0, 0)).toBe(0);
    expect(isHiddenPath('/blog/(other)')).toBe(false);
  });
});
