/** The aggregate function's Athena client: region and credentials from the standard environment. */
import { AthenaClient } from '@aws-sdk/client-athena';

export function athenaClient(): AthenaClient {
  return new AthenaClient({});
}
