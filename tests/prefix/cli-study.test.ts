import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { studyPrefixCompare, synthSharingFromFlags } from '../../cli/prefix-flag';
import { prefixComparisonCsv, prefixComparisons } from '../../src/lib/study/prefix-compare';
import { studyConfig } from '../../src/lib/study/config';
import type { StudyResult } from '../../src/lib/study/types';
import { synthesizeBurstGpt } from '../../src/lib/trace/synth';
import { withPromptSharing } from '../../src/lib/trace/synth-sharing';
import { cacheScenario } from './run';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;

describe('--prefix-cache on simulate', () => {
	it('reports prefixHitRate and the cache figures in --json, and nothing of them without the flag', async () => {
		const args = ['--import', 'tsx', 'cli/main.ts', 'simulate', '--trace', 'tests/fixtures/real/mooncake/conversation_trace.head1000.jsonl', '--requests', '300', '--rps-scale', '1', '--method', 'continuous', '--gpu', 'h200-sxm', '--model', 'llama-3.2-1b', '--json'];
		const on = JSON.parse((await run('node', [...args, '--prefix-cache'], { cwd: root })).stdout);
		expect(on.prefixHitRate).toBeGreaterThan(0);
		expect(on.prefix.source).toBe('hash-ids');
		expect(on.prefix.hitTokens).toBeGreaterThan(0);
		const off = JSON.parse((await run('node', args, { cwd: root })).stdout);
		expect(off).not.toHaveProperty('prefixHitRate');
		expect(off.ttftP95S).toBeGreaterThan(on.ttftP95S);
	}, 60_000);

	it('says why the cache found nothing on a trace without block identities', async () => {
		const { stdout } = await run('node', ['--import', 'tsx', 'cli/main.ts', 'simulate', '--synthetic', '--requests', '200', '--method', 'continuous', '--prefix-cache', '--json'], { cwd: root });
		const j = JSON.parse(stdout);
		expect(j.prefixHitRate).toBeNull();
		expect(j.warnings.join(' ')).toMatch(/no block identities/);
	}, 60_000);
});

describe('study prefix-cache comparison', () => {
	const base = cacheScenario(false);
	const config = studyConfig({ sizes: [400], gpuCounts: [1], binCounts: [1], rpsScale: 20 }, base);
	const result = { config, optimized: [] } as unknown as StudyResult;

	it('compares continuous batching with the cache off and on when the trace has identities', () => {
		const trace = withPromptSharing(synthesizeBurstGpt(400, 2), { systemPromptTokens: 2048, meanTurns: 3 }, 2);
		const rows = prefixComparisons(trace, result);
		expect(rows).toHaveLength(1);
		expect(rows[0].source).toBe('sessions');
		expect(rows[0].hitRate!).toBeGreaterThan(0.3);
		expect(rows[0].on.ttftP95S!).toBeLessThan(rows[0].off.ttftP95S!);
		expect(prefixComparisonCsv(rows)).toMatch(/^size,gpus,identities,hit_rate/);
		expect(prefixComparisonCsv(rows)).toMatch(/turn extends previous prompt \+ response/);
	});

	it('has no comparison without identities, and refuses --prefix-cache then', () => {
		const trace = synthesizeBurstGpt(400, 2);
		expect(prefixComparisons(trace, result)).toEqual([]);
		expect(studyPrefixCompare({}, trace, result)).toBeUndefined();
		expect(() => studyPrefixCompare({ 'prefix-cache': true }, trace, result)).toThrow(/no block identities/);
	});
});

describe('synthetic sharing flags', () => {
	it('shape the synthetic trace and refuse a real one', () => {
		const synth = synthesizeBurstGpt(50, 1);
		expect(synthSharingFromFlags({}, synth, 1)).toBe(synth);
		const shared = synthSharingFromFlags({ 'synth-system-prompt': '500' }, synth, 1);
		expect(shared.promptTokens[0]).toBe(synth.promptTokens[0] + 512);
		expect(shared.prefixSource).toBe('sessions');
		expect(() => synthSharingFromFlags({ 'synth-turns': '3' }, { ...synth, synthetic: false }, 1)).toThrow(/synthetic trace/);
		expect(() => synthSharingFromFlags({ 'synth-turns': 'many' }, synth, 1)).toThrow(/--synth-turns/);
	});
});
