/**
 * Trace <-> stored record. Columns are stored as ArrayBuffers; reading them back checks every
 * invariant a Trace promises (lengths agree, codes in range, arrivals finite and sorted), because a
 * damaged record must be skipped and reported, never fed to the engine.
 */
import type { ParseReport, Trace, TraceFormat } from '../trace/types';
import { prefixColumnsOf, prefixFieldsFrom } from './trace-prefix-record';
import type { TraceColumns, TraceColumnsRecord, TraceFileMeta, TraceMetaRecord } from './types';
import { isObject } from './record-shape';

const FORMATS: readonly TraceFormat[] = [
	'burstgpt-v1',
	'burstgpt-v2',
	'azure-2023',
	'mooncake-jsonl',
	'mapped-csv',
	'synthetic'
];

/** The bytes of a typed array as an ArrayBuffer of exactly its length (no copy when it owns its buffer). */
function bytesOf(a: Float64Array | Uint32Array | Uint8Array): ArrayBuffer {
	if (a.byteOffset === 0 && a.byteLength === a.buffer.byteLength && a.buffer instanceof ArrayBuffer) {
		return a.buffer;
	}
	return a.slice().buffer as ArrayBuffer;
}

/** Splits a Trace into the listing row and the columns record that IndexedDB stores. */
export function traceToRecords(
	hash: string,
	meta: TraceFileMeta,
	trace: Trace,
	report: ParseReport,
	createdAt: number
): { meta: TraceMetaRecord; columns: TraceColumnsRecord } {
	const columns: TraceColumns = {
		arrivalS: bytesOf(trace.arrivalS),
		promptTokens: bytesOf(trace.promptTokens),
		outputTokens: bytesOf(trace.outputTokens),
		modelCode: bytesOf(trace.modelCode),
		logTypeCode: bytesOf(trace.logTypeCode)
	};
	return {
		meta: {
			hash,
			name: meta.name,
			sizeBytes: meta.sizeBytes,
			format: meta.format,
			requests: trace.arrivalS.length,
			synthetic: trace.synthetic,
			report,
			createdAt
		},
		columns: {
			hash,
			columns,
			modelNames: [...trace.modelNames],
			logTypeNames: [...trace.logTypeNames],
			...prefixColumnsOf(trace)
		}
	};
}

function isStringArray(x: unknown): x is string[] {
	return Array.isArray(x) && x.every((s) => typeof s === 'string');
}

function isCount(x: unknown): x is number {
	return typeof x === 'number' && Number.isInteger(x) && x >= 0;
}

/** Why a listing row is unusable, or null when it is a valid TraceMetaRecord. */
export function metaProblem(x: unknown): string | null {
	if (!isObject(x)) return 'not an object';
	if (typeof x.hash !== 'string' || x.hash.length === 0) return 'missing hash';
	if (typeof x.name !== 'string') return 'missing name';
	if (!isCount(x.sizeBytes)) return 'bad sizeBytes';
	if (typeof x.format !== 'string' || !FORMATS.includes(x.format as TraceFormat)) return 'unknown format';
	if (!isCount(x.requests)) return 'bad request count';
	if (typeof x.createdAt !== 'number' || !Number.isFinite(x.createdAt)) return 'bad createdAt';
	if (typeof x.synthetic !== 'boolean') return 'bad synthetic flag';
	if (!isObject(x.report) || !isCount(x.report.rowsKept)) return 'bad parse report';
	return null;
}

/**
 * Rebuilds a Trace from its two records, or says what is wrong with them.
 * O(n) over the columns: cheap next to reading them from disk.
 */
export function recordsToTrace(meta: TraceMetaRecord, rec: unknown): { trace: Trace } | { problem: string } {
	if (!isObject(rec) || rec.hash !== meta.hash) return { problem: 'columns missing' };
	const cols = rec.columns;
	if (!isObject(cols)) return { problem: 'columns missing' };
	if (!isStringArray(rec.modelNames) || !isStringArray(rec.logTypeNames)) return { problem: 'bad name lists' };
	const names = ['arrivalS', 'promptTokens', 'outputTokens', 'modelCode', 'logTypeCode'] as const;
	for (const k of names) if (!(cols[k] instanceof ArrayBuffer)) return { problem: `column ${k} is not bytes` };
	const n = meta.requests;
	const c = cols as unknown as TraceColumns;
	const widths = { arrivalS: 8, promptTokens: 4, outputTokens: 4, modelCode: 1, logTypeCode: 1 };
	for (const k of names) {
		if (c[k].byteLength !== n * widths[k]) {
			return { problem: `column ${k} holds ${c[k].byteLength} bytes, expected ${n * widths[k]} for ${n} requests` };
		}
	}
	const arrivalS = new Float64Array(c.arrivalS);
	for (let i = 0; i < n; i++) {
		const t = arrivalS[i];
		if (!Number.isFinite(t) || (i > 0 && t < arrivalS[i - 1])) return { problem: `arrival ${i + 1} is not finite or not sorted` };
	}
	const modelCode = new Uint8Array(c.modelCode);
	const logTypeCode = new Uint8Array(c.logTypeCode);
	// Code 0 is allowed with an empty name list (formats without that column).
	const maxModel = Math.max(1, rec.modelNames.length);
	const maxLog = Math.max(1, rec.logTypeNames.length);
	for (let i = 0; i < n; i++) {
		if (modelCode[i] >= maxModel) return { problem: `model code of request ${i + 1} is out of range` };
		if (logTypeCode[i] >= maxLog) return { problem: `log type code of request ${i + 1} is out of range` };
	}
	const sharing = prefixFieldsFrom(rec, n);
	if ('problem' in sharing) return sharing;
	return {
		trace: {
			...sharing.fields,
			name: meta.name,
			format: meta.format,
			synthetic: meta.synthetic,
			arrivalS,
			promptTokens: new Uint32Array(c.promptTokens),
			outputTokens: new Uint32Array(c.outputTokens),
			modelCode,
			modelNames: [...rec.modelNames],
			logTypeCode,
			logTypeNames: [...rec.logTypeNames]
		}
	};
}
