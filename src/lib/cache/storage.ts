/**
 * How much browser storage servescope uses, and asking the browser not to evict it
 * (StorageManager: navigator.storage.estimate / persisted / persist). Every helper answers a value,
 * also where the API is missing (older Safari, Node, some private windows).
 */

/** The part of StorageManager used here; pass a stub in tests. */
export interface StorageManagerLike {
	estimate?: () => Promise<{ usage?: number; quota?: number }>;
	persisted?: () => Promise<boolean>;
	persist?: () => Promise<boolean>;
}

/** Usage vs quota and persistence, for StorageStatus. null = the browser does not say. */
export interface StorageInfo {
	/** False when the browser offers no StorageManager at all. */
	supported: boolean;
	usageBytes: number | null;
	quotaBytes: number | null;
	/** Share of quota used in [0, 1], null when either number is unknown or quota is 0. */
	usedShare: number | null;
	persisted: boolean | null;
}

function defaultManager(): StorageManagerLike | undefined {
	const nav = (globalThis as { navigator?: { storage?: StorageManagerLike } }).navigator;
	return nav?.storage;
}

function finiteOrNull(x: unknown): number | null {
	return typeof x === 'number' && Number.isFinite(x) && x >= 0 ? x : null;
}

/** Current usage, quota and persistence. Never throws. */
export async function storageInfo(manager: StorageManagerLike | undefined = defaultManager()): Promise<StorageInfo> {
	if (!manager) return { supported: false, usageBytes: null, quotaBytes: null, usedShare: null, persisted: null };
	let usageBytes: number | null = null;
	let quotaBytes: number | null = null;
	let persisted: boolean | null = null;
	try {
		const est = manager.estimate ? await manager.estimate() : undefined;
		usageBytes = finiteOrNull(est?.usage);
		quotaBytes = finiteOrNull(est?.quota);
	} catch {
		// Some private modes reject estimate(): report "unknown", not an error.
	}
	try {
		persisted = manager.persisted ? await manager.persisted() : null;
	} catch {
		persisted = null;
	}
	const usedShare = usageBytes !== null && quotaBytes ? Math.min(1, usageBytes / quotaBytes) : null;
	return { supported: true, usageBytes, quotaBytes, usedShare, persisted };
}

/** The answer of a persistence request, with a sentence for the UI. */
export interface PersistOutcome {
	persisted: boolean;
	message: string;
}

/**
 * Asks the browser to keep servescope's data under storage pressure. Browsers may decide without
 * asking the person (Chromium grants it to sites in use or installed), so "no" is normal, not an error.
 */
export async function requestPersistence(manager: StorageManagerLike | undefined = defaultManager()): Promise<PersistOutcome> {
	if (!manager?.persist) {
		return { persisted: false, message: 'This browser cannot promise to keep saved data: it may be evicted when disk space runs low.' };
	}
	try {
		if (manager.persisted && (await manager.persisted())) {
			return { persisted: true, message: 'Saved data is persistent: the browser will not evict it on its own.' };
		}
		const granted = await manager.persist();
		return granted
			? { persisted: true, message: 'Saved data is now persistent: the browser will not evict it on its own.' }
			: { persisted: false, message: 'The browser declined persistent storage for now; saved data may be evicted when disk space runs low.' };
	} catch {
		return { persisted: false, message: 'Asking for persistent storage failed; saved data may be evicted when disk space runs low.' };
	}
}

/** Bytes for people: "0 B", "1.5 kB", "52.3 MB", "1.2 GB" (decimal units, as browsers report quota). */
export function formatBytes(bytes: number | null): string {
	if (bytes === null || !Number.isFinite(bytes) || bytes < 0) return 'unknown';
	const units = ['B', 'kB', 'MB', 'GB', 'TB'];
	let v = bytes;
	let i = 0;
	while (v >= 1000 && i < units.length - 1) {
		v /= 1000;
		i++;
	}
	return i === 0 ? `${v} B` : `${v.toFixed(v < 10 ? 2 : 1)} ${units[i]}`;
}
