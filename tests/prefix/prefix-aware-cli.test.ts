import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('simulate --routing prefix-aware', () => {
	it('routes by cached prefix with --prefix-cache and prints prefixHitRate above round-robin', async () => {
		const args = ['--import', 'tsx', 'cli/main.ts', 'simulate', '--trace', 'tests/fixtures/real/mooncake/conversation_trace.head1000.jsonl', '--requests', '400', '--rps-scale', '4', '--method', 'continuous', '--gpu', 'h200-sxm', '--model', 'llama-3.2-1b', '--gpus', '4', '--prefix-cache', '--json'];
		const aware = JSON.parse((await run('node', [...args, '--routing', 'prefix-aware'], { cwd: process.cwd() })).stdout);
		const rr = JSON.parse((await run('node', [...args, '--routing', 'round-robin'], { cwd: process.cwd() })).stdout);
		expect(typeof aware.prefixHitRate).toBe('number');
		expect(aware.prefixHitRate).toBeGreaterThan(rr.prefixHitRate);
	}, 120_000);
});
