/**
 * One SQS batch: every object of every message is ingested in turn; a message fails (and only that
 * message) when one of its objects fails. Before starting an object the remaining time is checked,
 * so an object is never cut off half-way: the rest of the batch is left for redelivery.
 */
import type { S3ObjectRef } from '../aws/s3-input.ts';
import type { NotificationMessage } from './s3-notifications.ts';

export interface BatchOutcome {
  readonly failedMessageIds: string[];
  readonly processed: number;
  readonly deferred: number;
}

export interface BatchHooks {
  processObject(ref: S3ObjectRef): Promise<void>;
  remainingMs(): number;
  onFailure(messageId: string, key: string | null, reason: string): void;
}

/** Time an object may need at most; below this, remaining messages wait for the next invocation. */
export const MIN_REMAINING_MS = 60_000;

export async function ingestBatch(
  messages: readonly NotificationMessage[],
  hooks: BatchHooks,
): Promise<BatchOutcome> {
  const failed: string[] = [];
  let processed = 0;
  let deferred = 0;
  for (let m = 0; m < messages.length; m++) {
    const message = messages[m]!;
    if (message.invalid) {
      hooks.onFailure(message.messageId, null, 'not an S3 notification');
      failed.push(message.messageId);
      continue;
    }
    let ok = true;
    for (const ref of message.objects) {
      if (hooks.remainingMs() < MIN_REMAINING_MS) {
        // Out of time: this message and all after it go back to the queue untouched.
        const rest = messages.slice(m).map((x) => x.messageId);
        failed.push(...rest);
        deferred += rest.length;
        return { failedMessageIds: failed, processed, deferred };
      }
      try {
        await hooks.processObject(ref);
        processed++;
      } catch (err) {
        ok = false;
        hooks.onFailure(message.messageId, ref.key, err instanceof Error ? err.name : 'error');
        break;
      }
    }
    if (!ok) failed.push(message.messageId);
  }
  return { failedMessageIds: failed, processed, deferred };
}
