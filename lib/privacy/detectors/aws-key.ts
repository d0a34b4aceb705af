/** Removes AWS access key ids (AKIA…, ASIA… and the other IAM prefixes) → `[aws-key]`. */
import { type Detector, replaceMatches } from './detector.ts';

const ACCESS_KEY =
  /(?<![A-Z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])/g;

export const awsKeyDetector: Detector = {
  kind: 'aws-key',
  replace(text) {
    return text.length < 20 ? text : replaceMatches(text, ACCESS_KEY, '[aws-key]');
  },
};
