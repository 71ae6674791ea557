/**
 * Step 2's rows from its planned runs and their outcomes: per size, every method at 1 GPU and at the
 * optimized configuration's GPU count, then the optimized row (or a row saying why there is none).
 */
import { step2GpuCounts } from './plan';
import type { OptimizedSelection, RunOutcome, RunSpec, Step2Row, StudyConfig } from './types';

/** The rows in table order: size, GPU count, the configured method order; optimized last per size. */
export function step2Rows(config: StudyConfig, sizes: number[], specs: RunSpec[], optimized: OptimizedSelection[], byKey: Map<string, RunOutcome>): Step2Row[] {
	const rows: Step2Row[] = [];
	const row = (spec: RunSpec): Step2Row => {
		const o = byKey.get(spec.key);
		const ok = o?.ok === true;
		return {
			key: spec.key,
			size: spec.size,
			method: spec.method,
			gpus: spec.gpus,
			bins: spec.bins,
			batch: spec.scenario.sizing.kind === 'fixed' ? spec.scenario.sizing.batch : null,
			summary: ok ? o.summary : null,
			series: ok ? o.series : null,
			...(ok ? {} : { error: o ? (o as { error: string }).error : 'not run' })
		};
	};
	for (const size of sizes) {
		const sel = optimized.find((o) => o.size === size);
		const mine = specs.filter((s) => s.size === size);
		for (const gpus of step2GpuCounts(sel)) {
			for (const method of config.methods) {
				if (method === 'optimized') continue;
				const spec = mine.find((s) => s.method === method && s.gpus === gpus);
				if (spec) rows.push(row(spec));
			}
		}
		if (!config.methods.includes('optimized')) continue;
		const opt = mine.find((s) => s.method === 'optimized');
		if (opt) rows.push(row(opt));
		else rows.push({ key: '', size, method: 'optimized', gpus: 0, bins: 0, batch: null, summary: null, series: null, error: sel?.note ?? 'not run' });
	}
	return rows;
}

/** Each method's output tok/s and P95 E2E relative to static batching at the same size and GPU count. */
export function relativeToStatic(rows: Step2Row[], r: Step2Row): { throughput: number | null; p95: number | null } {
	const base = rows.find((x) => x.size === r.size && x.method === 'static' && x.gpus === r.gpus)?.summary;
	const s = r.summary;
	const ratio = (a: number | null | undefined, b: number | null | undefined) => (typeof a === 'number' && typeof b === 'number' && b > 0 ? a / b : null);
	return { throughput: ratio(s?.outputTokPerS, base?.outputTokPerS), p95: ratio(s?.e2eP95S, base?.e2eP95S) };
}
