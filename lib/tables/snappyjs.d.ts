// snappyjs ships no types; these are the two functions of its public API that logveil uses.
declare module 'snappyjs' {
  const snappyjs: {
    compress(input: Uint8Array): Uint8Array;
    uncompress(input: Uint8Array, maxLength?: number): Uint8Array;
  };
  export default snappyjs;
}
