/**
 * Measured forward-step times, as tests/fixtures/fidelity holds them: JSON Lines (one object per
 * line) or CSV with a header. Fields: gpu, model (catalog ids), kind (prefill | decode | mixed), batch,
 * newTokens, contextTokens, ms, and for mixed steps prefillTokens and prefillContextTokens; impl,
 * weights, minMs and maxMs are optional. Every problem a person can meet is a message naming the file,
 * the line and the field.
 */
import Papa from 'papaparse';
import { findGpu, findModel } from '../catalog';

/** One measured step (docs/measure.md says what each field means). */
export interface MeasuredStep {
	gpu: string;
	model: string;
	kind: 'prefill' | 'decode' | 'mixed';
	batch: number;
	newTokens: number;
	contextTokens: number;
	ms: number;
	/** Mixed steps: the prefill chunk's new tokens and the cached tokens it attends to. */
	prefillTokens?: number;
	prefillContextTokens?: number;
	impl?: string;
	/** 'bf16' (default) or 'fp8': the linear layers' weights. */
	weights?: string;
	/** Where the row came from (file name), for per-set reports. */
	set?: string;
}

/** The fields every row needs, and those mixed rows add. */
export const REQUIRED_FIELDS = ['gpu', 'model', 'kind', 'batch', 'newTokens', 'contextTokens', 'ms'] as const;
export const MIXED_FIELDS = ['prefillTokens', 'prefillContextTokens'] as const;

export type ParseResult = { ok: true; rows: MeasuredStep[] } | { ok: false; message: string };

const KINDS = new Set(['prefill', 'decode', 'mixed']);

/** Parses one measurement file's text; `name` labels errors and each row's set. */
export function parseMeasurements(text: string, name: string): ParseResult {
	const trimmed = text.replace(/^\uFEFF/, '').trim();
	if (trimmed === '') return { ok: false, message: `${name}: the file is empty. It needs JSON Lines or CSV rows with ${REQUIRED_FIELDS.join(', ')}.` };
	const records = trimmed.startsWith('{') ? jsonLines(trimmed, name) : csvRows(trimmed, name);
	if (!records.ok) return records;
	const rows: MeasuredStep[] = [];
	for (const { line, rec } of records.records) {
		const r = toStep(rec, `${name}, line ${line}`, name);
		if (typeof r === 'string') return { ok: false, message: r };
		rows.push(r);
	}
	return { ok: true, rows };
}

type Records = { ok: true; records: { line: number; rec: Record<string, unknown> }[] } | { ok: false; message: string };

function jsonLines(text: string, name: string): Records {
	const records: { line: number; rec: Record<string, unknown> }[] = [];
	const lines = text.split(/\r?\n/);
	for (let i = 0; i < lines.length; i++) {
		const l = lines[i].trim();
		if (l === '') continue;
		let v: unknown;
		try {
			v = JSON.parse(l);
		} catch {
			return { ok: false, message: `${name}, line ${i + 1}: not valid JSON. Each line of a JSON Lines file must be one object, e.g. {"gpu": "h200-sxm", ...}.` };
		}
		if (v === null || typeof v !== 'object' || Array.isArray(v)) return { ok: false, message: `${name}, line ${i + 1}: expected a JSON object per line.` };
		records.push({ line: i + 1, rec: v as Record<string, unknown> });
	}
	return { ok: true, records };
}

function csvRows(text: string, name: string): Records {
	const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true, transformHeader: (h) => h.trim() });
	const fields = parsed.meta.fields ?? [];
	const missing = REQUIRED_FIELDS.filter((f) => !fields.includes(f));
	if (missing.length > 0) {
		return {
			ok: false,
			message: `${name}: the header lacks ${missing.join(', ')} (found: ${fields.join(', ') || 'nothing'}). A measurement CSV needs the columns ${REQUIRED_FIELDS.join(', ')}, plus ${MIXED_FIELDS.join(', ')} for mixed steps.`
		};
	}
	return { ok: true, records: parsed.data.map((rec, i) => ({ line: i + 2, rec })) };
}

function num(rec: Record<string, unknown>, field: string): number | undefined {
	const v = rec[field];
	if (v === undefined || v === null || v === '') return undefined;
	const n = typeof v === 'number' ? v : Number(v);
	return Number.isFinite(n) ? n : NaN;
}

/** A validated row, or a message that says what is wrong where. */
function toStep(rec: Record<string, unknown>, where: string, set: string): MeasuredStep | string {
	const missing = REQUIRED_FIELDS.filter((f) => rec[f] === undefined || rec[f] === null || rec[f] === '');
	if (missing.length > 0) return `${where}: missing ${missing.join(', ')}. Every row needs ${REQUIRED_FIELDS.join(', ')}.`;
	const gpu = String(rec.gpu);
	const model = String(rec.model);
	const kind = String(rec.kind);
	if (!findGpu(gpu)) return `${where}: unknown GPU "${gpu}". Use a catalog id (see \`cli gpus\`), e.g. h200-sxm.`;
	if (!findModel(model)) return `${where}: unknown model "${model}". Use a catalog id (see \`cli models\`), e.g. qwen3-1.7b.`;
	if (!KINDS.has(kind)) return `${where}: kind "${kind}" is not prefill, decode or mixed.`;
	const step: MeasuredStep = { gpu, model, kind: kind as MeasuredStep['kind'], batch: 0, newTokens: 0, contextTokens: 0, ms: 0, set };
	for (const f of ['batch', 'newTokens', 'contextTokens', 'ms'] as const) {
		const n = num(rec, f) as number;
		if (Number.isNaN(n)) return `${where}: ${f} is "${String(rec[f])}", not a number.`;
		step[f] = n;
	}
	if (!(step.ms > 0)) return `${where}: ms is ${step.ms}; a measured step time must be positive (milliseconds).`;
	if (!(step.batch >= 1) || !Number.isInteger(step.batch)) return `${where}: batch is ${step.batch}; it must be a whole number ≥ 1.`;
	if (!(step.newTokens >= 1)) return `${where}: newTokens is ${step.newTokens}; it must be ≥ 1.`;
	if (!(step.contextTokens >= 0)) return `${where}: contextTokens is ${step.contextTokens}; it must be ≥ 0.`;
	if (kind === 'decode' && step.newTokens !== 1) return `${where}: a decode step adds one token per sequence (newTokens 1), got ${step.newTokens}.`;
	if (kind === 'mixed') {
		const pt = num(rec, 'prefillTokens');
		const pc = num(rec, 'prefillContextTokens');
		if (pt === undefined || pc === undefined) return `${where}: a mixed step needs prefillTokens and prefillContextTokens (the prefill chunk packed with the decoders).`;
		if (!(pt >= 1) || !(pc >= 0)) return `${where}: prefillTokens must be ≥ 1 and prefillContextTokens ≥ 0; got ${pt} and ${pc}.`;
		step.prefillTokens = pt;
		step.prefillContextTokens = pc;
	}
	if (rec.impl !== undefined && rec.impl !== '') step.impl = String(rec.impl);
	if (rec.weights !== undefined && rec.weights !== '') step.weights = String(rec.weights);
	return step;
}
