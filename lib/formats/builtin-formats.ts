/**
 * The built-in access-log formats, written as the Apache LogFormat strings they are. `auto` tries
 * them in this order; on equal scores the earlier (more specific) one wins.
 */
import { compileApacheLogFormat } from './apache-log-format.ts';
import type { LineFormatSpec } from './spec.ts';

const COMMON = '%h %l %u %t "%r" %>s %b';
const COMBINED = `${COMMON} "%{Referer}i" "%{User-Agent}i"`;
// nginx `main` often appends "$http_x_forwarded_for"; it is optional so plain combined lines parse too.
const FORWARDED = ' "%{X-Forwarded-For}i"';

export const BUILTIN_FORMATS: readonly LineFormatSpec[] = [
  compileApacheLogFormat('vhost_combined', `%v ${COMBINED}`, FORWARDED),
  compileApacheLogFormat('combined', COMBINED, FORWARDED),
  compileApacheLogFormat('vhost_common', `%v ${COMMON}`),
  compileApacheLogFormat('common', COMMON),
];

export const BUILTIN_FORMAT_NAMES = BUILTIN_FORMATS.map((f) => f.name);

export function builtinFormat(name: string): LineFormatSpec | undefined {
  return BUILTIN_FORMATS.find((f) => f.name === name);
}
