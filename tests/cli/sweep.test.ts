/** `cli sweep`: one configuration's capacity under the SLO, as JSON. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;

describe('cli sweep', () => {
	it('finds a capacity with the SLO met at it and missed above it', async () => {
		const { stdout } = await run('node', ['--import', 'tsx', 'cli/main.ts', 'sweep', '--synthetic', '--requests', '300', '--method', 'continuous', '--gpus', '2', '--json'], { cwd: root });
		const sw = JSON.parse(stdout) as { capacityReqPerS: number; capacityPerGpuReqPerS: number; points: { rateReqPerS: number; meetsSlo: boolean }[] };
		expect(sw.capacityReqPerS).toBeGreaterThan(0);
		expect(sw.capacityPerGpuReqPerS).toBeCloseTo(sw.capacityReqPerS / 2, 12);
		for (const p of sw.points) expect(p.meetsSlo).toBe(p.rateReqPerS <= sw.capacityReqPerS);
	});
	it('an unknown method is refused with exit code 2', async () => {
		await expect(run('node', ['--import', 'tsx', 'cli/main.ts', 'sweep', '--synthetic', '--method', 'warp'], { cwd: root })).rejects.toMatchObject({ code: 2 });
	});
});
