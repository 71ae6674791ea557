/**
 * What the IndexedDB cache stores and what its functions answer. Everything here is structured-clone
 * data (no classes), because it goes into IndexedDB as-is and crosses into the page's state.
 */
import type { ParseReport, TraceFormat } from '../trace/types';
import type { SimResult } from '../sim/types';
import type { TracePrefixColumns } from './trace-prefix-record';

/** Why something was not stored or not read from IndexedDB. */
export type CacheFailure =
	/** No IndexedDB here (private window, storage disabled, Node without a shim). */
	| 'unavailable'
	/** Another tab holds an older version of the database open and has not let go. */
	| 'blocked'
	/** The database on disk was written by a newer servescope; this one cannot read it. */
	| 'newer-version'
	/** Another tab upgraded the database, so this tab closed its connection. */
	| 'closed'
	/** Browser storage is full. */
	| 'quota'
	/** The browser ran out of memory copying the data for storage (DataCloneError, allocation failure). */
	| 'out-of-memory'
	/** The trace was deleted (here, in another tab, or with the site data): its results are not written. */
	| 'trace-deleted'
	/** A stored record failed validation; it was skipped and deleted. */
	| 'corrupt'
	/** Anything else the browser threw. */
	| 'error';

/** A problem a person should see, as a value: never thrown into the UI. */
export interface CacheNotice {
	reason: CacheFailure;
	/** What happened, what it means for this tab, and what to do. */
	message: string;
}

/** The answer of every write. When not stored, the data is kept in memory for this tab. */
export type PutOutcome =
	| { stored: true }
	| { stored: false; reason: CacheFailure; message: string };

/** The answer of every read: the value (possibly empty) plus anything worth telling the person. */
export interface CacheRead<T> {
	value: T;
	/** False when IndexedDB could not be used and the value came from this tab's memory only. */
	persistent: boolean;
	notices: CacheNotice[];
}

/** The state of the connection, for a banner in the UI. */
export interface CacheStatus {
	state: 'idle' | 'opening' | 'ready' | CacheFailure;
	/** Set whenever state is not 'idle', 'opening' or 'ready'. */
	message?: string;
}

/** The columns of a Trace as raw bytes (typed arrays do not survive every IndexedDB backend as views). */
export interface TraceColumns {
	/** Float64, seconds. */
	arrivalS: ArrayBuffer;
	/** Uint32. */
	promptTokens: ArrayBuffer;
	/** Uint32. */
	outputTokens: ArrayBuffer;
	/** Uint8 indexes into modelNames. */
	modelCode: ArrayBuffer;
	/** Uint8 indexes into logTypeNames. */
	logTypeCode: ArrayBuffer;
}

/** What a person tells us about the file besides its parsed contents. */
export interface TraceFileMeta {
	/** File name as dropped. */
	name: string;
	/** File size on disk in bytes (compressed size for .gz). */
	sizeBytes: number;
	format: TraceFormat;
}

/** The listing row of a stored trace (small: no columns). */
export interface TraceMetaRecord extends TraceFileMeta {
	/** SHA-256 of the file's bytes, lowercase hex. */
	hash: string;
	/** Number of requests (rows kept). */
	requests: number;
	synthetic: boolean;
	report: ParseReport;
	/** Milliseconds since the epoch. */
	createdAt: number;
}

/** The bulky part of a stored trace, kept in its own store so listing traces never loads it. */
export interface TraceColumnsRecord extends TracePrefixColumns {
	hash: string;
	columns: TraceColumns;
	modelNames: string[];
	logTypeNames: string[];
}

/** One cached simulation result. */
export interface ResultRecord {
	/** resultKey(traceHash, scenarioKey, engineVersion). */
	key: string;
	traceHash: string;
	scenarioKey: string;
	engineVersion: string;
	createdAt: number;
	result: SimResult;
}

/** A saved study: its configuration and summary as the study module defines them (plain data). */
export interface StudyRecord<Config = unknown, Summary = unknown> {
	id: string;
	traceHash: string;
	name: string;
	createdAt: number;
	config: Config;
	summary: Summary;
	/** Engine that produced the summary; a study from another engine is shown as stale. */
	engineVersion?: string;
}

/** A row of the History panel for a study (no summary body). */
export interface StudyListItem {
	id: string;
	traceHash: string;
	name: string;
	createdAt: number;
	engineVersion?: string;
	/** True when IndexedDB could not store it: it disappears when the tab closes. */
	memoryOnly: boolean;
}

/** A row of the History panel for a trace. */
export interface TraceListItem {
	hash: string;
	name: string;
	sizeBytes: number;
	format: TraceFormat;
	requests: number;
	createdAt: number;
	synthetic: boolean;
	memoryOnly: boolean;
}

/** The answer of a delete or clear: done, or why not (the memory copy is always gone). */
export type DeleteOutcome =
	| { deleted: true }
	| { deleted: false; reason: CacheFailure; message: string };
