// browsers.d.mts: the types of browsers.mjs.
export declare const CHROMIUM_ARGS: string[];
export declare const chromiumPath: () => string;
