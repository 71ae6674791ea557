// Static guarantees behind "nothing leaves the tab" and "strings from files are text" (issue 7).
import { describe, expect, test } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import config from '../svelte.config.js';

/** Every file under dir with one of the extensions. */
function files(dir: string, exts: string[]): string[] {
	return readdirSync(dir).flatMap((name) => {
		const p = join(dir, name);
		return statSync(p).isDirectory() ? files(p, exts) : exts.some((e) => p.endsWith(e)) ? [p] : [];
	});
}

describe('Content-Security-Policy', () => {
	const directives = config.kit?.csp?.directives ?? {};
	test('scripts come only from the app itself: no eval of any kind, no inline scripts by hand', () => {
		const scriptSrc = (directives['script-src'] ?? []) as string[];
		expect(scriptSrc).toEqual(['self']);
		expect(JSON.stringify(directives)).not.toMatch(/unsafe-eval/);
	});
	test('the page may only talk to its own origin', () => {
		expect(directives['connect-src']).toEqual(['self']);
		expect(directives['default-src']).toEqual(['self']);
		expect(directives['object-src']).toEqual(['none']);
	});
});

test('no component renders raw HTML ({@html}), so text from trace files can never become markup', () => {
	const offenders = files('src', ['.svelte']).filter((f) => readFileSync(f, 'utf8').includes('{@html'));
	expect(offenders).toEqual([]);
});

test('no source file reaches the network: no fetch/XMLHttpRequest/WebSocket/sendBeacon outside the service worker', () => {
	const pattern = /\b(fetch\(|XMLHttpRequest|WebSocket|EventSource|sendBeacon)/;
	const offenders = files('src', ['.ts', '.svelte']).filter((f) => !f.endsWith('service-worker.ts') && pattern.test(readFileSync(f, 'utf8')));
	expect(offenders).toEqual([]);
});
