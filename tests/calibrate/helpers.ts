/** Loading the measured fixture sets (tests/fixtures/fidelity) for calibration tests. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMeasurements, type MeasuredStep } from '../../src/lib/calibrate/measurements';

export const FIDELITY_DIR = join(import.meta.dirname, '..', 'fixtures', 'fidelity');
export const BAD_DIR = join(import.meta.dirname, '..', 'fixtures', 'fidelity-bad');

/** The rows of one fixture file; throws with the parser's message if the fixture itself is bad. */
export function loadSet(file: string, dir = FIDELITY_DIR): MeasuredStep[] {
	const r = parseMeasurements(readFileSync(join(dir, file), 'utf8'), file);
	if (!r.ok) throw new Error(r.message);
	return r.rows;
}
