/**
 * Where tables live: the local `--out` directory or the analytics bucket, addressed by the same keys
 * (`events/dt=…/hour=…/….parquet`, `aggregates/…`). Objects appear whole or not at all.
 */

export interface ObjectSink {
  write(chunk: Uint8Array): Promise<void>;
  /** Publishes the object under its key (replacing any previous one). */
  commit(): Promise<void>;
  /** Drops what was written; the previous object, if any, stays. */
  abort(): Promise<void>;
}

export interface StoredObject {
  readonly key: string;
  readonly size: number;
  /** Epoch ms of the last write (file mtime, S3 LastModified). */
  readonly lastModified: number;
}

export interface Store {
  createObject(key: string): Promise<ObjectSink>;
  putObject(key: string, body: Uint8Array | string): Promise<void>;
  /** The object's bytes, or null when it does not exist. */
  getObject(key: string): Promise<Buffer | null>;
  list(prefix: string): AsyncIterable<StoredObject>;
  deleteObject(key: string): Promise<void>;
}
