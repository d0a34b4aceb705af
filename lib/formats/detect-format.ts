/**
 * `--format auto`: scores every candidate format on the first lines of an input and picks the one
 * that parses most of them, then the one that leaves least unread (combined over common), then the
 * earlier candidate.
 */
import type { LineParser } from './tokenizer.ts';

export const SNIFF_LINES = 50;

export interface Detection {
  readonly parser: LineParser | null;
  /** Share of sniffed, non-blank lines the winner parsed. */
  readonly parsedShare: number;
}

export function detectFormat(candidates: readonly LineParser[], sample: readonly string[]): Detection {
  const lines = sample.filter((l) => l.trim().length > 0);
  let best: LineParser | null = null;
  let bestParsed = 0;
  let bestLeftover = Number.POSITIVE_INFINITY;
  for (const parser of candidates) {
    let parsed = 0;
    let leftover = 0;
    for (const line of lines) {
      const result = parser.parse(line);
      if (result.ok) {
        parsed++;
        leftover += parser.leftover;
      }
    }
    if (parsed > bestParsed || (parsed === bestParsed && parsed > 0 && leftover < bestLeftover)) {
      best = parser;
      bestParsed = parsed;
      bestLeftover = leftover;
    }
  }
  return { parser: best, parsedShare: lines.length === 0 ? 0 : bestParsed / lines.length };
}
