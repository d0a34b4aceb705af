/**
 * Compiles an nginx `log_format` string (`$remote_addr - $remote_user [$time_local] "$request" …`)
 * into a LineFormatSpec for the shared tokenizer. Variables logveil does not use are delimited and
 * skipped; syntax errors name their position.
 */
import { FormatCompileError } from './apache-log-format.ts';
import {
  type FieldRole,
  type FieldToken,
  field,
  type LineFormatSpec,
  literal,
  type Token,
  wrapDelimited,
} from './spec.ts';

export const NGINX_VARIABLES: Readonly<Record<string, FieldRole>> = {
  remote_addr: 'client_ip',
  realip_remote_addr: 'client_ip',
  remote_user: 'user',
  time_local: 'time_clf',
  time_iso8601: 'time_iso',
  msec: 'time_epoch',
  request: 'request',
  request_method: 'method',
  request_uri: 'target',
  uri: 'path',
  document_uri: 'path',
  args: 'query',
  query_string: 'query',
  status: 'status',
  body_bytes_sent: 'bytes',
  bytes_sent: 'bytes',
  http_referer: 'referrer',
  http_user_agent: 'user_agent',
  http_x_forwarded_for: 'forwarded_for',
  http_cookie: 'cookie',
  http_dnt: 'dnt',
  http_sec_gpc: 'gpc',
  host: 'host',
  http_host: 'host',
  server_name: 'host_fallback',
  request_time: 'duration_s',
};

function variableToken(name: string): FieldToken {
  if (name.startsWith('cookie_') && name.length > 'cookie_'.length) {
    return field('cookie_named', false, false, { arg: name.slice('cookie_'.length) });
  }
  return field(NGINX_VARIABLES[name] ?? 'skip');
}

/** `log_format` text as written in nginx.conf, with or without the surrounding single quotes. */
export function compileNginxLogFormat(name: string, format: string): LineFormatSpec {
  const text = format.replace(/'\s*'/g, '').replace(/^'|'$/g, '');
  if (/^escape=/.test(text)) {
    throw new FormatCompileError(
      'escape=json formats write JSON: use --format json (with --json-map if needed)',
    );
  }
  const tokens: Token[] = [];
  let lit = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c !== '$') {
      lit += c;
      i++;
      continue;
    }
    const start = i;
    let varName: string;
    if (text[i + 1] === '{') {
      const close = text.indexOf('}', i);
      if (close < 0) throw new FormatCompileError(`unclosed \${ at position ${start + 1}`);
      varName = text.slice(i + 2, close);
      i = close + 1;
    } else {
      const m = /^[A-Za-z0-9_]+/.exec(text.slice(i + 1));
      if (!m) throw new FormatCompileError(`"$" without a variable name at position ${start + 1}`);
      varName = m[0];
      i += 1 + varName.length;
    }
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(varName)) {
      throw new FormatCompileError(`invalid variable name at position ${start + 1}`);
    }
    if (lit === '' && tokens.length > 0 && tokens[tokens.length - 1]!.kind === 'field') {
      throw new FormatCompileError(
        `$${varName} at position ${start + 1} follows another variable with nothing between them`,
      );
    }
    if (lit) tokens.push(literal(lit));
    lit = '';
    tokens.push(variableToken(varName.toLowerCase()));
  }
  if (lit) tokens.push(literal(lit));
  return { name, tokens: wrapDelimited(tokens) };
}
