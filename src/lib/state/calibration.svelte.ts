/**
 * The page's calibration state (Svelte 5 runes): a person uploads measured step times, gets a
 * per-operator profile with its fit error, kept in IndexedDB for that GPU, and picks which model the
 * scenario uses (roofline, the GPU's default profile, or a calibrated one). The choice lives in
 * scenarioState.params.perfChoice, so it travels in the scenario and the URL.
 */
import { calibrateText, type FileCalibration } from '../calibrate/from-file';
import { deleteProfile, listProfiles, profileId, putProfile, type ProfileRecord } from '../cache/profiles';
import type { PerOpProfile } from '../sim/perf/per-op-profile';
import { scenarioState } from './scenario.svelte';

class CalibrationState {
	busy = $state(false);
	/** Why the last upload was refused ('' when none). */
	error = $state('');
	/** Storage problems worth telling (saved in memory only, damaged records removed). */
	notices = $state<string[]>([]);
	/** The last successful calibration, shown with its fit error. */
	last = $state<Extract<FileCalibration, { ok: true }> | null>(null);
	/** Stored profiles of the GPU last listed. */
	saved = $state<ProfileRecord[]>([]);
	listedGpu = $state('');

	/** Reads the stored profiles of a GPU. */
	async refresh(gpu: string): Promise<void> {
		const r = await listProfiles(gpu);
		this.saved = r.value;
		this.listedGpu = gpu;
		this.notices = r.notices.map((n) => n.message);
	}

	/**
	 * Calibrates from a measurement file, stores the profile for its GPU and, when that is the
	 * selected GPU, makes the scenario use it.
	 */
	async calibrateFile(file: File): Promise<void> {
		this.busy = true;
		this.error = '';
		try {
			const text = await file.text();
			// Let the page paint "Calibrating…" before the fit (a second or two) takes the thread.
			await new Promise((resolve) => setTimeout(resolve, 0));
			const r = calibrateText(text, file.name);
			if (!r.ok) {
				this.error = r.message;
				return;
			}
			this.last = r;
			const rec: ProfileRecord = { id: profileId(r.gpu, r.profile), gpu: r.gpu, fileName: file.name, createdAt: Date.now(), profile: r.profile };
			const put = await putProfile(rec);
			this.notices = put.stored ? [] : [`The profile is kept for this tab only: ${put.message}`];
			if (r.gpu === scenarioState.params.gpu) this.use(r.profile);
			await this.refresh(scenarioState.params.gpu);
		} finally {
			this.busy = false;
		}
	}

	/** The scenario uses this calibrated profile. */
	use(profile: PerOpProfile): void {
		scenarioState.params.perfChoice = { model: 'per-op', profile: $state.snapshot(profile) as PerOpProfile };
	}
	/** The scenario uses the per-operator model with the GPU's default profile. */
	useDefault(): void {
		scenarioState.params.perfChoice = { model: 'per-op', profile: null };
	}
	/** The scenario uses the textbook roofline. */
	useRoofline(): void {
		scenarioState.params.perfChoice = { model: 'roofline', profile: null };
	}
	/** Forgets a stored profile (the scenario keeps it if in use: it is in the URL). */
	async remove(rec: ProfileRecord): Promise<void> {
		await deleteProfile(rec.id);
		await this.refresh(rec.gpu);
	}
}

/** The page's one calibration state. */
export const calibrationState = new CalibrationState();
