/**
 * One measurement file's text to a calibrated profile, as the page does it: parse, check, fit, and
 * label with the file and date. Pure (no DOM, no IndexedDB), so it is tested in Node.
 */
import type { PerOpProfile } from '../sim/perf/per-op-profile';
import { calibrate } from './calibrate';
import type { ErrorStats } from './error-stats';
import { parseMeasurements } from './measurements';

/** A fitted profile with its fit error, or a message for the person. */
export type FileCalibration =
	| { ok: true; gpu: string; profile: PerOpProfile; stats: ErrorStats; rows: number }
	| { ok: false; message: string };

/** Calibrates the per-operator model from a measurement file's text (JSON Lines or CSV). */
export function calibrateText(text: string, fileName: string, now = new Date()): FileCalibration {
	const parsed = parseMeasurements(text, fileName);
	if (!parsed.ok) return parsed;
	const day = now.toISOString().slice(0, 10);
	const r = calibrate(parsed.rows, { label: `calibrated from ${fileName} (${parsed.rows.length} steps, ${day})` });
	if (!r.ok) return { ok: false, message: `${fileName}: ${r.message}` };
	return { ok: true, gpu: r.profile.gpu ?? parsed.rows[0].gpu, profile: r.profile, stats: r.stats, rows: parsed.rows.length };
}
