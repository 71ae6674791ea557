/**
 * A measured step as the engine's StepLoad (sim/perf/types.ts), so a profile predicts measurements
 * through exactly the code the simulator runs. Decoders attend to context + 1 tokens; prefill
 * sequences attend causally to their cached context plus themselves; every sequence's last token
 * goes through the LM head (a mixed step's chunk emits one more).
 */
import type { StepLoad } from '../sim/perf/types';
import type { MeasuredStep } from './measurements';

/** The StepLoad of one measured step. */
export function measuredStepLoad(r: MeasuredStep): StepLoad {
	const load: StepLoad = {
		prefillTokens: 0,
		prefillSeqs: 0,
		prefillAttnPairs: 0,
		decodeSeqs: 0,
		decodeAttnCtx: 0,
		emitters: 0,
		kvReadTokens: 0,
		kvWriteTokens: 0
	};
	const addPrefill = (seqs: number, p: number, c: number) => {
		load.prefillTokens += seqs * p;
		load.prefillSeqs += seqs;
		load.prefillAttnPairs += seqs * (p * c + (p * (p + 1)) / 2);
		load.emitters += seqs;
		load.kvReadTokens += seqs * c;
		load.kvWriteTokens += seqs * p;
	};
	const addDecode = (seqs: number, c: number) => {
		load.decodeSeqs += seqs;
		load.decodeAttnCtx += seqs * (c + 1);
		load.emitters += seqs;
		load.kvReadTokens += seqs * c;
		load.kvWriteTokens += seqs;
	};
	if (r.kind === 'prefill') addPrefill(r.batch, r.newTokens, r.contextTokens);
	else addDecode(r.batch, r.contextTokens);
	if (r.kind === 'mixed') addPrefill(1, r.prefillTokens ?? 0, r.prefillContextTokens ?? 0);
	return load;
}
