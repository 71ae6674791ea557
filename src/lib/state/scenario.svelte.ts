/**
 * The scenario the page edits (Svelte 5 runes): params from the URL at start, kept in the URL as the
 * person edits (replaceState, so the back button is not flooded), with field errors derived from
 * checkParams plus the list inputs' own syntax errors.
 */
import { defaultParams, type StudyParams } from './params';
import { checkParams, type FieldErrors } from './scenario-build';
import { paramsFromQuery, parseIntList, queryFromParams } from './url';

type ListKey = 'sizes' | 'gpus' | 'bins';

class ScenarioState {
	params = $state<StudyParams>(defaultParams());
	/** Values from the URL that were ignored, each with why. */
	notices = $state<string[]>([]);
	/** The list inputs' text as typed (they become params only when they parse). */
	listText = $state<Record<ListKey, string>>({ sizes: '', gpus: '', bins: '' });
	listErrors = $state<Partial<Record<ListKey, string>>>({});
	/** Field name -> message; empty when the study can run. */
	errors: FieldErrors = $derived({ ...checkParams(this.params), ...this.listErrors });
	/** The query string (no "?") for the current scenario. */
	query = $derived(queryFromParams(this.params));

	/** Reads the scenario from a query string (the page's URL at start, or a shared link). */
	fromQuery(search: string): void {
		const { params, notices } = paramsFromQuery(search);
		this.params = params;
		this.notices = notices;
		this.#syncLists();
	}

	/** Back to the study's defaults. */
	reset(): void {
		this.params = defaultParams();
		this.notices = [];
		this.#syncLists();
	}

	/** Sets a list from typed text: params change only when the text parses; otherwise an error shows. */
	setList(key: ListKey, text: string): void {
		this.listText[key] = text;
		const r = parseIntList(text, key);
		if (r.ok) {
			this.params[key] = r.value;
			delete this.listErrors[key];
		} else {
			this.listErrors[key] = r.message;
		}
	}

	#syncLists(): void {
		this.listText = { sizes: this.params.sizes.join(','), gpus: this.params.gpus.join(','), bins: this.params.bins.join(',') };
		this.listErrors = {};
	}
}

/** The page's one scenario state. */
export const scenarioState = new ScenarioState();
scenarioState.reset();
