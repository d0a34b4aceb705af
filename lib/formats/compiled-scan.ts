/**
 * The tokenizer's delimiting step, compiled once per format into straight-line JavaScript: the token
 * list is fixed, so the code for each token (its delimiter tests and the next literal's character)
 * is written out in order instead of being looked up token by token on every line — a third of the
 * per-line parsing time. Semantics are the interpreter's, token for token: same positions, same
 * failing token index. Literal texts reach the code as values of an array, never as source text, so
 * no format string can change the generated code.
 */
import type { Token } from './spec.ts';

/** Added to a token index to report where delimiting failed. */
export const FAIL_PREFIX = 0x40000000;

/**
 * Delimits tokens [from, to) of a line from `pos`, storing fields in `values` by token index;
 * returns the end position, or FAIL_PREFIX + the index of the token that failed.
 */
export type ScanFunction = (line: string, pos: number, values: (string | undefined)[]) => number;

function isBlankCode(c: number): boolean {
  return c === 32 || c === 9;
}

/** Matches a literal where each run of blanks matches one or more blanks; returns the end or -1. */
export function matchLiteral(line: string, pos: number, text: string): number {
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (isBlankCode(c)) {
      if (!isBlankCode(line.charCodeAt(pos))) return -1;
      while (isBlankCode(line.charCodeAt(pos))) pos++;
      while (k + 1 < text.length && isBlankCode(text.charCodeAt(k + 1))) k++;
    } else {
      if (line.charCodeAt(pos) !== c) return -1;
      pos++;
    }
  }
  return pos;
}

/** After a run of one or more blanks at `pos` (a one-blank literal), or -1. */
export function blankRun(line: string, pos: number): number {
  if (!isBlankCode(line.charCodeAt(pos))) return -1;
  pos++;
  while (isBlankCode(line.charCodeAt(pos))) pos++;
  return pos;
}

/** Where the word starting at `pos` ends (the next blank or the end of the line). */
export function wordEnd(line: string, pos: number, len: number): number {
  while (pos < len && !isBlankCode(line.charCodeAt(pos))) pos++;
  return pos;
}

/** Where a plain (unquoted, unbracketed) field spanning `words` blank-separated words ends. */
export function plainEnd(line: string, pos: number, next: Token | undefined, words: number): number {
  if (next?.kind === 'literal' && !isBlankCode(next.text.charCodeAt(0))) {
    const end = line.indexOf(next.text[0]!, pos);
    return end < 0 ? line.length : end;
  }
  let end = pos;
  for (let w = 0; w < words; w++) {
    if (w > 0) {
      if (!isBlankCode(line.charCodeAt(end))) break;
      while (isBlankCode(line.charCodeAt(end))) end++;
    }
    while (end < line.length && !isBlankCode(line.charCodeAt(end))) end++;
  }
  return end;
}

const isOneBlank = (text: string) => text.length === 1 && isBlankCode(text.charCodeAt(0));

/**
 * Whether the rest of the format can go on after a quote that closes field `index` at `p`: the
 * next literal matches there and the field after it opens as it should (`"` or `[`). This is how a
 * quote inside a field (an unescaped `"` in a user agent) is told from the closing one. Emitted as
 * a function of its own per quoted field.
 */
function followCode(tokens: readonly Token[], index: number, to: number, optionalFrom: number): string {
  const next = index + 1;
  const body = ['const atBoundary = p >= len || isBlank(line.charCodeAt(p));'];
  const lit = tokens[next];
  if (next >= to) body.push('return atBoundary;');
  else if (lit?.kind !== 'literal') body.push('return false;');
  else {
    body.push(
      isOneBlank(lit.text)
        ? 'const after = blankRun(line, p);'
        : `const after = matchLiteral(line, p, TEXT[${next}]);`,
      `if (after < 0) return ${next >= optionalFrom ? 'atBoundary' : 'false'};`,
    );
    const following = tokens[next + 1];
    if (following?.kind !== 'field') body.push('return true;');
    else {
      body.push('if (after >= len) return false;');
      if (following.quoted) body.push('return line.charCodeAt(after) === 34;');
      else if (following.bracketed) body.push('return line.charCodeAt(after) === 91;');
      else body.push('return true;');
    }
  }
  return `function follow${index}(line, p, len) {\n${body.join('\n')}\n}`;
}

