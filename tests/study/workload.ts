/** Small deterministic study workloads for tests: the first N rows of the synthetic trace, rebased and RPS-scaled. */
import { synthesizeBurstGpt } from '../../src/lib/trace/synth';
import type { StudyWorkload } from '../../src/lib/study/types';

/** Workloads of the given sizes cut from one synthetic trace (seed 7), arrivals / rpsScale. */
export function testWorkloads(sizes: number[], rpsScale = 200): StudyWorkload[] {
	const t = synthesizeBurstGpt(Math.max(...sizes), 7);
	return sizes.map((n) => {
		const t0 = t.arrivalS[0];
		const arrivalS = new Float64Array(n);
		for (let i = 0; i < n; i++) arrivalS[i] = (t.arrivalS[i] - t0) / rpsScale;
		return {
			size: n,
			workload: {
				arrivalS,
				promptTokens: t.promptTokens.slice(0, n),
				outputTokens: t.outputTokens.slice(0, n),
				label: `first ${n} of the synthetic trace`,
				synthetic: true
			}
		};
	});
}
