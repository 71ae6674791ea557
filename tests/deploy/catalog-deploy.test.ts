import { describe, expect, it } from 'vitest';
import { INTERCONNECTS, findInterconnect, type FigureSource } from '../../src/lib/catalog/interconnect';
import { GPU_PRICES, findGpuPrice, parsePriceOverride } from '../../src/lib/catalog/prices';
import gpus from '../../src/lib/catalog/gpus.json' with { type: 'json' };

const ids = gpus.map((g) => g.id);

function expectSourced(s: FigureSource | null, what: string): void {
	expect(s, `${what} has no source`).not.toBeNull();
	if (!s) return;
	expect(['[V]', '[S]', '[D]', '[A]'], `${what} tag`).toContain(s.tag);
	expect(s.text.length, `${what} text`).toBeGreaterThan(20);
	expect(s.date, `${what} date`).toMatch(/^20\d\d-\d\d-\d\d$/);
	expect(s.dateNote.length, `${what} dateNote`).toBeGreaterThan(3);
	if (s.tag !== '[A]') expect(s.url, `${what} url`).toMatch(/^https:\/\//);
}

describe('interconnect catalog', () => {
	it('has exactly one entry per catalog GPU', () => {
		expect(INTERCONNECTS.map((x) => x.gpuId).sort()).toEqual([...ids].sort());
	});
	it('every figure is positive and sourced; one direction is half the bidirectional figure', () => {
		for (const x of INTERCONNECTS) {
			expect(x.busBandwidthGBs).toBeGreaterThan(0);
			expect(x.busBandwidthGBs).toBeCloseTo(x.bidirectionalGBs / 2, 9);
			expect(x.hopLatencyUs).toBeGreaterThan(0);
			expect([1, 2, 4, 8]).toContain(x.gpusPerNode);
			expectSourced(x.sources.bandwidth, `${x.gpuId} bandwidth`);
			expectSourced(x.sources.hopLatency, `${x.gpuId} hop latency`);
			expectSourced(x.sources.gpusPerNode, `${x.gpuId} GPUs per node`);
		}
	});
	it('NVLink parts use NVLink figures, PCIe-only cards PCIe ones', () => {
		expect(findInterconnect('h100-sxm')).toMatchObject({ fabric: 'nvlink', busBandwidthGBs: 450, hopLatencyUs: 1.9, gpusPerNode: 8 });
		expect(findInterconnect('l4')).toMatchObject({ fabric: 'pcie', busBandwidthGBs: 31.5 });
		expect(findInterconnect('t4')?.busBandwidthGBs).toBe(15.75);
		expect(findInterconnect('nope')).toBeUndefined();
	});
});

describe('price table', () => {
	it('has exactly one entry per catalog GPU', () => {
		expect(GPU_PRICES.map((p) => p.gpuId).sort()).toEqual([...ids].sort());
	});
	it('every price is positive with its source and date; every missing one says why', () => {
		for (const p of GPU_PRICES) {
			if (p.usdPerGpuHour === null) {
				expect(p.reason, `${p.gpuId} reason`).toMatch(/price/);
				expect(p.source).toBeNull();
			} else {
				expect(p.usdPerGpuHour).toBeGreaterThan(0);
				expect(p.provider && p.offering).toBeTruthy();
				expectSourced(p.source, `${p.gpuId} price`);
			}
		}
		expect(findGpuPrice('h100-sxm')?.usdPerGpuHour).toBe(4.176);
		expect(findGpuPrice('rtx-4080-12gb')?.usdPerGpuHour).toBeNull();
	});
	it('parses --price overrides and rejects bad ones with a message', () => {
		expect(parsePriceOverride('h100-sxm=2.99', ids)).toEqual({ ok: true, gpuId: 'h100-sxm', usdPerGpuHour: 2.99 });
		expect(parsePriceOverride('h100=2.99', ids)).toMatchObject({ ok: false, message: expect.stringMatching(/unknown GPU "h100"/) });
		expect(parsePriceOverride('l4=-1', ids)).toMatchObject({ ok: false, message: expect.stringMatching(/positive number/) });
		expect(parsePriceOverride('l4', ids)).toMatchObject({ ok: false, message: expect.stringMatching(/not GPU=USD/) });
	});
});
