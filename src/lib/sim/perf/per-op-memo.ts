/**
 * Memo tables of the per-operator model, shared by every model instance with the same parameters.
 * A matrix product's cost is a pure function of its row count once the model, GPU and profile are
 * fixed, and a study or a planner builds one model per run on the same model and GPU: sharing the
 * tables lets the second run start warm instead of recomputing (and allocating) them. Values are the
 * same bits as computing afresh; a table is found by a key that lists every number the cost reads.
 */

/** A direct-mapped memo: slot = row count & (slots − 1); `rows[slot]` says which count the slot holds. */
export interface RowMemo {
	rows: Float64Array;
	valueS: Float64Array;
	mask: number;
}

/** Distinct parameter sets kept (a study or a plan compares a few models and GPUs). */
const MAX_TABLES = 8;
const tables = new Map<string, RowMemo>();

/**
 * The shared memo for `key` with `slots` slots (a power of two), created empty (every slot holding
 * row count −1, which no call asks for) on first use. The least recently used set goes beyond MAX_TABLES.
 */
export function sharedRowMemo(key: string, slots: number): RowMemo {
	const k = `${slots}|${key}`;
	let m = tables.get(k);
	if (m) {
		tables.delete(k); // re-insert: Map order is the recency order
	} else {
		m = { rows: new Float64Array(slots).fill(-1), valueS: new Float64Array(slots), mask: slots - 1 };
		if (tables.size >= MAX_TABLES) tables.delete(tables.keys().next().value as string);
	}
	tables.set(k, m);
	return m;
}
