// How travel mode shows what the core returns: bundle steps, conflict values, errors.
import type { AppError, ConflictSide, SyncConflict, SyncFolderItem, SyncFolderReport } from '$lib/ipc/bindings';
import { errorKey, hasMessage } from '$lib/i18n';

type Translate = (key: string, options?: { values?: Record<string, string | number> }) => string;

/** The translation key for an error of this screen: its own wording for its fields, else the app's. */
export function travelErrorKey(error: Pick<AppError, 'code' | 'field'>): string {
	if (error.field) {
		const own = `travel.errors.${error.field}.${error.code}`;
		if (hasMessage(own)) return own;
	}
	return errorKey(error);
}

/** One bundle read or written, in words. */
export function itemText(item: SyncFolderItem, t: Translate): string {
	const peer = item.peer ?? t('travel.sync.unknown_peer');
	const seq = item.seq ?? '?';
	switch (item.outcome) {
		case 'exported':
			return t('travel.sync.item_out', { values: { seq, peer, changes: item.changes } });
		case 'waiting':
			return t('travel.sync.item_waiting', { values: { seq, peer, missing: item.missing ?? '?' } });
		case 'refused':
			return t('travel.sync.item_refused', { values: { file: fileName(item.file), message: item.message } });
		default:
			return t('travel.sync.item_in', { values: { seq, peer, changes: item.changes, conflicts: item.conflicts } });
	}
}

/** The last part of a path. */
export function fileName(path: string): string {
	return path.split(/[\\/]/).pop() ?? path;
}

/** What a sync did, counted. */
export function counts(report: SyncFolderReport): { imported: number; exported: number; conflicts: number; changes: number; problems: number } {
	let imported = 0;
	let exported = 0;
	let conflicts = 0;
	let changes = 0;
	let problems = 0;
	for (const i of report.items) {
		if (i.outcome === 'imported') {
			imported++;
			changes += i.changes;
			conflicts += i.conflicts;
		} else if (i.outcome === 'exported') exported++;
		else if (i.outcome === 'refused' || i.outcome === 'waiting') problems++;
	}
	return { imported, exported, conflicts, changes, problems };
}

/** The name of a record's kind (its table), translated where the screen knows it. */
export function tableName(table: string, t: Translate): string {
	const key = `travel.tables.${table}`;
	return hasMessage(key) ? t(key) : table;
}

/** The name of a field (a column), translated where the screen knows it. */
export function fieldName(field: string, t: Translate): string {
	const key = `travel.fields.${field}`;
	return hasMessage(key) ? t(key) : field;
}

/** A conflict's value (JSON text) as a person reads it. */
export function shownValue(json: string, t: Translate): string {
	let v: unknown;
	try {
		v = JSON.parse(json);
	} catch {
		return json;
	}
	if (v === null || v === '') return t('travel.conflicts.empty_value');
	if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
	if (typeof v === 'object' && !Array.isArray(v)) {
		return Object.entries(v as Record<string, unknown>)
			.map(([k, x]) => `${k}: ${x === null || x === '' ? t('travel.conflicts.empty_value') : typeof x === 'object' ? JSON.stringify(x) : String(x)}`)
			.join('; ');
	}
	return JSON.stringify(v);
}

/** The side this site holds and the other site's, whichever is a or b. */
export function sides(c: SyncConflict): { here: ConflictSide; there: ConflictSide } {
	return c.a.local ? { here: c.a, there: c.b } : { here: c.b, there: c.a };
}

/** The side a resolution kept ("a" or "b"). */
export function keptSide(c: SyncConflict): ConflictSide | null {
	if (c.resolved_take === 'a') return c.a;
	if (c.resolved_take === 'b') return c.b;
	return null;
}
