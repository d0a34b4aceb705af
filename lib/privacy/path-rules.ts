/**
 * User path rules (`--path-rule '/orders/* => /orders/:id'`), applied after the built-in
 * generalization: `*` matches exactly one segment, a final `**` any number (including none).
 */

export interface PathRule {
  readonly source: string;
  readonly segments: readonly string[];
  readonly replacement: string;
}

export class PathRuleError extends Error {
  override name = 'PathRuleError';
}

export function parsePathRule(text: string): PathRule {
  const arrow = text.indexOf('=>');
  if (arrow < 0) throw new PathRuleError(`path rule "${text}" needs the form "PATTERN => REPLACEMENT"`);
  const pattern = text.slice(0, arrow).trim();
  const replacement = text.slice(arrow + 2).trim();
  if (!pattern.startsWith('/') || !replacement.startsWith('/')) {
    throw new PathRuleError(`path rule "${text}": pattern and replacement must start with "/"`);
  }
  const segments = pattern.split('/');
  const globstar = segments.indexOf('**');
  if (globstar >= 0 && globstar !== segments.length - 1) {
    throw new PathRuleError(`path rule "${text}": "**" is only allowed as the last segment`);
  }
  return { source: text, segments, replacement };
}

function matches(rule: PathRule, segments: readonly string[]): boolean {
  const pattern = rule.segments;
  const last = pattern.length - 1;
  if (pattern[last] === '**') {
    if (segments.length < last) return false;
  } else if (segments.length !== pattern.length) {
    return false;
  }
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    if (p === '**') return true;
    if (p !== '*' && p !== segments[i]) return false;
  }
  return true;
}

/** The first matching rule's replacement, or the path unchanged. */
export function applyPathRules(path: string, rules: readonly PathRule[]): string {
  if (rules.length === 0) return path;
  const segments = path.split('/');
  for (const rule of rules) if (matches(rule, segments)) return rule.replacement;
  return path;
}
