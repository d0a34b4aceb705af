/**
 * Distinct visitors: exact up to 10,000 per group, then a HyperLogLog sketch (precision 14, 16,384
 * registers, standard error 0.8%). Visitor ids are HMAC outputs, so their hex digits are already
 * uniformly random and serve as the hash.
 */

export const EXACT_LIMIT = 10_000;
const P = 14;
const M = 1 << P;
const ALPHA = 0.7213 / (1 + 1.079 / M);

function hashOf(id: string): [number, number] {
  if (id.length >= 16 && /^[0-9a-f]{16}/.test(id)) {
    return [Number.parseInt(id.slice(0, 8), 16) >>> 0, Number.parseInt(id.slice(8, 16), 16) >>> 0];
  }
  // Not an HMAC id (tests, foreign data): FNV-1a both halves.
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < id.length; i++) {
    a = Math.imul(a ^ id.charCodeAt(i), 0x01000193) >>> 0;
    b = Math.imul(b ^ id.charCodeAt(i), 0x5bd1e995) >>> 0;
  }
  return [a, b];
}

export class DistinctCounter {
  private exact: Set<string> | null = new Set();
  private registers: Uint8Array | null = null;

  add(id: string): void {
    if (this.exact) {
      this.exact.add(id);
      if (this.exact.size > EXACT_LIMIT) this.toSketch();
      return;
    }
    this.addToSketch(id);
  }

  /** Adds everything another counter has seen (for `(other)` rows and totals). */
  merge(other: DistinctCounter): void {
    if (other.exact) {
      for (const id of other.exact) this.add(id);
      return;
    }
    if (this.exact) this.toSketch();
    const mine = this.registers!;
    const theirs = other.registers!;
    for (let i = 0; i < M; i++) if (theirs[i]! > mine[i]!) mine[i] = theirs[i]!;
  }

  get size(): number {
    if (this.exact) return this.exact.size;
    const registers = this.registers!;
    let sum = 0;
    let zeros = 0;
    for (let i = 0; i < M; i++) {
      sum += 2 ** -registers[i]!;
      if (registers[i] === 0) zeros++;
    }
    let estimate = (ALPHA * M * M) / sum;
    // Small-range correction: linear counting while registers are still empty.
    if (estimate <= 2.5 * M && zeros > 0) estimate = M * Math.log(M / zeros);
    return Math.round(estimate);
  }

  get isExact(): boolean {
    return this.exact !== null;
  }

  private toSketch(): void {
    const ids = this.exact!;
    this.exact = null;
    this.registers = new Uint8Array(M);
    for (const id of ids) this.addToSketch(id);
  }

  private addToSketch(id: string): void {
    const [hi, lo] = hashOf(id);
    const index = hi >>> (32 - P);
    // Rank: position of the first 1 bit in the remaining 50 bits.
    const rest = (hi << P) >>> 0;
    let rank: number;
    if (rest !== 0) rank = Math.clz32(rest) + 1;
    else rank = 32 - P + (lo === 0 ? 32 : Math.clz32(lo)) + 1;
    const registers = this.registers!;
    if (rank > registers[index]!) registers[index] = rank;
  }
}
