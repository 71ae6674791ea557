/** The engine on a real public trace: the first 3,000 rows of Azure LLM inference 2023 (conversation), kept in tests/fixtures/real. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findGpu } from '../../src/lib/catalog/index';
import { runRequestLevel } from '../../src/lib/sim/batching/request-level';
import { defaultScenario, methodScenario, prepareContext, simulate } from '../../src/lib/sim/index';
import type { GpuSpec } from '../../src/lib/sim/types';
import { parseTraceBytes } from '../../src/lib/trace/parse';
import { shapeWorkload } from '../../src/lib/trace/workload';
import { REAL_SAMPLES } from '../helpers/real-data';
import { assertAllFinite } from './helpers';

const file = REAL_SAMPLES.azureConv;

describe('Azure 2023 conversation trace', () => {
	const parsed = parseTraceBytes(readFileSync(file), { name: 'AzureLLMInferenceTrace_conv.head3000.csv' });
	if (!parsed.ok) throw new Error(parsed.error.message);
	// 3,000 requests replayed 20× faster than recorded: enough load that batching policy matters.
	const shaped = shapeWorkload(parsed.trace, { size: 3000, selection: { kind: 'first' }, keepFailed: true, timing: { kind: 'scale', rpsScale: 20 } });
	if (!shaped.ok) throw new Error(shaped.error.message);
	const w = shaped.workload;
	const gpu = findGpu('a100-80gb-sxm') as GpuSpec;

	it('every method serves every request with defined metrics and Little’s law holding', () => {
		const results: Record<string, ReturnType<typeof simulate>> = {};
		for (const method of ['static', 'dynamic', 'multibin'] as const) {
			const s = methodScenario(method, defaultScenario({ gpu }), { gpus: 2, bins: 4 });
			const r = simulate(w, s);
			results[method] = r;
			expect(r.summary.completed + r.summary.failed + r.summary.dropped).toBe(3000);
			assertAllFinite(r);
			const rec = runRequestLevel(w, s, prepareContext(w, s).ctx);
			let q = 0;
			for (let i = 0; i < w.arrivalS.length; i++) if (rec.dropCode[i] === 0) q += rec.startS[i] - w.arrivalS[i];
			expect(Math.abs((rec.queueIntegralS as number) - q)).toBeLessThanOrEqual(1e-9 * Math.max(1, q));
		}
		// Under load, sizing batches to memory and the SLA moves at least as many tokens as B = 8.
		expect(results.dynamic.summary.outputTokPerS as number).toBeGreaterThanOrEqual(0.95 * (results.static.summary.outputTokPerS as number));
		expect(results.multibin.series.perBin).toHaveLength(4);
	});
});
