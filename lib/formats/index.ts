/**
 * The format registry: every `--format` value, and the line parsers it makes (a fixed one, or the
 * candidates that `auto` chooses from).
 */
import { compileApacheLogFormat, FormatCompileError } from './apache-log-format.ts';
import { ALB_FORMAT, ELB_FORMAT, S3_FORMAT } from './aws-formats.ts';
import { builtinFormat } from './builtin-formats.ts';
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

/**
 * One entry per `--format` value: its name, what it is, whether `auto` tries it, and how it makes a
 * parser. The command line's help, the configuration checks (CLI flags, the functions' SOURCES) and
 * detection all read this list: a format is added here and nowhere else.
 */
export interface FormatEntry {
  /** The value, or its shape for a family (`apache:<LogFormat>`). */
  readonly name: string;
  readonly description: string;
  /** Tried, in this list's order, by `auto`. */
  readonly detected: boolean;
  /** Whether a `--format` value is this entry's. */
  matches(value: string): boolean;
  /** Checks a value before any input is read; throws what is wrong with it. */
  check(value: string): void;
  /** A fresh parser for one input (parsers keep per-input state: caches, W3C headers); null for `text`. */
  parser(value: string, ctx: ParseContext): LineParser | null;
}

/** `text` is not parsed into hits: free-form lines are scrubbed and kept as text. */
export const TEXT_FORMAT = 'text';

export class UnknownFormatError extends Error {
  override name = 'UnknownFormatError';
}

function fixed(
  name: string,
  description: string,
  detected: boolean,
  parser: (ctx: ParseContext) => LineParser | null,
): FormatEntry {
  return {
    name,
    description,
    detected,
    matches: (v) => v === name,
    check: () => {},
    parser: (_, ctx) => parser(ctx),
  };
}

function spec(format: LineFormatSpec, description: string): FormatEntry {
  return fixed(format.name, description, true, (ctx) => specParser(format, ctx));
}

function compiledFamily(
  prefix: string,
  shape: string,
  description: string,
  compile: (text: string) => LineFormatSpec,
): FormatEntry {
  const specOf = (value: string) => compile(value.slice(prefix.length));
  return {
    name: `${prefix}${shape}`,
    description,
    detected: false,
    matches: (v) => v.startsWith(prefix),
    check: (value) => checkSpec(specOf(value)),
    parser: (value, ctx) => specParser(specOf(value), ctx),
  };
}

const builtin = (name: string) => builtinFormat(name)!;

export const FORMATS: readonly FormatEntry[] = [
  fixed(
    'auto',
    'detected per file from its first lines, among the formats marked as detected',
    false,
    () => null,
  ),
  // Most specific first: detection prefers the earlier of two formats that parse a sample equally.
  spec(builtin('vhost_combined'), 'Apache %v (optionally %v:%p) before combined'),
  spec(builtin('combined'), "Apache/nginx combined (nginx's main, also with a trailing X-Forwarded-For)"),
  spec(builtin('vhost_common'), 'Apache %v (optionally %v:%p) before common'),
  spec(builtin('common'), 'NCSA/Apache common log format'),
  spec(S3_FORMAT, 'S3 server access logs'),
  spec(ALB_FORMAT, 'Application Load Balancer access logs'),
  spec(ELB_FORMAT, 'Classic Load Balancer access logs'),
  fixed(
    'w3c',
    'W3C extended (IIS, NetScaler, …): the #Fields: header drives the columns',
    true,
    (ctx) => new W3cParser(ctx, 'w3c'),
  ),
  fixed(
    'cloudfront',
    'CloudFront standard logs (legacy and v2 fields)',
    false,
    (ctx) => new W3cParser(ctx, 'cloudfront'),
  ),
  fixed(
    'json',
    'one JSON object per line; common field names mapped, others by --json-map',
    true,
    (ctx) => new JsonParser(ctx, ctx.jsonMap),
  ),
  fixed(
    TEXT_FORMAT,
    'free-form lines, scrubbed by the detectors and kept as text; no events',
    false,
    () => null,
  ),
  compiledFamily('apache:', '<LogFormat>', 'any Apache LogFormat string', (text) =>
    compileApacheLogFormat('apache', text),
  ),
  compiledFamily('nginx:', '<log_format>', 'any nginx log_format string', (text) =>
    compileNginxLogFormat('nginx', text),
  ),
];

export const FORMAT_NAMES: readonly string[] = FORMATS.map((f) => f.name);

function entryOf(value: string): FormatEntry {
  const entry = FORMATS.find((f) => f.matches(value));
  if (!entry) throw new UnknownFormatError(`unknown format "${value}" (known: ${FORMAT_NAMES.join(', ')})`);
  return entry;
}

/** Validates a `--format` value early (usage errors before any input is read). */
export function checkFormatName(value: string): void {
  const entry = entryOf(value);
  try {
    entry.check(value);
  } catch (err) {
    if (err instanceof FormatCompileError || err instanceof SpecError)
      throw new UnknownFormatError(err.message);
    throw err;
  }
}

/** Fresh parsers for one input: the format's own, or the candidates `auto` chooses from. */
export function parsersFor(value: string, ctx: ParseContext): LineParser[] {
  const entries = value === 'auto' ? FORMATS.filter((f) => f.detected) : [entryOf(value)];
  return entries.flatMap((f) => {
    const parser = f.parser(value === 'auto' ? f.name : value, ctx);
    return parser ? [parser] : [];
  });
}

export { FormatCompileError };
