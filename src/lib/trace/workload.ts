/**
 * Workload shaping: a Trace becomes the requests one simulation replays — which rows (first N,
 * a seeded sample kept in time order, or a time window), whether failed rows stay, and the clock
 * (rebased to 0, then divided by an RPS scale factor as in the study, or re-timed to a target rate).
 */
import { randomLcg } from 'd3-random';
import { selectBlocks } from './prefix-blocks';
import type { Trace, UserError, Workload, WorkloadShape } from './types';
import { checkRpsScale, checkWorkloadClock } from './workload-limits';

/** The study's default: the first 10,000 requests, failed rows kept, arrivals compressed 200× (RPS ×200). */
export const DEFAULT_SHAPE: WorkloadShape = {
	size: 10_000,
	selection: { kind: 'first' },
	keepFailed: true,
	timing: { kind: 'scale', rpsScale: 200 }
};

const fmt = (n: number) => n.toLocaleString('en-US');

function bad(code: string, field: string, message: string): { ok: false; error: UserError } {
	return { ok: false, error: { code, field, message } };
}

/** Indices of the chosen rows, ascending (so arrivals stay in time order). */
function chooseRows(trace: Trace, shape: WorkloadShape, eligible: (i: number) => boolean): Uint32Array | string {
	const n = trace.arrivalS.length;
	const sel = shape.selection;
	if (sel.kind === 'sample') {
		const pool: number[] = [];
		for (let i = 0; i < n; i++) if (eligible(i)) pool.push(i);
		if (pool.length < shape.size) return `${fmt(pool.length)} usable rows`;
		// Selection sampling (Knuth, TAOCP vol. 2, Algorithm S): one pass, uniform, output already sorted.
		const u = randomLcg(sel.seed);
		const out = new Uint32Array(shape.size);
		let taken = 0;
		for (let k = 0; k < pool.length && taken < shape.size; k++) {
			if ((pool.length - k) * u() < shape.size - taken) out[taken++] = pool[k];
		}
		return out;
	}
	const out = new Uint32Array(shape.size);
	let taken = 0;
	for (let i = 0; i < n && taken < shape.size; i++) {
		if (!eligible(i)) continue;
		if (sel.kind === 'window') {
			const t = trace.arrivalS[i];
			if (t < sel.startS) continue;
			if (t >= sel.endS) break; // arrivals are sorted
		}
		out[taken++] = i;
	}
	if (taken < shape.size) return sel.kind === 'window' ? `${fmt(taken)} usable rows between ${sel.startS} s and ${sel.endS} s` : `${fmt(taken)} usable rows`;
	return out;
}

/** Human description of a shape applied to a trace, e.g. "first 10,000 of BurstGPT_1.csv, RPS ×200". */
export function describeShape(trace: Trace, shape: WorkloadShape): string {
	const sel = shape.selection;
	const which =
		sel.kind === 'first'
			? `first ${fmt(shape.size)}`
			: sel.kind === 'sample'
				? `${fmt(shape.size)} sampled (seed ${sel.seed})`
				: `${fmt(shape.size)} from ${sel.startS}–${sel.endS} s`;
	const timing = shape.timing.kind === 'scale' ? `RPS ×${shape.timing.rpsScale}` : `${shape.timing.requestsPerS} req/s`;
	return `${which} of ${trace.name}${shape.keepFailed ? '' : ', failed rows dropped'}, ${timing}${trace.synthetic && !/synthetic/i.test(trace.name) ? ' (synthetic)' : ''}`;
}

/** Shapes a trace into a workload, or explains (which field, what to do) why the shape cannot apply. */
export function shapeWorkload(trace: Trace, shape: WorkloadShape): { ok: true; workload: Workload } | { ok: false; error: UserError } {
	if (!Number.isInteger(shape.size) || shape.size < 1) return bad('bad-size', 'size', `The workload size must be a whole number of at least 1; got ${shape.size}.`);
	const sel = shape.selection;
	if (sel.kind === 'sample' && !Number.isFinite(sel.seed)) return bad('bad-seed', 'seed', `The sample seed must be a number; got ${sel.seed}.`);
	if (sel.kind === 'window' && !(Number.isFinite(sel.startS) && Number.isFinite(sel.endS) && sel.endS > sel.startS)) {
		return bad('bad-window', 'window', `The time window must have finite start and end with end > start; got ${sel.startS}–${sel.endS} s.`);
	}
	const t = shape.timing;
	if (t.kind === 'scale' && !(Number.isFinite(t.rpsScale) && t.rpsScale > 0)) return bad('bad-rps-scale', 'rpsScale', `The RPS scale factor must be a positive number; got ${t.rpsScale}.`);
	const scaleError = t.kind === 'scale' ? checkRpsScale(t.rpsScale) : null;
	if (scaleError) return bad('rps-scale-out-of-range', 'rpsScale', `Cannot shape ${trace.name}: ${scaleError}`);
	if (t.kind === 'rate' && !(Number.isFinite(t.requestsPerS) && t.requestsPerS > 0)) return bad('bad-rate', 'requestsPerS', `The target request rate must be a positive number of requests per second; got ${t.requestsPerS}.`);

	const out = trace.outputTokens;
	const eligible = shape.keepFailed ? () => true : (i: number) => out[i] > 0;
	const rows = chooseRows(trace, shape, eligible);
	if (typeof rows === 'string') {
		return bad(
			'too-few-rows',
			'size',
			`${trace.name} has only ${rows}${shape.keepFailed ? '' : ' (failed rows dropped)'}, fewer than the ${fmt(shape.size)} requested. Choose a size of at most that${sel.kind === 'window' ? ', or widen the window' : ''}${trace.synthetic ? ', or generate more synthetic requests' : ''}.`
		);
	}
	const n = rows.length;
	const arrivalS = new Float64Array(n);
	const promptTokens = new Uint32Array(n);
	const outputTokens = new Uint32Array(n);
	const t0 = trace.arrivalS[rows[0]];
	const span = trace.arrivalS[rows[n - 1]] - t0;
	const clock = checkWorkloadClock(trace, span, n, shape);
	if (clock.error) return { ok: false, error: clock.error };
	// Re-timing keeps the trace's burst pattern and stretches it so n requests span (n - 1) / rate seconds;
	// a zero-span trace has no pattern to keep, so it becomes evenly spaced.
	const factor = t.kind === 'scale' ? 1 / t.rpsScale : span > 0 ? (n - 1) / t.requestsPerS / span : 0;
	for (let k = 0; k < n; k++) {
		const i = rows[k];
		arrivalS[k] = t.kind === 'rate' && span === 0 ? k / t.requestsPerS : (trace.arrivalS[i] - t0) * factor;
		promptTokens[k] = trace.promptTokens[i];
		outputTokens[k] = out[i];
	}
	const workload: Workload = { arrivalS, promptTokens, outputTokens, label: describeShape(trace, shape), synthetic: trace.synthetic };
	if (clock.warning) workload.warnings = [clock.warning];
	// Identities were derived over the whole trace, so any selection keeps what each row shares.
	if (trace.sessionKey) {
		const key = new Uint32Array(n);
		for (let k = 0; k < n; k++) key[k] = trace.sessionKey[rows[k]];
		workload.sessionKey = key;
	}
	if (trace.prefixBlocks) {
		workload.prefixBlocks = selectBlocks(trace.prefixBlocks, rows);
		workload.prefixSource = trace.prefixSource;
	}
	return { ok: true, workload };
}
