/**
 * The page's side of calibration: a measurement file's text to a labelled profile, the profile carried
 * in the URL (perf, prof, profl) and into the engine's scenario, and stored profiles in IndexedDB.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { calibrateText } from '../../src/lib/calibrate/from-file';
import { configureCache } from '../../src/lib/cache/db';
import { listProfiles, profileId, putProfile, deleteProfile } from '../../src/lib/cache/profiles';
import { defaultParams } from '../../src/lib/state/params';
import { baseScenario } from '../../src/lib/state/scenario-build';
import { paramsFromQuery, queryFromParams } from '../../src/lib/state/url';
import { perfChoiceLabel } from '../../src/lib/state/profile-choice';
import { findGpu } from '../../src/lib/catalog';
import { BAD_DIR, FIDELITY_DIR } from './helpers';

const text = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8');

describe('calibrating from an uploaded file', () => {
	it('gives a profile labelled with the file, its step count and the day, plus the fit error', () => {
		const r = calibrateText(text(FIDELITY_DIR, 'h200_qwen3-1.7b_mixed.jsonl'), 'mixed.jsonl', new Date('2026-12-01T10:00:00Z'));
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.gpu).toBe('h200-sxm');
		expect(r.profile.label).toBe('calibrated from mixed.jsonl (18 steps, 2026-12-01)');
		expect(r.stats.medianAbsErr).toBeLessThan(0.05);
	});
	it('refuses a bad file with the parser message', () => {
		const r = calibrateText(text(BAD_DIR, 'unknown-model.jsonl'), 'unknown-model.jsonl');
		expect(r).toEqual({ ok: false, message: expect.stringMatching(/unknown-model\.jsonl, line 1: unknown model/) });
	});
});

describe('the choice in the URL and the scenario', () => {
	const r = calibrateText(text(FIDELITY_DIR, 'h200_llama-3.1-8b.jsonl'), 'llama.jsonl', new Date('2026-12-01T10:00:00Z'));
	if (!r.ok) throw new Error(r.message);

	it('round-trips a calibrated profile through the query string', () => {
		const p = defaultParams();
		p.gpu = 'h200-sxm';
		p.perfChoice = { model: 'per-op', profile: r.profile };
		const q = queryFromParams(p);
		// per-op is the default model, so the link carries only the profile.
		expect(q).toMatch(/prof=[\d.e,-]+&profl=calibrated%20from%20llama\.jsonl/);
		expect(q).not.toMatch(/perf=/);
		const back = paramsFromQuery(q);
		expect(back.notices).toEqual([]);
		expect(back.params.perfChoice.profile!.params).toEqual(r.profile.params);
		expect(back.params.perfChoice.profile!.label).toBe(r.profile.label);
	});
	it('the default choice adds nothing to the URL; a bad profile in a link is reported and ignored', () => {
		expect(queryFromParams(defaultParams())).not.toMatch(/perf=|prof=/);
		const bad = paramsFromQuery('perf=per-op&prof=1,2,3');
		expect(bad.params.perfChoice).toEqual({ model: 'per-op', profile: null });
		expect(bad.notices.join(' ')).toMatch(/"prof=1,2,3" was ignored/);
		expect(paramsFromQuery('perf=magic').notices.join(' ')).toMatch(/expected roofline or per-op/);
	});
	it('reaches the engine scenario and says which model a run uses', () => {
		const p = defaultParams();
		p.gpu = 'h200-sxm';
		// The default: the per-operator model with the H200's built-in calibrated profile.
		expect(baseScenario(p).perf).toMatchObject({ kind: 'per-op', profile: { label: 'calibrated from measurements (2026-11-30)' } });
		expect(perfChoiceLabel(p.perfChoice, findGpu('h200-sxm'))).toBe('per-operator model, calibrated from measurements (2026-11-30)');
		p.perfChoice = { model: 'roofline', profile: null };
		expect(baseScenario(p).perf).toEqual({ kind: 'roofline' });
		expect(perfChoiceLabel(p.perfChoice, findGpu('h200-sxm'))).toBe('datasheet roofline (textbook model)');
		expect(queryFromParams(p)).toMatch(/perf=roofline/);
		p.perfChoice = { model: 'per-op', profile: r.profile };
		expect(baseScenario(p).perf).toEqual({ kind: 'per-op', profile: r.profile });
	});
});

describe('stored profiles', () => {
	it('are saved, listed per GPU and deleted', async () => {
		configureCache({ name: `profiles-${Math.random()}` });
		const r = calibrateText(text(FIDELITY_DIR, 'h200_llama-3.1-8b.jsonl'), 'llama.jsonl');
		if (!r.ok) throw new Error(r.message);
		const id = profileId(r.gpu, r.profile);
		expect(await putProfile({ id, gpu: r.gpu, fileName: 'llama.jsonl', createdAt: 1, profile: r.profile })).toEqual({ stored: true });
		const listed = await listProfiles('h200-sxm');
		expect(listed.value.map((x) => x.id)).toEqual([id]);
		expect(listed.value[0].profile).toEqual(r.profile);
		expect((await listProfiles('l4')).value).toEqual([]);
		await deleteProfile(id);
		expect((await listProfiles('h200-sxm')).value).toEqual([]);
	});
});
