// Set-up steps shared by `npm start` and `npm test`, so that the README's two commands
// work on a fresh machine with only Node 20 and npm.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Runs a command, streaming its output; exits the process with its code on failure. */
export function run(cmd, env = {}) {
	console.log(`\n> ${cmd}`);
	const r = spawnSync(cmd, { shell: true, stdio: 'inherit', env: { ...process.env, ...env } });
	if (r.status !== 0) {
		console.error(`\nservescope: "${cmd}" failed (exit ${r.status ?? r.signal}).`);
		process.exit(r.status ?? 1);
	}
}

/** Installs npm dependencies when node_modules is missing or older than the lock file. */
export function ensureDependencies() {
	if (!existsSync('node_modules/.package-lock.json')) run('npm ci --no-audit --no-fund');
}

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The e2e tests drive Debian's Chromium (no browser download is possible on these machines).
 * Installs it with apt-get when we are root on Debian; otherwise says how.
 */
export function ensureChromium() {
	if (existsSync(CHROMIUM)) return;
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	const hasApt = existsSync('/usr/bin/apt-get');
	if (isRoot && hasApt) {
		console.log('servescope: Chromium is missing; installing Debian\'s chromium package for the end-to-end tests.');
		run('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', {});
		if (existsSync(CHROMIUM)) return;
	}
	console.error(
		`servescope: the end-to-end tests need Chromium at ${CHROMIUM} and it is not there.\n` +
			'  On Debian/Ubuntu: sudo apt-get install chromium\n' +
			'  Elsewhere: install Chromium or Chrome and set CHROMIUM_PATH=/path/to/chromium'
	);
	process.exit(1);
}

/** True when `cmd` exits 0 (used to probe tools without failing). */
export function works(cmd) {
	try {
		execSync(cmd, { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
}
