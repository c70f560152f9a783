// What is overdue or due soon, told once per app start after sign-in: a desktop notification
// with the counts, and the data for `AttentionNotice`, which shows them in the app with links
// to the compliance screen.
import { get } from 'svelte/store';
import { _ } from 'svelte-i18n';
import { commands, type ComplianceAttention } from '$lib/ipc/bindings';
import { call } from '$lib/ipc/call';
import { session } from '$lib/session/session.svelte';

/** How far ahead "due soon" looks at start. */
export const ATTENTION_DAYS = 30;

/** The users already told in this run of the app (a second sign-in of the same user says nothing). */
const told = new Set<string>();

/** Whether anything needs attention. */
export function needsAttention(a: ComplianceAttention | null | undefined): a is ComplianceAttention {
	return !!a && a.overdue_count + a.due_soon_count > 0;
}

/** The sentence with the counts ("2 obligaciones vencidas y 3 por vencer en los próximos 30 días"). */
export function attentionText(a: ComplianceAttention): string {
	return get(_)('compliance.attention.text', {
		values: { overdue: a.overdue_count, soon: a.due_soon_count, days: a.within_days }
	});
}

/**
 * Asks the core what is overdue or due within 30 days — once per app start for the signed-in
 * user — and, when anything is, sends a desktop notification with the counts. Returns what it found (null
 * when already told, when nothing needs attention, or when the question failed: a start-up
 * reminder never stands in the user's way).
 */
export async function notifyComplianceAttention(): Promise<ComplianceAttention | null> {
	const user = session.user;
	if (!user || told.has(user.id)) return null;
	told.add(user.id);
	let found: ComplianceAttention;
	try {
		found = await call(() => commands.complianceAttention(ATTENTION_DAYS));
	} catch {
		return null;
	}
	if (!needsAttention(found)) return null;
	const text = attentionText(found);
	// The operating system's notification (best effort: `AttentionNotice` shows the same in the app).
	try {
		await call(() => commands.desktopNotify(get(_)('compliance.attention.desktop_title'), text));
	} catch {
		// No notification service, or a refused text: the in-app notice stands.
	}
	return found;
}

/** Forgets who was told (tests; a new app start). */
export function resetComplianceAttention(): void {
	told.clear();
}
