/**
 * The shape check every stored record starts with: IndexedDB may hand back anything (a damaged or
 * foreign record), so readers test that a value is an object before reading its fields.
 */

/** A non-null object that is not an array. */
export function isObject(x: unknown): x is Record<string, unknown> {
	return typeof x === 'object' && x !== null && !Array.isArray(x);
}
