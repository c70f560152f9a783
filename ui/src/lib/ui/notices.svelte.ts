// Short messages shown at the top of the content ("saved", "exported to …"). They survive a
// navigation, so a screen can announce the result of an action on the next one.

export type NoticeKind = 'success' | 'error' | 'info';
export type Notice = { id: number; kind: NoticeKind; text: string };

let nextId = 1;

/** How many notices stay on screen at once. */
export const MAX_SHOWN = 3;
/** How long a confirmation stays (errors stay until dismissed). */
export const SUCCESS_MS = 8000;

class Notices {
	items = $state<Notice[]>([]);

	/**
	 * Shows a notice; at most three stay on screen, and confirmations leave by themselves. The
	 * same message again (three items saved one after the other) replaces the one shown, with its
	 * time on screen started again, instead of stacking copies.
	 */
	show(text: string, kind: NoticeKind = 'success'): void {
		const id = nextId++;
		const others = this.items.filter((n) => n.kind !== kind || n.text !== text);
		this.items = [...others.slice(-(MAX_SHOWN - 1)), { id, kind, text }];
		if (kind !== 'error') setTimeout(() => this.dismiss(id), SUCCESS_MS);
	}

	dismiss(id: number): void {
		this.items = this.items.filter((n) => n.id !== id);
	}

	clear(): void {
		this.items = [];
	}
}

export const notices = new Notices();
