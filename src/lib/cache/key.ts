/**
 * Cache keys: a trace is known by the SHA-256 of its file bytes; a result by (trace hash, normalized
 * scenario, engine version). Web Crypto only (crypto.subtle), so the same code runs in the page, in a
 * worker and in Node 20 (globalThis.crypto).
 */
import type { WorkloadShape } from '../trace/types';
import type { Scenario } from '../sim/types';

/** Significant digits kept when normalizing numbers: 0.1 + 0.2 and 0.3 give the same key. */
const SIGNIFICANT_DIGITS = 12;

/** Lowercase hex SHA-256 of some bytes. */
export async function sha256Hex(bytes: ArrayBuffer | ArrayBufferView): Promise<string> {
	const view =
		bytes instanceof ArrayBuffer
			? new Uint8Array(bytes)
			: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const digest = await globalThis.crypto.subtle.digest('SHA-256', view as Uint8Array<ArrayBuffer>);
	const out = new Uint8Array(digest);
	let hex = '';
	for (let i = 0; i < out.length; i++) hex += out[i].toString(16).padStart(2, '0');
	return hex;
}

/** Lowercase hex SHA-256 of a string's UTF-8 bytes. */
export function sha256HexOfText(text: string): Promise<string> {
	return sha256Hex(new TextEncoder().encode(text));
}

/**
 * A number in a canonical form: 12 significant digits (drops float noise from form arithmetic),
 * -0 -> 0. NaN and ±Infinity become strings so they cannot collide with null or each other.
 */
function normalizeNumber(x: number): number | string {
	if (!Number.isFinite(x)) return String(x);
	if (x === 0) return 0;
	return Number(x.toPrecision(SIGNIFICANT_DIGITS));
}

function normalize(value: unknown): unknown {
	if (typeof value === 'number') return normalizeNumber(value);
	if (value === null || typeof value !== 'object') return value;
	if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : normalize(v)));
	if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>, normalizeNumber);
	const out: Record<string, unknown> = {};
	for (const k of Object.keys(value).sort()) {
		const v = (value as Record<string, unknown>)[k];
		// undefined and functions are not data: same as JSON, an absent key and an undefined one agree.
		if (v === undefined || typeof v === 'function') continue;
		out[k] = normalize(v);
	}
	return out;
}

/** JSON with keys sorted at every depth and numbers normalized: equal data, equal string. */
export function stableStringify(value: unknown): string {
	return JSON.stringify(normalize(value)) ?? 'null';
}

/** Hash of everything that decides a simulation besides the trace: the scenario and the workload shape. */
export function normalizedScenarioKey(scenario: Scenario, shape: WorkloadShape): Promise<string> {
	return sha256HexOfText(stableStringify({ scenario, shape }));
}

/** The key of one cached result. Readable on purpose: it shows up in devtools and in bug reports. */
export function resultKey(traceHash: string, scenarioKey: string, engineVersion: string): string {
	return `${traceHash}:${scenarioKey}:${engineVersion}`;
}
