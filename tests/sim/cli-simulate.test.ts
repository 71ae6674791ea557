/** The simulate command's flag -> scenario mapping and its errors (the command itself is thin glue). */
import { describe, expect, it } from 'vitest';
import { scenarioFromFlags } from '../../cli/commands/simulate';

describe('cli simulate flags', () => {
	it.each([
		[{}, { method: 'dynamic', gpus: 1, bins: 1, regime: 'request' }],
		[{ method: 'static', batch: '16' }, { method: 'static', sizing: { kind: 'fixed', batch: 16 } }],
		[{ method: 'multibin', gpus: '4' }, { method: 'multibin', gpus: 4, bins: 4 }],
		[{ method: 'multibin', bins: '8', policy: 'longest' }, { bins: 8, binPolicy: 'longest' }],
		[{ method: 'continuous', 'max-batch': '64', 'token-budget': '4096', 'block-size': '32', admission: 'bins' }, { regime: 'iteration', continuous: { maxBatch: 64, tokenBudget: 4096, blockSize: 32, admission: 'bins', slaCap: false } }],
		[{ 'sla-tbt-ms': '20', model: 'qwen3-0.6b', gpu: 'h100-sxm' }, { sla: { tbtS: 0.02 }, model: { id: 'qwen3-0.6b' }, gpu: { id: 'h100-sxm' } }],
		[{ method: 'continuous', 'sla-cap': true }, { continuous: { slaCap: true } }],
		[{ predictor: 'noisy', sigma: '0.3', seed: '7' }, { predictor: { kind: 'noisy', sigma: 0.3 }, seed: 7 }]
	])('%j', (flags, want) => expect(scenarioFromFlags(flags)).toMatchObject(want));

	it.each([
		[{ method: 'fastest' }, /--method must be one of/],
		[{ gpu: 'rtx-9090' }, /Unknown --gpu "rtx-9090"/],
		[{ model: 'gpt-5' }, /Unknown --model/],
		[{ gpus: '1.5' }, /--gpus must be a whole number/],
		[{ gpus: '0' }, /--gpus must be a number between 1 and 4096/],
		[{ admission: 'lifo' }, /--admission must be one of fcfs, bins/]
	])('%j is refused', (flags, msg) => expect(() => scenarioFromFlags(flags)).toThrow(msg));
});
