/**
 * Format registry: turns a `--format` value into line parsers (a fixed one, or the candidates that
 * `auto` chooses from).
 */
import { compileApacheLogFormat, FormatCompileError } from './apache-log-format.ts';
import { ALB_FORMAT, ELB_FORMAT, S3_FORMAT } from './aws-formats.ts';
import { BUILTIN_FORMATS, builtinFormat } from './builtin-formats.ts';
import { type JsonField, JsonParser } from './json-format.ts';
import { compileNginxLogFormat } from './nginx-log-format.ts';
import type { LineFormatSpec } from './spec.ts';
import {
  checkSpec,
  type LineParser,
  SpecError,
  specParser,
  type ParseContext as TokenizerContext,
} from './tokenizer.ts';
import { W3cParser } from './w3c-format.ts';

export { detectFormat, SNIFF_LINES } from './detect-format.ts';
export type { MalformedReason, ParsedHit, ParseResult } from './parsed-hit.ts';
export { MALFORMED_REASONS } from './parsed-hit.ts';
export type { LineParser } from './tokenizer.ts';

export interface ParseContext extends TokenizerContext {
  readonly jsonMap?: Partial<Record<JsonField, string>>;
}

const SPEC_FORMATS: readonly LineFormatSpec[] = [...BUILTIN_FORMATS, S3_FORMAT, ALB_FORMAT, ELB_FORMAT];

export const FORMAT_NAMES = [
  'auto',
  ...SPEC_FORMATS.map((s) => s.name),
  'w3c',
  'cloudfront',
  'json',
  'text',
  'apache:<LogFormat>',
  'nginx:<log_format>',
] as const;

/** `text` is not parsed into hits: free-form lines are scrubbed and kept as text. */
export const TEXT_FORMAT = 'text';

export class UnknownFormatError extends Error {
  override name = 'UnknownFormatError';
}

function specFor(name: string): LineFormatSpec | undefined {
  return builtinFormat(name) ?? SPEC_FORMATS.find((s) => s.name === name);
}

function compiled(name: string): LineFormatSpec | null {
  if (name.startsWith('apache:')) return compileApacheLogFormat('apache', name.slice('apache:'.length));
  if (name.startsWith('nginx:')) return compileNginxLogFormat('nginx', name.slice('nginx:'.length));
  return null;
}

/** Validates a `--format` value early (usage errors before any input is read). */
export function checkFormatName(name: string): void {
  if (name === 'auto' || name === 'w3c' || name === 'cloudfront' || name === 'json' || name === TEXT_FORMAT)
    return;
  if (specFor(name)) return;
  try {
    const spec = compiled(name);
    if (spec) {
      checkSpec(spec);
      return;
    }
  } catch (err) {
    if (err instanceof FormatCompileError || err instanceof SpecError)
      throw new UnknownFormatError(err.message);
    throw err;
  }
  throw new UnknownFormatError(`unknown format "${name}" (known: ${FORMAT_NAMES.join(', ')})`);
}

/** Fresh parsers for one input: parsers keep per-input state (caches, W3C headers). */
export function parsersFor(name: string, ctx: ParseContext): LineParser[] {
  if (name === 'auto') {
    return [
      ...SPEC_FORMATS.map((spec) => specParser(spec, ctx)),
      new W3cParser(ctx, 'w3c'),
      new JsonParser(ctx, ctx.jsonMap),
    ];
  }
  if (name === 'w3c' || name === 'cloudfront') return [new W3cParser(ctx, name)];
  if (name === 'json') return [new JsonParser(ctx, ctx.jsonMap)];
  const spec = specFor(name) ?? compiled(name);
  if (spec) return [specParser(spec, ctx)];
  throw new UnknownFormatError(`unknown format "${name}"`);
}

export { FormatCompileError };
