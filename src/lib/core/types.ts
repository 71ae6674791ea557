/**
 * Value types every folder of src/lib may share: the model and GPU descriptions (as in
 * shared/catalog) and the error a person can meet. core imports nothing of servescope's, so
 * catalog, trace and the engine all read these without importing each other.
 */

/** A dense decoder-only transformer, as in shared/catalog/models.json. */
export interface ModelSpec {
	id: string;
	name: string;
	layers: number;
	hiddenSize: number;
	heads: number;
	kvHeads: number;
	/** Not always hiddenSize / heads (Qwen3 0.6B, 4B, 32B). */
	headDim: number;
	intermediateSize: number;
	vocabSize: number;
	tiedEmbeddings: boolean;
	maxContext: number;
	/** Bytes per weight and per KV element (2 for BF16/FP16). */
	dtypeBytes: number;
	paramsBillion?: number;
	qkNorm?: boolean;
	notes?: string;
	source?: string;
}

/** A GPU's roofline numbers, as in shared/catalog/gpus.json. */
export interface GpuSpec {
	id: string;
	name: string;
	memoryGB: number;
	memoryBandwidthGBs: number;
	/** Dense (not sparse) BF16 tensor TFLOP/s. */
	bf16DenseTflops: number;
	tdpW?: number | null;
	fp16AccTflops?: number | null;
	fp8DenseTflops?: number | null;
	/** Streaming multiprocessors (AMD: compute units): how many thread blocks run at once (per-operator model). */
	smCount?: number | null;
	/** Where smCount comes from. */
	smCountSource?: string;
	interconnect?: string;
	note?: string;
	source?: string;
}

/**
 * An error a person can meet: what went wrong, where, and what to do. Shown as-is in the UI and CLI.
 */
export interface UserError {
	/** Stable machine code, e.g. "missing-columns", "empty-file", "model-does-not-fit". */
	code: string;
	/** One or two sentences: what went wrong, where (file line, field) and what to do. */
	message: string;
	/** File line (1-based) when the error is tied to one. */
	line?: number;
	/** Field or column name when the error is tied to one. */
	field?: string;
	/**
	 * The CSV header's column names as written in the file (BOM and padding removed), set on the
	 * header errors a column mapping can fix ("unknown-header", "missing-columns" of a CSV), so a
	 * page can offer them for the person to choose from. At most MAX_OFFERED_COLUMNS names.
	 */
	columns?: string[];
}
