/**
 * servescope's browser cache: parsed traces, simulation results and studies in IndexedDB, with an
 * in-memory fallback for this tab. Every function answers a value (never throws into the UI).
 */
export { configureCache, closeCache, getDb, cacheStatus, onCacheStatus, DB_VERSION, DEFAULT_DB_NAME } from './db';
export type { Connection, ServescopeDB } from './db';
export { sha256Hex, sha256HexOfText, stableStringify, normalizedScenarioKey, resultKey } from './key';
export { putTrace, getTrace, listTraces, deleteTrace } from './traces';
export type { StoredTrace } from './traces';
export { getResults, putResults, pruneStaleResults } from './results';
export type { ResultEntry } from './results';
export { putStudy, getStudy, listStudies, deleteStudy } from './studies';
export { clearAll } from './clear';
export { storageInfo, requestPersistence, formatBytes } from './storage';
export type { StorageInfo, StorageManagerLike, PersistOutcome } from './storage';
export { MESSAGES, isQuotaError } from './errors';
export type * from './types';
