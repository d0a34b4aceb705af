/**
 * Undoes the escaping web servers apply inside quoted fields (Apache `\"` `\\` `\xhh`, nginx `\xHH`),
 * so the same user agent yields the same visitor id whichever server logged it.
 */

const HEX = /^[0-9a-fA-F]{2}$/;

export function unescapeLogValue(value: string): string {
  if (value.indexOf('\\') < 0) return value;
  const bytes: number[] = [];
  const pushText = (text: string) => {
    for (const b of Buffer.from(text, 'utf8')) bytes.push(b);
  };
  let i = 0;
  let plainStart = 0;
  while (i < value.length) {
    if (value.charCodeAt(i) !== 92 || i + 1 >= value.length) {
      i++;
      continue;
    }
    pushText(value.slice(plainStart, i));
    const next = value[i + 1]!;
    if (next === 'x' && HEX.test(value.slice(i + 2, i + 4))) {
      bytes.push(Number.parseInt(value.slice(i + 2, i + 4), 16));
      i += 4;
    } else if (next === '"' || next === '\\') {
      bytes.push(next.charCodeAt(0));
      i += 2;
    } else if (next === 'n' || next === 't' || next === 'r') {
      bytes.push(next === 'n' ? 10 : next === 't' ? 9 : 13);
      i += 2;
    } else {
      bytes.push(92);
      i += 1;
    }
    plainStart = i;
  }
  pushText(value.slice(plainStart));
  return Buffer.from(bytes).toString('utf8');
}
