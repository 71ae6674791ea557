/** `cli calibrate` end to end (in process) and the --perf-model / --profile flags of simulate and study. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { command } from '../../cli/commands/calibrate';
import { perfSpecFromFlags } from '../../cli/perf-flags';
import { findGpu } from '../../src/lib/catalog';
import { BAD_DIR, FIDELITY_DIR } from './helpers';

let out = '';
beforeEach(() => {
	out = '';
	vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
		out += String(s);
		return true;
	});
	vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
		out += a.join(' ') + '\n';
	});
});
afterEach(() => vi.restoreAllMocks());

const qwen = join(FIDELITY_DIR, 'h200_qwen3-1.7b.jsonl');
const llama = join(FIDELITY_DIR, 'h200_llama-3.1-8b.jsonl');

describe('cli calibrate', () => {
	it('--check --json prints n, the three error figures as fractions and a row per step', async () => {
		expect(await command.run(['--check', qwen, llama, '--json'])).toBe(0);
		const r = JSON.parse(out);
		expect(r.n).toBe(37);
		expect(r.rows).toHaveLength(37);
		for (const k of ['medianAbsErr', 'p90AbsErr', 'maxAbsErr']) expect(r[k]).toBeGreaterThan(0);
		expect(r.medianAbsErr).toBeLessThan(0.05);
		expect(r.rows[0]).toMatchObject({ model: 'qwen3-1.7b', kind: 'prefill', measuredMs: 2.7668, perfLabel: 'per-operator, calibrated from measurements (2026-11-30)' });
	});

	it('--check --perf-model roofline reproduces the datasheet roofline miss on qwen3-1.7b (31.5% median)', async () => {
		await command.run(['--check', qwen, '--perf-model', 'roofline', '--json']);
		expect(JSON.parse(out).medianAbsErr).toBeCloseTo(0.315, 3);
	});

	it('--measurements --out writes a profile that --check --profile reads back', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'calib-'));
		const file = join(dir, 'p.json');
		expect(await command.run(['--measurements', qwen, llama, '--out', file])).toBe(0);
		expect(out).toMatch(/Fit: median \d+\.\d%, p90/);
		const profile = JSON.parse(readFileSync(file, 'utf8'));
		expect(profile).toMatchObject({ source: 'calibrated', gpu: 'h200-sxm', fit: { rows: 37 } });
		out = '';
		await command.run(['--check', qwen, '--profile', file, '--json']);
		expect(JSON.parse(out).rows[0].perfLabel).toMatch(/calibrated from 37 measured steps/);
	});

	it('a bad file fails with its message', async () => {
		await expect(command.run(['--check', join(BAD_DIR, 'unknown-gpu.jsonl')])).rejects.toThrow(/unknown GPU "h900"/);
		await expect(command.run(['--measurements', join(BAD_DIR, 'too-few-rows.jsonl'), '--out', '/tmp/x.json'])).rejects.toThrow(/needs at least 9/);
		await expect(command.run(['--check', '/no/such.jsonl'])).rejects.toThrow(/Cannot open/);
	});
});

describe('--perf-model and --profile', () => {
	const h200 = findGpu('h200-sxm')!;
	const l4 = findGpu('l4')!;
	it('per-op takes the GPU default: calibrated on the H200, learned fractions elsewhere', async () => {
		const a = await perfSpecFromFlags({ 'perf-model': 'per-op' }, h200);
		expect(a).toMatchObject({ kind: 'per-op', profile: { source: 'calibrated', label: 'calibrated from measurements (2026-11-30)' } });
		const b = await perfSpecFromFlags({ 'perf-model': 'per-op' }, l4);
		expect(b).toMatchObject({ kind: 'per-op', profile: { source: 'defaults', label: expect.stringMatching(/fractions learned on the H200.*NVIDIA L4/) } });
	});
	it('roofline stays selectable; no flag keeps the scenario default', async () => {
		expect(await perfSpecFromFlags({ 'perf-model': 'roofline' }, h200)).toEqual({ kind: 'roofline' });
		expect(await perfSpecFromFlags({}, h200)).toBeUndefined();
	});
	it('refuses an unknown model, a profile with roofline, and a bad profile file', async () => {
		await expect(perfSpecFromFlags({ 'perf-model': 'magic' }, h200)).rejects.toThrow(/roofline or per-op/);
		await expect(perfSpecFromFlags({ 'perf-model': 'roofline', profile: 'x.json' }, h200)).rejects.toThrow(/cannot go with --perf-model roofline/);
		const dir = mkdtempSync(join(tmpdir(), 'prof-'));
		writeFileSync(join(dir, 'bad.json'), '{"params": {"matmulEff": 2}}');
		await expect(perfSpecFromFlags({ profile: join(dir, 'bad.json') }, h200)).rejects.toThrow(/params\.matmulEff is 2/);
	});
});
