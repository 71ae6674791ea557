/** Byte and size units shared by the engine, the parser's guards and the page (no formatting here). */

/** One gibibyte (2^30 bytes): GPU and browser memory are quoted in these. */
export const GIB = 2 ** 30;
/** One mebibyte (2^20 bytes). */
export const MIB = 2 ** 20;
