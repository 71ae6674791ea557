/**
 * The CLI's model switches (--fit, --mfu, --eta, --overhead-ms, --mem-util) and predictor switches
 * (--predictor, --sigma, --policy), shared by simulate and study through cli/args.ts.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parseModelSwitches } from '../../cli/args';
import { policyFromFlags, predictorFromFlags } from '../../cli/slo-flags';
import { REALISTIC_SIGMA } from '../../src/lib/sim/methods/predictors';
import { scenarioFromFlags } from '../../cli/commands/simulate';
import { DEFAULT_EFFICIENCY } from '../../src/lib/sim/presets';

describe('model switches', () => {
	it('leave the scenario model alone (per-operator by default) and keep the documented efficiencies', () => {
		expect(parseModelSwitches({})).toEqual({ efficiency: DEFAULT_EFFICIENCY });
		expect(scenarioFromFlags({}).perf.kind).toBe('per-op');
	});
	it('a roofline efficiency picks the roofline', () => {
		expect(parseModelSwitches({ mfu: '0.4' }).perf).toEqual({ kind: 'roofline' });
		expect(scenarioFromFlags({ eta: '0.7' }).perf).toEqual({ kind: 'roofline' });
	});
	it.each([
		[{ fit: '0.05965,0.005742,0.316' }, { perf: { kind: 'fitted', alphaS: 0.05965, betaS: 0.005742, gamma: 0.316 } }],
		[{ fit: ' 0.1, 0.01 , 0 ', 'mem-util': '0.8' }, { perf: { kind: 'fitted', alphaS: 0.1, betaS: 0.01, gamma: 0 }, efficiency: { memUtil: 0.8 } }],
		[{ mfu: '0.35', eta: '0.7', 'overhead-ms': '2.5', 'mem-util': '0.95' }, { perf: { kind: 'roofline' }, efficiency: { mfu: 0.35, eta: 0.7, stepOverheadS: 0.0025, memUtil: 0.95 } }],
		[{ 'overhead-ms': '0' }, { efficiency: { stepOverheadS: 0 } }]
	])('%j', (flags, want) => expect(parseModelSwitches(flags)).toMatchObject(want));

	it.each([
		[{ fit: '0.1,0.01' }, /--fit needs three numbers ALPHA,BETA,GAMMA separated by commas, e\.g\. --fit 0\.05965,0\.005742,0\.316 .*got "0\.1,0\.01"/],
		[{ fit: '0.1,x,0' }, /--fit needs three numbers/],
		[{ fit: '0.1,0,0.3' }, /--fit: BETA \(seconds per context token\) must be above 0 and at most 1; got 0/],
		[{ fit: '-1,0.01,0.3' }, /--fit: ALPHA \(prefill seconds\) must be from 0 to 3600; got -1/],
		[{ fit: '0.1,0.01,-1' }, /--fit: GAMMA \(batch factor\) must be above −1/],
		[{ fit: '0.1,0.01,0.3', mfu: '0.4' }, /--mfu tunes the roofline model, but --fit replaces it.*--mem-util still applies/],
		[{ fit: '0.1,0.01,0.3', eta: '0.4', 'overhead-ms': '1' }, /--eta, --overhead-ms tune the roofline model/],
		[{ mfu: '0' }, /--mfu must be a share of at least 0\.001 and at most 1/],
		[{ mfu: '50' }, /--mfu must be a number between 0 and 1; got "50"/],
		[{ eta: 'fast' }, /--eta must be a number between 0 and 1; got "fast"/],
		[{ 'mem-util': '1.2' }, /--mem-util must be a number between 0 and 1/],
		[{ 'overhead-ms': '-1' }, /--overhead-ms must be a number between 0 and 10000/]
	])('%j is refused with what to do', (flags, msg) => expect(() => parseModelSwitches(flags)).toThrow(msg));

	it('reach the scenario simulate builds', () => {
		const s = scenarioFromFlags({ method: 'continuous', fit: '0.05965,0.005742,0.316', 'mem-util': '0.7' });
		expect(s.perf).toEqual({ kind: 'fitted', alphaS: 0.05965, betaS: 0.005742, gamma: 0.316 });
		expect(s.efficiency).toEqual({ ...DEFAULT_EFFICIENCY, memUtil: 0.7 });
		expect(scenarioFromFlags({ mfu: '0.3', 'overhead-ms': '4' }).efficiency).toMatchObject({ mfu: 0.3, stepOverheadS: 0.004 });
	});
});

describe('predictor switches (cli/slo-flags.ts)', () => {
	it.each([
		[{}, { kind: 'noisy', sigma: REALISTIC_SIGMA }],
		[{ predictor: 'oracle' }, { kind: 'oracle' }],
		[{ predictor: 'noisy', sigma: '0.2' }, { kind: 'noisy', sigma: 0.2 }],
		[{ predictor: 'prompt' }, { kind: 'prompt' }]
	])('%j', (flags, want) => expect(predictorFromFlags(flags)).toEqual(want));
	it('the bin policy', () => {
		expect(policyFromFlags({})).toBe('oldest');
		expect(policyFromFlags({ policy: 'longest' })).toBe('longest');
	});
	it.each([
		[{ predictor: 'psychic' }, /--predictor must be one of oracle, noisy, prompt; got "psychic"/],
		[{ predictor: 'oracle', sigma: '0.3' }, /--sigma applies to --predictor noisy only/],
		[{ predictor: 'noisy', sigma: '11' }, /--sigma must be a number between 0 and 10/]
	])('%j is refused', (flags, msg) => expect(() => predictorFromFlags(flags)).toThrow(msg));
	it('an unknown policy is refused', () => expect(() => policyFromFlags({ policy: 'random' })).toThrow(/--policy must be one of oldest, round-robin, longest/));
});

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
	try {
		const { stdout, stderr } = await run('node', ['--import', 'tsx', 'cli/main.ts', ...args], { cwd: root, maxBuffer: 16 << 20 });
		return { code: 0, stdout, stderr };
	} catch (e) {
		const x = e as { code: number; stdout: string; stderr: string };
		return { code: x.code, stdout: x.stdout, stderr: x.stderr };
	}
}

describe('the commands take the switches', () => {
	it('simulate and study list them in --help', async () => {
		for (const cmd of ['simulate', 'study']) {
			const r = await cli([cmd, '--help']);
			for (const flag of ['--fit A,B,G', '--mfu', '--eta', '--overhead-ms', '--mem-util', '--predictor', '--sigma', '--policy']) expect(r.stdout + r.stderr, `${cmd} ${flag}`).toContain(flag);
		}
	}, 60_000);

	it('study refuses a bad switch before running anything', async () => {
		const r = await cli(['study', '--synthetic', '--out', join(tmpdir(), 'never-written'), '--fit', '0.1,0.01']);
		expect(r.code).toBe(2);
		expect(r.stderr).toMatch(/--fit needs three numbers ALPHA,BETA,GAMMA/);
	}, 60_000);

	it('study runs its grid under the fitted model and the chosen predictor and policy', async () => {
		const study = async (extra: string[]) => {
			const out = mkdtempSync(join(tmpdir(), 'servescope-switches-'));
			dirs.push(out);
			const common = ['study', '--synthetic', '--out', out, '--sizes', '200', '--gpus', '1', '--bins', '1,2', '--methods', 'static', '--workers', '1', '--no-svg', '--json'];
			const r = await cli([...common, ...extra]);
			expect(r.code, r.stderr).toBe(0);
			return readFileSync(join(out, 'step1_all_results.csv'), 'utf8');
		};
		const roofline = await study([]);
		const fitted = await study(['--fit', '0.05965,0.005742,0.316', '--predictor', 'noisy', '--sigma', '0.3', '--policy', 'longest']);
		expect(fitted).not.toBe(roofline);
		// simulate takes the same switch: the fitted model moves its makespan.
		const sim = async (extra: string[]) => JSON.parse((await cli(['simulate', '--synthetic', '--requests', '200', '--json', ...extra])).stdout) as { makespanS: number };
		expect((await sim(['--fit', '0.05965,0.005742,0.316'])).makespanS).not.toBe((await sim([])).makespanS);
	}, 120_000);
});
