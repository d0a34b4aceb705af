/** The records of Firehose's data-transformation contract, as the transform function sees them. */

export interface FirehoseInputRecord {
  readonly recordId: string;
  /** The raw bytes, base64. */
  readonly data: string;
}

export interface FirehoseOutputRecord {
  recordId: string;
  result: 'Ok' | 'Dropped' | 'ProcessingFailed';
  /** base64; empty for `Dropped` and `ProcessingFailed`. */
  data: string;
  metadata?: { partitionKeys: { dt: string; hour: string } };
}
