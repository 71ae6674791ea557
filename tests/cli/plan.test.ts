/** `cli plan`: flag parsing, and the end-to-end criterion (the cheapest option re-run with `cli simulate`). */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../cli/args';
import { planConfigFromFlags } from '../../cli/commands/plan';
import { gpuTypesFlag, kvListFlag, methodsListFlag, precisionPairs, tpListFlag, weightsListFlag } from '../../cli/plan-flags';
import { priceForGpu, pricesFromFlags } from '../../cli/price-flag';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;
const cli = (args: string[]) => run('node', ['--import', 'tsx', 'cli/main.ts', ...args], { cwd: root, maxBuffer: 1 << 24 });

describe('plan flags', () => {
	it('parses the list flags and refuses bad items, naming the flag and what is allowed', () => {
		expect(tpListFlag('1,2,4,8')).toEqual([1, 2, 4, 8]);
		expect(tpListFlag(undefined)).toEqual([]);
		expect(() => tpListFlag('1,3')).toThrow(/--tp: "3" is not a tensor-parallel size; use some of 1,2,4,8/);
		expect(() => tpListFlag('1,,2')).toThrow(/--tp has an empty item/);
		expect(gpuTypesFlag('h100-sxm,l4')).toEqual(['h100-sxm', 'l4']);
		expect(() => gpuTypesFlag('h100,l4')).toThrow(/--gpus-types: unknown GPU h100\. Known: .*h100-sxm/);
		expect(weightsListFlag(undefined)).toEqual(['bf16']);
		expect(weightsListFlag('bf16,fp8,int4')).toEqual(['bf16', 'fp8', 'int4']);
		expect(() => weightsListFlag('fp4')).toThrow(/--weights: "fp4" is not a weight precision/);
		expect(() => kvListFlag('int8')).toThrow(/--kv-dtype: "int8" is not a KV precision/);
		expect(methodsListFlag(undefined)).toEqual(['continuous']);
		expect(methodsListFlag('continuous,static')).toEqual(['continuous', 'static']);
		expect(() => methodsListFlag('vllm')).toThrow(/--methods: "vllm" is not a batching method/);
		expect(precisionPairs(['bf16', 'fp8'], ['bf16', 'fp8'])).toHaveLength(4);
	});

	it('parses --price (repeatable or comma list) and refuses typos and bad numbers', () => {
		expect(pricesFromFlags({ price: ['h100-sxm=2.49', 'mi300x=3.1,t4=0.35'] })).toEqual({ 'h100-sxm': 2.49, mi300x: 3.1, t4: 0.35 });
		expect(() => pricesFromFlags({ price: ['h100=2'] })).toThrow(/unknown GPU "h100"/);
		expect(() => pricesFromFlags({ price: ['t4=-1'] })).toThrow(/must be a positive number/);
		expect(() => pricesFromFlags({ price: ['t4'] })).toThrow(/is not GPU=USD/);
		expect(() => pricesFromFlags({ price: ['t4=1', 't4=2'] })).toThrow(/gives t4 twice/);
		expect(priceForGpu({ price: ['t4=1', 'l4=2'] }, 'l4', undefined)).toBe(2);
		expect(priceForGpu({ price: ['t4=1'] }, 'l4', 0.8)).toBe(0.8);
		expect(() => priceForGpu({ price: ['l4=1'] }, 'l4', 0.8)).toThrow(/both set the price of l4/);
	});

	it('builds the plan configuration the synopsis describes', () => {
		const c = planConfigFromFlags(
			{ rate: '40', requests: '20000', 'ttft-slo-s': '2', 'tpot-slo-ms': '50', 'e2e-slo-s': '30', attainment: '95', model: 'llama-3.1-8b', 'gpus-types': 'h100-sxm,a100-80gb-sxm', tp: '1,2', weights: 'bf16,fp8', methods: 'continuous,dynamic', 'max-gpus': '32' },
			['h100-sxm=2']
		);
		expect(c).toMatchObject({ rateReqPerS: 40, requests: 20000, ttftS: 2, tpotS: 0.05, e2eS: 30, attainment: 0.95, modelId: 'llama-3.1-8b', gpuIds: ['h100-sxm', 'a100-80gb-sxm'], tps: [1, 2], methods: ['continuous', 'dynamic'], maxGpus: 32, prices: { 'h100-sxm': 2 } });
		expect(c.precisions).toEqual([{ weights: 'bf16', kvDtype: 'bf16' }, { weights: 'fp8', kvDtype: 'bf16' }]);
		expect(() => planConfigFromFlags({})).toThrow(CliError);
		expect(() => planConfigFromFlags({})).toThrow(/plan needs --rate R/);
		expect(() => planConfigFromFlags({ rate: '0' })).toThrow(/--rate must be a positive number/);
		expect(() => planConfigFromFlags({ rate: '5', 'max-gpus': '2.5' })).toThrow(/--max-gpus must be a whole number/);
		expect(() => planConfigFromFlags({ rate: '5', model: 'gpt-9' })).toThrow(/Unknown --model "gpt-9"/);
	});

	it('is listed by cli --help and prints the synopsis with --help', async () => {
		expect((await cli(['--help'])).stdout).toMatch(/plan\s+the cheapest deployment per GPU type/);
		const help = (await cli(['plan', '--help'])).stdout;
		for (const flag of ['--trace FILE|--synthetic', '--rate R', '--ttft-slo-s T', '--tpot-slo-ms P', '--e2e-slo-s E', '--attainment A', '--gpus-types a,b', '--tp 1,2,4,8', '--weights', '--methods', '--max-gpus N', '--json', '--price GPU=USD'])
			expect(help).toContain(flag);
	});

	it('a rate of 0 exits with code 2 and says why', async () => {
		await expect(cli(['plan', '--synthetic', '--rate', '0'])).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/--rate must be a positive number/) });
	});

	it('a model that fits on no candidate GPU exits non-zero with the fit error', async () => {
		await expect(cli(['plan', '--synthetic', '--requests', '200', '--rate', '5', '--model', 'llama-3.1-70b', '--gpus-types', 't4,rtx-4090'])).rejects.toMatchObject({
			code: 1,
			stderr: expect.stringMatching(/fits on no candidate deployment/)
		});
	});
});

