/**
 * Format registry: turns a `--format` value into line parsers (a fixed one, or the candidates that
 * `auto` chooses from).
 */
import { compileApacheLogFormat, FormatCompileError } from './apache-log-format.ts';
import { BUILTIN_FORMAT_NAMES, BUILTIN_FORMATS, builtinFormat } from './builtin-formats.ts';
import { type LineParser, type ParseContext, specParser } from './tokenizer.ts';

export { detectFormat, SNIFF_LINES } from './detect-format.ts';
export type { MalformedReason, ParsedHit, ParseResult } from './parsed-hit.ts';
export { MALFORMED_REASONS } from './parsed-hit.ts';
export type { LineParser, ParseContext } from './tokenizer.ts';

export const FORMAT_NAMES = ['auto', ...BUILTIN_FORMAT_NAMES, 'apache:<LogFormat>'] as const;

export class UnknownFormatError extends Error {}

/** Validates a `--format` value early (usage errors before any input is read). */
export function checkFormatName(name: string): void {
  if (name === 'auto' || builtinFormat(name)) return;
  if (name.startsWith('apache:')) {
    compileApacheLogFormat('apache', name.slice('apache:'.length));
    return;
  }
  throw new UnknownFormatError(`unknown format "${name}" (known: ${FORMAT_NAMES.join(', ')})`);
}

/** Fresh parsers for one input: parsers keep per-input state (caches, W3C headers). */
export function parsersFor(name: string, ctx: ParseContext): LineParser[] {
  if (name === 'auto') return BUILTIN_FORMATS.map((spec) => specParser(spec, ctx));
  const builtin = builtinFormat(name);
  if (builtin) return [specParser(builtin, ctx)];
  if (name.startsWith('apache:')) {
    return [specParser(compileApacheLogFormat('apache', name.slice('apache:'.length)), ctx)];
  }
  throw new UnknownFormatError(`unknown format "${name}"`);
}

export { FormatCompileError };
