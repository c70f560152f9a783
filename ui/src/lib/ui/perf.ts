// Start-up and sign-in measured in the real window (issue 9, docs/PERFORMANCE.md).
// `afterPaint` resolves two animation frames later: the first frame is the one being painted
// with the new DOM, the second starts once that paint is done.

export const SIGN_IN_MARK = 'despacho:sign-in';
export const DESK_PAINTED_MARK = 'despacho:desk-painted';
export const SIGN_IN_TO_DESK = 'despacho:sign-in-to-desk';

/** What the first screen is called in `first-paint-ms=… screen=<name>` (the layout's order). */
export function firstScreenName(s: {
	recoveryKey: string | null;
	locked: boolean;
	plaintext: boolean;
	needsSetup: boolean;
	user: unknown;
}): string {
	if (s.recoveryKey) return 'recovery-key';
	if (s.locked) return 'unlock';
	if (s.plaintext) return 'protect';
	if (s.needsSetup) return 'setup';
	return s.user ? 'desk' : 'sign-in';
}

export function afterPaint(): Promise<void> {
	return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
}

/** The sign-in button was pressed (a performance mark: nothing else). */
export function markSignIn(): void {
	performance.clearMarks(SIGN_IN_MARK);
	performance.mark(SIGN_IN_MARK);
}

/**
 * The desk is mounted with its data: when a sign-in is pending, waits for its paint and records
 * the `despacho:sign-in-to-desk` measure (read by tests/e2e/perf.measure.mjs).
 */
export async function deskShown(): Promise<void> {
	if (performance.getEntriesByName(SIGN_IN_MARK, 'mark').length === 0) return;
	await afterPaint();
	performance.mark(DESK_PAINTED_MARK);
	performance.measure(SIGN_IN_TO_DESK, SIGN_IN_MARK, DESK_PAINTED_MARK);
	performance.clearMarks(SIGN_IN_MARK);
	performance.clearMarks(DESK_PAINTED_MARK);
}
