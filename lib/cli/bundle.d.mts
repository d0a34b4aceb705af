/** Types of bundle.mjs (plain JavaScript, so that it runs before TypeScript can be loaded). */
export declare function sourceStamp(lib: string): string;
export declare function bundledCli(lib?: string): Promise<string | null>;
export declare function buildPrebuiltCli(lib?: string, outdir?: string): Promise<string>;
export declare function cliModule(lib?: string): Promise<string | null>;
