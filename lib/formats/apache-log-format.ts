/**
 * Compiles an Apache `LogFormat` string (`%h %l %u %t "%r" %>s %b …`) into a LineFormatSpec. The
 * built-in formats are written this way too, so every format goes through one compiler and one
 * tokenizer. Unsupported directives are refused with their position.
 */
import {
  type FieldRole,
  type FieldToken,
  field,
  type LineFormatSpec,
  literal,
  type Token,
  wrapDelimited,
} from './spec.ts';
import { checkStrftime, StrftimeError } from './strftime-time.ts';

export class FormatCompileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FormatCompileError';
  }
}

/** Directives without an argument. Values not used by logveil are delimited and skipped. */
export const APACHE_DIRECTIVES: Readonly<Record<string, FieldRole>> = {
  h: 'client_ip',
  a: 'client_ip',
  A: 'skip',
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
  k: 'skip',
  X: 'skip',
  f: 'skip',
  L: 'skip',
  R: 'skip',
};

/** Request headers (`%{Name}i`) logveil uses; any other header is delimited and skipped. */
export const APACHE_REQUEST_HEADERS: Readonly<Record<string, FieldRole>> = {
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
    const position = offset + start + 1;
    if (letter === undefined)
      throw new FormatCompileError(`format ends inside a directive at position ${position}`);
    i++;
    const token = directive(letter, arg, position);
    const previous = tokens[tokens.length - 1];
    if (text === '' && previous?.kind === 'field' && previous.role === 'path' && token.role === 'query') {
      // `%U%q`: %q writes its own `?`, so the two together are the request target.
      tokens[tokens.length - 1] = field('target');
      continue;
    }
    if (tokens.length > 0 && text === '' && previous?.kind === 'field') {
      throw new FormatCompileError(
        `directive at position ${position} follows another with nothing between them`,
      );
    }
    if (text) tokens.push(literal(text));
    text = '';
    tokens.push(token);
  }
  if (text) tokens.push(literal(text));
  return tokens;
}

function directive(letter: string, arg: string | null, position: number): FieldToken {
  const unsupported = () =>
    new FormatCompileError(
      `unsupported directive %${arg === null ? '' : `{${arg}}`}${letter} at position ${position}`,
    );
  if (arg === null) {
    const role = APACHE_DIRECTIVES[letter];
    if (role === undefined) throw unsupported();
    // Apache's %t writes its own brackets: `[10/Feb/2012:16:42:07 -0500]`.
    return letter === 't' ? field(role, false, true) : field(role);
  }
  switch (letter) {
    case 'i':
      return field(APACHE_REQUEST_HEADERS[arg.toLowerCase()] ?? 'skip');
    case 'C':
      return field('cookie_named', false, false, { arg });
    case 'a':
    case 'h':
    case 'p':
      return field(letter === 'p' ? 'skip' : 'client_ip');
    case 'o':
    case 'e':
    case 'n':
    case 'x':
    case '^':
      return field('skip');
    case 'T':
      if (arg === 'ms') return field('duration_ms');
      if (arg === 'us') return field('duration_us');
      if (arg === 's') return field('duration_s');
      throw unsupported();
    case 't': {
      const pattern = arg.replace(/^(begin|end):/, '');
      if (pattern === 'msec_frac' || pattern === 'usec_frac') throw unsupported();
      try {
        checkStrftime(pattern);
      } catch (err) {
        if (err instanceof StrftimeError)
          throw new FormatCompileError(`%{${arg}}t at position ${position}: ${err.message}`);
        throw err;
      }
      return field('time_strftime', false, false, { arg: pattern });
    }
    default:
      throw unsupported();
  }
}
