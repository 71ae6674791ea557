import { describe, expect, test } from 'vitest';
import { defaultParams } from '../../src/lib/state/params';
import { headerLine, hashPrefix, resultsHeader, studyRate } from '../../src/lib/state/results-header';
import { studyConfigFromParams } from '../../src/lib/state/scenario-build';

const config = studyConfigFromParams(defaultParams());

describe('results header', () => {
	test('names trace with hash prefix, model, GPU, rate, SLO and performance model', () => {
		const parts = resultsHeader({ base: config.base, traceName: 'burst.csv', traceHash: 'ab'.repeat(32), rate: studyRate(config), attainment: 0.95 });
		const line = headerLine(parts);
		expect(parts.map((p) => p.key)).toEqual(['trace', 'model', 'gpu', 'rate', 'slo', 'perf']);
		expect(line).toContain('burst.csv (sha256 abababababab)');
		expect(line).toContain(config.base.model.name);
		expect(line).toContain(config.base.gpu.name);
		expect(line).toContain(`RPS ×${config.rpsScale}`);
		expect(line).toContain('for 95% of requests');
	});

	test('TP, precision and routing appear only when the scenario sets them', () => {
		const base = { ...config.base, tp: 2, weights: 'fp8' as const, routing: 'round-robin' as const };
		const parts = resultsHeader({ base, traceName: 't', traceHash: '', rate: studyRate({ rpsScale: 1, requestsPerS: 12.5 }) });
		expect(parts.find((p) => p.key === 'tp')?.value).toBe('2');
		expect(parts.find((p) => p.key === 'precision')?.value).toBe('weights fp8, KV bf16');
		expect(parts.find((p) => p.key === 'routing')?.value).toBe('round-robin');
		expect(parts.find((p) => p.key === 'rate')?.value).toBe('12.5 req/s (re-timed)');
		expect(parts.find((p) => p.key === 'trace')?.value).toBe('t');
	});

	test('hash prefix is 12 hex digits, empty when unknown', () => {
		expect(hashPrefix('0123456789abcdef')).toBe('0123456789ab');
		expect(hashPrefix(null)).toBe('');
	});
});