/**
 * Compiles the scan of tokens [from, to). `words[i]` is how many blank-separated words plain field i
 * spans; `keep(i)` says whether field i's text is needed (skipped fields are delimited, not copied);
 * `optionalFrom` is where the format's optional tail starts.
 */
export function compileScan(
  tokens: readonly Token[],
  words: readonly number[],
  from: number,
  to: number,
  optionalFrom: number,
  keep: (index: number) => boolean,
): ScanFunction {
  const helpers: string[] = [];
  const code: string[] = ['const len = line.length;', 'let end = 0;', 'let c = 0;', 'let k = 0;'];
  const fail = (index: number) => `return ${FAIL_PREFIX + index};`;
  const store = (i: number, start: string) => (keep(i) ? `values[${i}] = line.slice(${start}, end);` : '');
  // The first unescaped `"` after which the rest of the format can continue.
  const quoted = (i: number) => {
    if (!helpers.some((h) => h.startsWith(`function follow${i}(`)))
      helpers.push(followCode(tokens, i, to, optionalFrom));
    return [
      `if (line.charCodeAt(pos) !== 34) ${fail(i)}`,
      `end = line.indexOf('"', pos + 1);`,
      'while (end >= 0) {',
      '  k = end - 1;',
      '  while (k > pos && line.charCodeAt(k) === 92) k--;',
      `  if (((end - 1 - k) & 1) === 0 && follow${i}(line, end + 1, len)) break;`,
      `  end = line.indexOf('"', end + 1);`,
      '}',
      `if (end < 0) ${fail(i)}`,
      store(i, 'pos + 1'),
      'pos = end + 1;',
    ].join('\n');
  };
  const bracketed = (i: number) =>
    [
      `if (line.charCodeAt(pos) !== 91) ${fail(i)}`,
      `end = line.indexOf(']', pos + 1);`,
      `if (end < 0) ${fail(i)}`,
      store(i, 'pos + 1'),
      'pos = end + 1;',
    ].join('\n');
  const plain = (i: number) => {
    const next = tokens[i + 1];
    let delimit: string;
    if (next?.kind === 'literal' && !isBlankCode(next.text.charCodeAt(0))) {
      delimit = `end = line.indexOf(TEXT[${i + 1}][0], pos); if (end < 0) end = len;`;
    } else if (words[i] === 1) {
      delimit =
        'end = pos; while (end < len) { c = line.charCodeAt(end); if (c === 32 || c === 9) break; end++; }';
    } else {
      delimit = `end = plainEnd(line, pos, TOKENS[${i + 1}], ${words[i]});`;
    }
    return [delimit, `if (end <= pos) ${fail(i)}`, store(i, 'pos'), 'pos = end;'].join('\n');
  };

  for (let i = from; i < to; i++) {
    const t = tokens[i]!;
    if (t.kind === 'literal') {
      const failAt = tokens[i + 1] ? i + 1 : i;
      if (isOneBlank(t.text)) {
        code.push(`pos = blankRun(line, pos); if (pos < 0) ${fail(failAt)}`);
      } else {
        code.push(`end = matchLiteral(line, pos, TEXT[${i}]); if (end < 0) ${fail(failAt)} pos = end;`);
      }
      continue;
    }
    code.push(`if (pos >= len) ${fail(i)}`);
    const other = t.bracketed ? bracketed(i) : plain(i);
    if (t.quoted) code.push(quoted(i));
    else if (t.optionalQuotes)
      code.push(`if (line.charCodeAt(pos) === 34) {\n${quoted(i)}\n} else {\n${other}\n}`);
    else code.push(other);
  }
  code.push('return pos;');
  const text = tokens.map((t) => (t.kind === 'literal' ? t.text : ''));
  const factory = new Function(
    'matchLiteral',
    'plainEnd',
    'blankRun',
    'wordEnd',
    'isBlank',
    'TEXT',
    'TOKENS',
    `${helpers.join('\n')}\nreturn function scan(line, pos, values) {\n${code.join('\n')}\n};`,
  );
  return factory(matchLiteral, plainEnd, blankRun, wordEnd, isBlankCode, text, tokens) as ScanFunction;
}
