/** A typed array of `capacity` elements starting with `array`'s: column storage that doubles as it fills. */
export function grown<A extends Float64Array | Int32Array | Uint8Array>(array: A, capacity: number): A {
  const bigger = new (array.constructor as new (n: number) => A)(capacity);
  bigger.set(array);
  return bigger;
}
