/**
 * GPU-to-GPU links per catalog GPU: what tensor parallelism's all-reduces run over (interconnect.json).
 * Each figure carries its source: [V] vendor, [S] secondary, [D] derived by arithmetic, [A] assumption
 * (the tags of shared/catalog/SOURCES.md, plus [A]). An entry is usable directly as the deployment
 * model's LinkSpec (busBandwidthGBs, hopLatencyUs).
 */
import interconnectJson from './interconnect.json' with { type: 'json' };

export interface FigureSource {
	tag: '[V]' | '[S]' | '[D]' | '[A]';
	text: string;
	/** null only for an assumption ([A]). */
	url: string | null;
	/** ISO date the figure was published, or retrieved when the page is undated (dateNote says which). */
	date: string;
	dateNote: string;
}

export interface InterconnectSpec {
	gpuId: string;
	fabric: 'nvlink' | 'infinity-fabric' | 'pcie';
	label: string;
	/** Per-GPU bandwidth, both directions summed (the datasheet figure), GB/s. */
	bidirectionalGBs: number;
	/** Per-GPU bandwidth in one direction, GB/s: what a ring all-reduce's bus bandwidth is bounded by. */
	busBandwidthGBs: number;
	/** Latency of one ring step, microseconds. */
	hopLatencyUs: number;
	/** GPUs in one node (the largest TP a replica may use). */
	gpusPerNode: number;
	sources: { bandwidth: FigureSource; hopLatency: FigureSource; gpusPerNode: FigureSource };
}

export const INTERCONNECTS: readonly InterconnectSpec[] = interconnectJson as InterconnectSpec[];

/** The interconnect of a catalog GPU, or undefined for a GPU the catalog does not list. */
export function findInterconnect(gpuId: string): InterconnectSpec | undefined {
	return INTERCONNECTS.find((x) => x.gpuId === gpuId);
}
