/**
 * Thrift Compact Protocol for Parquet's page headers, page indexes and footer: the same bytes as
 * hyparquet-writer's `serializeTCompactProtocol` for the same `{ field_N: … }` object, without its
 * per-field costs (Object.entries, a regular expression and parseInt per field name, a new
 * TextEncoder per string). A small file's metadata is most of its encoding — a year of a small
 * site writes 15,000 files — and the generic encoder was the events thread's largest single cost
 * there. test/tables/thrift-compact.test.ts compares both encoders byte for byte.
 */
import { ThriftStruct } from 'hyparquet-writer/src/thrift.js';
import type { Writer } from 'hyparquet-writer/src/types.js';

const STOP = 0;
const TRUE = 1;
const FALSE = 2;
const BYTE = 3;
const I32 = 5;
const I64 = 6;
const DOUBLE = 7;
const BINARY = 8;
const LIST = 9;
const STRUCT = 12;

/** `field_12` → 12, parsed once per name. */
const fieldIds = new Map<string, number>();
/** Column names, `created_by` and the like repeat in every file: their UTF-8 bytes, encoded once. */
const utf8 = new Map<string, Uint8Array>();
const UTF8_CACHE = 4096;

function fieldId(key: string): number {
  let fid = fieldIds.get(key);
  if (fid === undefined) {
    fid = /^field_\d+$/.test(key) ? Number(key.slice(6)) : Number.NaN;
    if (Number.isNaN(fid)) throw new Error(`thrift invalid field name: ${key}. Expected "field_###"`);
    fieldIds.set(key, fid);
  }
  return fid;
}

function bytesOf(text: string): Uint8Array {
  let bytes = utf8.get(text);
  if (bytes === undefined) {
    bytes = Buffer.from(text, 'utf8');
    if (text.length <= 256) {
      if (utf8.size >= UTF8_CACHE) utf8.clear();
      utf8.set(text, bytes);
    }
  }
  return bytes;
}

function typeOf(value: unknown): number {
  if (value === true) return TRUE;
  if (value === false) return FALSE;
  if (Number.isInteger(value)) return I32;
  if (typeof value === 'number') return DOUBLE;
  if (typeof value === 'bigint') return I64;
  if (typeof value === 'string') return BINARY;
  if (value instanceof Uint8Array) return BINARY;
  if (Array.isArray(value)) return LIST;
  if (value && typeof value === 'object') return STRUCT;
  throw new Error(`Cannot determine thrift compact type for: ${String(value)}`);
}

function listTypeOf(values: readonly unknown[]): number {
  let elemType = 0;
  for (const v of values) {
    let t = typeOf(v);
    if (t === TRUE) t = FALSE;
    if (!elemType) elemType = t;
    if (elemType === DOUBLE && t === I32) t = DOUBLE;
    if (elemType === I32 && t === DOUBLE) elemType = DOUBLE;
    if (t !== elemType)
      throw new Error(`thrift invalid type for list element: ${String(v)} (expected type ${elemType})`);
  }
  return elemType;
}

function writeField(writer: Writer, lastFid: number, fid: number, type: number, value: unknown): number {
  const delta = fid - lastFid;
  if (delta <= 0) throw new Error(`thrift non-monotonic field id: fid=${fid}, lastFid=${lastFid}`);
  if (delta > 15) {
    writer.appendUint8(type);
    writer.appendZigZag(fid);
  } else {
    writer.appendUint8((delta << 4) | type);
  }
  writeValue(writer, type, value);
  return fid;
}

function writeValue(writer: Writer, type: number, value: unknown): void {
  switch (type) {
    case TRUE:
    case FALSE:
      return;
    case BYTE:
      writer.appendUint8(value as number);
      return;
    case I32:
      writer.appendZigZag(value as number);
      return;
    case I64:
      writer.appendZigZag(value as bigint);
      return;
    case DOUBLE:
      writer.appendFloat64(value as number);
      return;
    case BINARY: {
      const bytes = typeof value === 'string' ? bytesOf(value) : (value as Uint8Array);
      writer.appendVarInt(bytes.byteLength);
      writer.appendBytes(bytes);
      return;
    }
    case LIST: {
      const values = value as unknown[];
      const elemType = listTypeOf(values);
      if (values.length > 14) {
        writer.appendUint8((15 << 4) | elemType);
        writer.appendVarInt(values.length);
      } else {
        writer.appendUint8((values.length << 4) | elemType);
      }
      if (elemType === FALSE) for (const v of values) writer.appendUint8(v ? 1 : 0);
      else for (const v of values) writeValue(writer, elemType, v);
      return;
    }
    case STRUCT: {
      let lastFid = 0;
      if (value instanceof ThriftStruct) {
        for (const [fid, fieldType, fieldValue] of value.fields) {
          if (fieldValue === undefined) continue;
          lastFid = writeField(writer, lastFid, fid, fieldType, fieldValue);
        }
      } else {
        const struct = value as Record<string, unknown>;
        for (const key in struct) {
          const v = struct[key];
          if (v === undefined) continue;
          lastFid = writeField(writer, lastFid, fieldId(key), typeOf(v), v);
        }
      }
      writer.appendUint8(STOP);
      return;
    }
  }
}

/** Writes a `{ field_N: … }` object as a Thrift struct, exactly as `serializeTCompactProtocol` does. */
export function writeCompact(writer: Writer, struct: Record<string, unknown>): void {
  writeValue(writer, STRUCT, struct);
}
