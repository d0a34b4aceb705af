/**
 * A line format as data: a sequence of literal delimiters and typed fields, read by the one tokenizer
 * in tokenizer.ts. Built-in formats, `apache:<LogFormat>`, `nginx:<log_format>`, W3C `#Fields:`
 * headers, CloudFront, ALB/ELB and S3 logs all compile to this.
 */

/** What a field means to logveil; `skip` fields are delimited and then ignored. */
export type FieldRole =
  | 'client_ip'
  | 'user'
  | 'time_clf'
  | 'time_iso'
  | 'time_epoch'
  | 'time_strftime'
  | 'w3c_date'
  | 'w3c_time'
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
  /** A host used only when no `host` field has a value (CloudFront's distribution domain, S3's bucket). */
  | 'host_fallback'
  | 'forwarded_for'
  | 'cookie'
  /** The value of one named cookie (`$cookie_NAME`, `%{NAME}C`). */
  | 'cookie_named'
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
  /** May or may not be wrapped in double quotes (W3C values with spaces). */
  readonly optionalQuotes?: boolean;
  /** Cookie name (`cookie_named`) or strftime pattern (`time_strftime`). */
  readonly arg?: string;
  /** `url`: percent-decode completely (CloudFront); `plus`: the same, and `+` stands for a space (W3C). */
  readonly decode?: 'url' | 'plus';
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
  /** A `-` status marks a non-HTTP entry (ELB TCP listeners): the line is ignored, not malformed. */
  readonly dashStatusIsNonHttp?: boolean;
}

export function field(
  role: FieldRole,
  quoted = false,
  bracketed = false,
  extra: Partial<FieldToken> = {},
): FieldToken {
  return { kind: 'field', role, quoted, bracketed, ...extra };
}

export function literal(text: string): LiteralToken {
  return { kind: 'literal', text };
}

/** Folds `"` + field + `"` and `[` + field + `]` into quoted/bracketed fields. */
export function wrapDelimited(tokens: Token[]): Token[] {
  const out: Token[] = [];
  const rest = [...tokens];
  for (let i = 0; i < rest.length; i++) {
    const t = rest[i]!;
    if (t.kind !== 'field') {
      out.push(t);
      continue;
    }
    const prev = out[out.length - 1];
    const next = rest[i + 1];
    const open = prev?.kind === 'literal' ? prev.text.at(-1) : undefined;
    const close = next?.kind === 'literal' ? next.text[0] : undefined;
    const quoted = open === '"' && close === '"';
    const bracketed = open === '[' && close === ']';
    if ((quoted || bracketed) && prev?.kind === 'literal' && next?.kind === 'literal') {
      const before = prev.text.slice(0, -1);
      out.pop();
      if (before) out.push(literal(before));
      out.push({ ...t, quoted, bracketed });
      rest[i + 1] = literal(next.text.slice(1));
      continue;
    }
    out.push(t);
  }
  return out.filter((t) => t.kind !== 'literal' || t.text.length > 0);
}
