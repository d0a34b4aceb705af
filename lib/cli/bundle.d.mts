/** Types of bundle.mjs (plain JavaScript, so that it runs before TypeScript can be loaded). */
export declare function sourceStamp(lib: string): string;
export declare function bundledCli(lib?: string): Promise<string | null>;
