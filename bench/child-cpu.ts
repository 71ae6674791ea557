/**
 * CPU seconds of the benchmark's finished child processes, for the whole-process benchmarks (cli,
 * table). On a busy machine wall time mostly measures waiting for a core; CPU time is the work itself.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

/**
 * CPU seconds (user + system) used so far by this process's finished children, from /proc/self/stat
 * (Linux; null elsewhere). A child's figure includes its own children (npm's shell and node).
 */
export function childrenCpuS(): number | null {
	try {
		const stat = readFileSync('/proc/self/stat', 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		// Fields 16 and 17 of proc(5), cutime and cstime; `fields` starts at field 3.
		return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS;
	} catch {
		return null;
	}
}
