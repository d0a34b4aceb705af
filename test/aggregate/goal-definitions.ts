/**
 * Goals and funnels the aggregation tests configure: the demo shop's (what `npm run demo` sets) and
 * others over the generated site's pages, with every kind of pattern — one segment, the rest,
 * a method and status, a kept query parameter, a step that may be skipped.
 */
import { parseDefinitions } from '../../lib/aggregate/goals.ts';

export const SHOP_GOALS = [
  'Order=/checkout/confirm',
  'Added to cart=POST /cart/add 3xx',
  'Product=/products/*',
  'Pricing=/pricing',
  'Signup=/signup',
  'Newsletter=/?utm_medium=email',
];

export const SHOP_FUNNELS = [
  'Purchase=/products/** > /cart > /checkout > /checkout/confirm',
  'Careful purchase=/products/* > POST /cart/add 3xx > [/cart] > /checkout > [/checkout/shipping] > /checkout/confirm',
  'Docs=/docs > /docs/* > /docs/faq',
  'Trial=/products/** > [/pricing] > /signup',
];

export const SHOP_DEFINITIONS = parseDefinitions(SHOP_GOALS, SHOP_FUNNELS, [], {
  goals: 'goals',
  funnels: 'funnels',
});
