/**
 * A line format as data: a sequence of literal delimiters and typed fields, read by the one tokenizer
 * in tokenizer.ts. Built-in formats, `apache:<LogFormat>` and `nginx:<log_format>` all compile to this.
 */

/** What a field means to logveil; `skip` fields are delimited and then ignored. */
export type FieldRole =
  | 'client_ip'
  | 'user'
  | 'time_clf'
  | 'request'
  | 'method'
  | 'target'
  | 'path'
  | 'query'
  | 'status'
  | 'bytes'
  | 'referrer'
  | 'user_agent'
  | 'host'
  | 'forwarded_for'
  | 'cookie'
  | 'duration_us'
  | 'duration_ms'
  | 'duration_s'
  | 'gpc'
  | 'dnt'
  | 'skip';

export interface FieldToken {
  readonly kind: 'field';
  readonly role: FieldRole;
  /** Written between double quotes, with `\"` escapes. */
  readonly quoted: boolean;
  /** Written between square brackets (the CLF time). */
  readonly bracketed: boolean;
}

export interface LiteralToken {
  readonly kind: 'literal';
  /** Whitespace in a literal matches one or more spaces or tabs (doubled spaces are common). */
  readonly text: string;
}

export type Token = FieldToken | LiteralToken;

export interface LineFormatSpec {
  readonly name: string;
  readonly tokens: readonly Token[];
  /** Index of the first token the line may end before (an optional trailing group), if any. */
  readonly optionalFrom?: number;
}

export function field(role: FieldRole, quoted = false, bracketed = false): FieldToken {
  return { kind: 'field', role, quoted, bracketed };
}

export function literal(text: string): LiteralToken {
  return { kind: 'literal', text };
}