interface Option {
	gpu: string;
	model: string;
	tp: number;
	replicas: number | null;
	weights: string;
	method: string;
	routing: string;
	dollarsPerHour: number | null;
	dollarsPerMTok: number | null;
	sloAttainment: number | null;
	ttftP95S: number | null;
	tpotP95Ms: number | null;
	e2eP95S: number | null;
	headroomReqPerS: number | null;
	reason?: string;
}

describe('cli plan end to end (TP 1, bf16)', () => {
	it('20,000 requests at 40 req/s, TTFT 2 s, TPOT 50 ms, 95%: the cheapest option meets the SLOs under cli simulate and one replica fewer does not', async () => {
		const load = ['--synthetic', '--requests', '20000', '--rate', '40', '--ttft-slo-s', '2', '--tpot-slo-ms', '50', '--attainment', '0.95'];
		// GPU types whose cheapest option needs several replicas, so "one fewer" is a real deployment.
		const { stdout } = await cli(['plan', ...load, '--gpus-types', 'l4,a10g,rtx-4090', '--json']);
		const options = JSON.parse(stdout) as Option[];
		expect(options.map((o) => o.gpu).sort()).toEqual(['a10g', 'l4', 'rtx-4090']);
		for (const o of options) {
			for (const k of ['gpu', 'model', 'tp', 'replicas', 'weights', 'method', 'routing', 'dollarsPerHour', 'dollarsPerMTok', 'sloAttainment', 'ttftP95S', 'tpotP95Ms', 'e2eP95S', 'headroomReqPerS']) expect(o, k).toHaveProperty(k);
		}
		const cost = options.map((o) => o.dollarsPerHour as number);
		expect(cost).toEqual([...cost].sort((a, b) => a - b));
		const best = options[0];
		expect(best.replicas).toBeGreaterThan(1);
		expect(best.headroomReqPerS).toBeGreaterThanOrEqual(40);
		const simulate = async (replicas: number) => {
			const out = await cli(['simulate', ...load, '--model', best.model, '--gpu', best.gpu, '--gpus', String(replicas), '--method', best.method, '--json']);
			return JSON.parse(out.stdout) as { meetsSlo: boolean; sloAttainment: number; ttftP95S: number; tbtP95Ms: number };
		};
		const at = await simulate(best.replicas as number);
		expect(at.meetsSlo).toBe(true);
		// The same simulation as the plan's: same attainment and P95s, bit for bit.
		expect(at.sloAttainment).toBe(best.sloAttainment);
		expect(at.ttftP95S).toBe(best.ttftP95S);
		expect(at.tbtP95Ms).toBe(best.tpotP95Ms);
		const below = await simulate((best.replicas as number) - 1);
		expect(below.meetsSlo).toBe(false);
	}, 240_000);
});
