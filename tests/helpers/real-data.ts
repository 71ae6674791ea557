/**
 * Where the tests find real traces.
 *
 * - Samples of the public traces live in tests/fixtures/real/ (first rows, byte for byte, with their
 *   SOURCE.md), so every test that needs real data runs in a fresh clone with nothing beside it.
 * - The whole public files are optional. Tests over them run only when they are present: in the folder
 *   named by SERVESCOPE_DATA, or in ../shared/data beside the repository (the team's machines and CI).
 *   Otherwise they are reported as skipped, with a line that says why.
 *
 * This file is the only place in the repository that may name a path outside it (a test checks that).
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The samples of the real traces kept in the repository. */
export const REAL_SAMPLES = {
	azureConv: resolve(REPO_ROOT, 'tests/fixtures/real/azure-2023/AzureLLMInferenceTrace_conv.head3000.csv'),
	azureCode: resolve(REPO_ROOT, 'tests/fixtures/real/azure-2023/AzureLLMInferenceTrace_code.head2000.csv'),
	mooncakeConv: resolve(REPO_ROOT, 'tests/fixtures/real/mooncake/conversation_trace.head1000.jsonl')
} as const;

/** The folder holding the whole public traces, or null when it is not there. */
export function fullDataDir(): string | null {
	const fromEnv = process.env.SERVESCOPE_DATA;
	if (fromEnv) return existsSync(fromEnv) ? resolve(fromEnv) : null;
	const beside = resolve(REPO_ROOT, '../shared/data');
	return existsSync(beside) ? beside : null;
}

/** A whole public file by its path under the data folder (e.g. "mooncake/conversation_trace.jsonl"), or null. */
export function fullDataFile(relPath: string): string | null {
	const dir = fullDataDir();
	if (!dir) return null;
	const path = resolve(dir, relPath);
	return existsSync(path) ? path : null;
}

/**
 * Why a full-data test is skipped (printed once per file), or null when the file is there. Used as
 * `describe.skipIf(skipReason(f) !== null)(...)`.
 */
export function skipReason(relPath: string): string | null {
	if (fullDataFile(relPath)) return null;
	const where = process.env.SERVESCOPE_DATA ? `SERVESCOPE_DATA=${process.env.SERVESCOPE_DATA}` : '../shared/data beside the repository';
	const reason = `skipped: the whole public file ${relPath} is not in ${where}; set SERVESCOPE_DATA to the folder holding the public traces to run these tests.`;
	console.warn(reason);
	return reason;
}
