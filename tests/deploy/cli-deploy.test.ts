/**
 * The deployment flags (cli/deploy-flags.ts) and what `simulate --json` reports: --tp, --weights and
 * --kv-dtype reach the scenario, bad values are refused naming the valid ones, and the JSON carries tp,
 * replicas, GPUs (= replicas × tp), weights, kvDtype and routing.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { deployFromFlags, deployHelp, tpListFromFlags } from '../../cli/deploy-flags';
import { command as simulateCommand, scenarioFromFlags } from '../../cli/commands/simulate';

describe('deployment flags', () => {
	it.each([
		[{}, {}],
		[{ tp: '8' }, { tp: 8 }],
		[{ tp: 'auto' }, {}],
		[{ weights: 'int4', 'kv-dtype': 'fp8' }, { weights: 'int4', kvDtype: 'fp8' }],
		[{ tp: '2', weights: 'fp8' }, { tp: 2, weights: 'fp8' }]
	])('%j', (flags, want) => expect(deployFromFlags(flags)).toEqual(want));

	it.each([
		[{ tp: '3' }, /--tp must be one of 1, 2, 4, 8 or auto .*got "3"/],
		[{ tp: '16' }, /--tp must be one of 1, 2, 4, 8 or auto/],
		[{ tp: '1,2' }, /--tp takes one value here .* The study accepts a list/],
		[{ weights: 'fp4' }, /--weights must be one of bf16, fp8, int8, int4; got "fp4"/],
		[{ 'kv-dtype': 'int8' }, /--kv-dtype must be one of bf16, fp8; got "int8"/]
	])('%j is refused', (flags, msg) => expect(() => deployFromFlags(flags)).toThrow(msg));

	it('the study takes a TP list, auto for the default, and refuses duplicates', () => {
		expect(tpListFromFlags({})).toBeUndefined();
		expect(tpListFromFlags({ tp: '1,2,auto' })).toEqual([1, 2, undefined]);
		expect(() => tpListFromFlags({ tp: '2,2' })).toThrow(/lists a size twice/);
		expect(() => tpListFromFlags({ tp: '2,5' })).toThrow(/got "5"/);
	});

	it('simulate flags put the deployment in the scenario (gpus stays the replica count)', () => {
		expect(scenarioFromFlags({ model: 'llama-3.1-70b', gpu: 'h100-sxm', gpus: '1', tp: '8', weights: 'fp8', 'kv-dtype': 'fp8' })).toMatchObject({
			gpus: 1,
			tp: 8,
			weights: 'fp8',
			kvDtype: 'fp8'
		});
		const s = scenarioFromFlags({});
		expect('tp' in s || 'weights' in s || 'kvDtype' in s).toBe(false);
	});

	it('the help lists every precision with its explanation', () => {
		const h = deployHelp(true);
		for (const p of ['bf16', 'fp8', 'int8', 'int4', 'AWQ/GPTQ-style', 'twice the tokens fit', '1,2,auto']) expect(h).toContain(p);
	});
});

describe('simulate --json', () => {
	afterEach(() => vi.restoreAllMocks());

	async function runJson(argv: string[]): Promise<Record<string, unknown>> {
		let out = '';
		vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
			out += String(chunk);
			return true;
		});
		vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
		const rc = await simulateCommand.run([...argv, '--json', '--synthetic', '--requests', '40']);
		expect(rc).toBe(0);
		return JSON.parse(out) as Record<string, unknown>;
	}

	it('Llama-3.1-70B on 8 × H100 at TP 8: one replica of 8 GPUs, with tp, replicas, weights, kvDtype and routing', async () => {
		const j = await runJson(['--model', 'llama-3.1-70b', '--gpu', 'h100-sxm', '--gpus', '1', '--tp', '8']);
		expect(j).toMatchObject({ tp: 8, tpDefaulted: false, replicas: 1, gpus: 8, weights: 'bf16', kvDtype: 'bf16', routing: 'least-outstanding', kvCapacityTokensPerReplica: 1456819 });
		expect(j.completed).toBeGreaterThan(30);
	});

	it('the defaults report TP 1 (defaulted), BF16, and gpus = replicas', async () => {
		const j = await runJson(['--gpus', '2', '--weights', 'int4']);
		expect(j).toMatchObject({ tp: 1, tpDefaulted: true, replicas: 2, gpus: 2, weights: 'int4', kvDtype: 'bf16' });
	});

	it('a model too large for the chosen TP fails with the smallest TP named', async () => {
		vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
		await expect(simulateCommand.run(['--model', 'llama-3.1-70b', '--gpu', 'h100-sxm', '--tp', '1', '--synthetic', '--requests', '5'])).rejects.toThrow(/smallest tensor-parallel size that fits is TP 2 \(--tp 2\)/);
		// Before any trace is read: a missing file is not what the person hears about first.
		await expect(simulateCommand.run(['--model', 'llama-3.1-70b', '--gpu', 'h100-sxm', '--tp', '1', '--trace', '/no/such/trace.csv'])).rejects.toThrow(/TP 2 \(--tp 2\)/);
	});
});
