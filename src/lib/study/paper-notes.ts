/**
 * One sentence wherever our Step 2 numbers go against a paper's direction, so a reader does not take a
 * model artefact for a contradiction (or the other way round). Derived from the rows, never fixed text
 * shown regardless of the data.
 */
import type { Step2Row, StudyResult } from './types';

/** Relative margin under which two numbers count as "the same" for these notes. */
const SAME = 0.03;

function at(rows: Step2Row[], size: number, gpus: number, method: Step2Row['method']) {
	return rows.find((r) => r.size === size && r.gpus === gpus && r.method === method)?.summary ?? null;
}

/** The notes for one study: each names the workload size and GPU count it is about. */
export function paperNotes(r: Pick<StudyResult, 'step2' | 'config'>): string[] {
	const out: string[] = [];
	const seen = new Set<string>();
	const once = (key: string, text: string) => {
		if (!seen.has(key)) {
			seen.add(key);
			out.push(text);
		}
	};
	for (const row of r.step2) {
		const where = `(${row.size.toLocaleString('en-US')} requests, ${row.gpus} GPU${row.gpus === 1 ? '' : 's'})`;
		const stat = at(r.step2, row.size, row.gpus, 'static');
		const dyn = at(r.step2, row.size, row.gpus, 'dynamic');
		const cont = at(r.step2, row.size, row.gpus, 'continuous');
		const cap = at(r.step2, row.size, row.gpus, 'dynamic-cap');
		const multi = at(r.step2, row.size, row.gpus, 'multibin');
		if (row.method === 'dynamic' && stat && dyn && stat.outputTokPerS !== null && dyn.outputTokPerS !== null && dyn.outputTokPerS < stat.outputTokPerS * (1 - SAME)) {
			once(
				'dyn-static',
				`Request-level dynamic batching delivers less than static B = ${r.config.staticBatch} ${where}: at request level a bigger batch decodes until its longest request ends, so it waits on a longer tail; Pang et al.'s dynamic batching runs on continuous batching (the "Dynamic cap" row), where this does not happen.`
			);
		}
		if (row.method === 'dynamic-cap' && cont && cap && cont.outputTokPerS !== null && cap.outputTokPerS !== null && cap.outputTokPerS < cont.outputTokPerS * (1 + SAME)) {
			const bound = cont.offeredTokPerS !== null && cont.outputTokPerS >= cont.offeredTokPerS * (1 - SAME);
			once(
				'cap-cont',
				`The dynamic cap does not raise throughput over continuous batching ${where}, where Pang et al. report 8–28%: ` +
					(bound
						? 'both already deliver the offered load, so there is no throughput left to gain (compare their latency instead).'
						: `the fixed cap (${r.config.base.continuous.maxBatch} sequences) is not what limits this run, so a tighter, SLA-driven cap can only trade throughput for TPOT.`)
			);
		}
		if (row.method === 'multibin' && dyn && multi && dyn.outputTokPerS !== null && multi.outputTokPerS !== null && multi.outputTokPerS < dyn.outputTokPerS * (1 + SAME) && r.config.base.predictor.kind !== 'oracle') {
			once(
				'multi-dyn',
				`Multi-bin batching is about as fast as dynamic batching ${where}, not the large gain Guldogan et al. report with true lengths: bins only help as much as the length predictions are right (see the bin-effect table, predictor beside oracle).`
			);
		}
	}
	return out;
}
