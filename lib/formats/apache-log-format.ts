/**
 * Compiles an Apache `LogFormat` string (`%h %l %u %t "%r" %>s %b …`) into a LineFormatSpec. The
 * built-in formats are written this way too, so every format goes through one compiler and one
 * tokenizer.
 */
import { type FieldRole, field, type LineFormatSpec, literal, type Token } from './spec.ts';

export class FormatCompileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FormatCompileError';
  }
}

const SIMPLE: Record<string, FieldRole> = {
  h: 'client_ip',
  a: 'client_ip',
  l: 'skip',
  u: 'user',
  t: 'time_clf',
  r: 'request',
  s: 'status',
  b: 'bytes',
  B: 'bytes',
  O: 'bytes',
  I: 'skip',
  S: 'skip',
  v: 'host',
  V: 'host',
  p: 'skip',
  P: 'skip',
  m: 'method',
  U: 'path',
  q: 'query',
  H: 'skip',
  D: 'duration_us',
  T: 'duration_s',
  A: 'skip',
  k: 'skip',
  X: 'skip',
  f: 'skip',
  L: 'skip',
  R: 'skip',
};

const REQUEST_HEADERS: Record<string, FieldRole> = {
  referer: 'referrer',
  referrer: 'referrer',
  'user-agent': 'user_agent',
  host: 'host',
  'x-forwarded-for': 'forwarded_for',
  cookie: 'cookie',
  'sec-gpc': 'gpc',
  dnt: 'dnt',
};

/** Compiles `format`; `name` is what summaries call it. Throws FormatCompileError with a position. */
export function compileApacheLogFormat(name: string, format: string, optionalSuffix = ''): LineFormatSpec {
  const required = wrapDelimited(tokensOf(format, 0));
  if (!optionalSuffix) return { name, tokens: required };
  const optional = wrapDelimited(tokensOf(optionalSuffix, format.length));
  return { name, tokens: [...required, ...optional], optionalFrom: required.length };
}

function tokensOf(format: string, offset: number): Token[] {
  const tokens: Token[] = [];
  let text = '';
  const flush = () => {
    if (text) tokens.push(literal(text));
    text = '';
  };
  let i = 0;
  while (i < format.length) {
    const c = format[i]!;
    if (c !== '%') {
      text += c;
      i++;
      continue;
    }
    const start = i;
    i++;
    if (format[i] === '%') {
      text += '%';
      i++;
      continue;
    }
    // Modifiers: `>`/`<` (final/original request) and status-code conditions like `!200,304`.
    while (i < format.length && /[<>!,0-9]/.test(format[i]!)) i++;
    let arg: string | null = null;
    if (format[i] === '{') {
      const close = format.indexOf('}', i);
      if (close < 0) throw new FormatCompileError(`unclosed %{ at position ${offset + start + 1}`);
      arg = format.slice(i + 1, close);
      i = close + 1;
    }
    const letter = format[i];
    if (letter === undefined)
      throw new FormatCompileError(`format ends inside a directive at position ${offset + start + 1}`);
    i++;
    if (letter === 't' && arg !== null) {
      throw new FormatCompileError(
        `custom time format %{…}t at position ${offset + start + 1} is not supported yet`,
      );
    }
    const role = directiveRole(letter, arg);
    if (role === null) {
      throw new FormatCompileError(
        `unsupported directive %${arg === null ? '' : `{${arg}}`}${letter} at position ${offset + start + 1}`,
      );
    }
    flush();
    // Apache's %t writes its own brackets: `[10/Feb/2012:16:42:07 -0500]`.
    tokens.push(letter === 't' ? field(role, false, true) : field(role));
  }
  flush();
  return tokens;
}

function directiveRole(letter: string, arg: string | null): FieldRole | null {
  if (letter === 'i' && arg !== null) return REQUEST_HEADERS[arg.toLowerCase()] ?? 'skip';
  if (
    (letter === 'o' || letter === 'e' || letter === 'n' || letter === 'C' || letter === 'x') &&
    arg !== null
  ) {
    return letter === 'C' ? 'cookie' : 'skip';
  }
  if (letter === 'T' && arg !== null)
    return arg === 'ms' ? 'duration_ms' : arg === 'us' ? 'duration_us' : 'duration_s';
  if (letter === 'a' || letter === 'h') return 'client_ip';
  return SIMPLE[letter] ?? null;
}

/**
 * Folds `"` + field + `"` and `[` + field + `]` into quoted/bracketed fields, so the tokenizer can
 * delimit values that contain spaces.
 */
function wrapDelimited(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'field') {
      out.push(t);
      continue;
    }
    const prev = out[out.length - 1];
    const next = tokens[i + 1];
    const open = prev?.kind === 'literal' ? prev.text.at(-1) : undefined;
    const close = next?.kind === 'literal' ? next.text[0] : undefined;
    const quoted = open === '"' && close === '"';
    const bracketed = open === '[' && close === ']';
    if ((quoted || bracketed) && prev?.kind === 'literal' && next?.kind === 'literal') {
      const before = prev.text.slice(0, -1);
      out.pop();
      if (before) out.push(literal(before));
      out.push(field(t.role, quoted, bracketed));
      const after = next.text.slice(1);
      tokens[i + 1] = literal(after);
      continue;
    }
    out.push(t);
  }
  return out.filter((t) => t.kind !== 'literal' || t.text.length > 0);
}
