/**
 * Plain helpers on the study's workloads: the facts the analysis reads (offered token rate, span),
 * request counts, and copies for transfer to workers. No trace shaping here (see shape.ts), so the
 * worker pools can import this without the trace code.
 */
import type { Workload } from '../trace/types';
import type { StudyWorkload, StudyWorkloadInfo } from './types';

/** Σ output tokens / arrival span: the most output tok/s any configuration can deliver. */
export function workloadInfo(w: StudyWorkload): StudyWorkloadInfo {
	const a = w.workload.arrivalS;
	const n = a.length;
	const span = n > 1 ? a[n - 1] - a[0] : 0;
	let out = 0;
	for (let i = 0; i < n; i++) out += w.workload.outputTokens[i];
	return {
		size: w.size,
		requests: n,
		label: w.workload.label,
		synthetic: w.workload.synthetic,
		offeredTokPerS: span > 0 ? out / span : null,
		offeredReqPerS: span > 0 ? (n - 1) / span : null,
		arrivalSpanS: span
	};
}

/** Requests per size, for progress and largest-first ordering. */
export function requestsBySize(ws: StudyWorkload[]): Record<number, number> {
	return Object.fromEntries(ws.map((w) => [w.size, w.workload.arrivalS.length]));
}

/** The workload's columns copied (the page keeps its own when the copies are transferred away). */
export function copyWorkload(w: Workload): Workload {
	return {
		arrivalS: w.arrivalS.slice(),
		promptTokens: w.promptTokens.slice(),
		outputTokens: w.outputTokens.slice(),
		label: w.label,
		synthetic: w.synthetic,
		// Block identities and session keys travel with the rows (a prefix cache and session routing read them).
		...(w.prefixBlocks ? { prefixBlocks: { blockTokens: w.prefixBlocks.blockTokens, offsets: w.prefixBlocks.offsets.slice(), ids: w.prefixBlocks.ids.slice() }, prefixSource: w.prefixSource } : {}),
		...(w.sessionKey ? { sessionKey: w.sessionKey.slice() } : {})
	};
}
