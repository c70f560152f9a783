// Short messages shown at the top of the content ("saved", "exported to …"). They survive a
// navigation, so a screen can announce the result of an action on the next one.

export type NoticeKind = 'success' | 'error' | 'info';
export type Notice = { id: number; kind: NoticeKind; text: string };

let nextId = 1;

class Notices {
	items = $state<Notice[]>([]);

	show(text: string, kind: NoticeKind = 'success'): void {
		this.items = [...this.items, { id: nextId++, kind, text }];
	}

	dismiss(id: number): void {
		this.items = this.items.filter((n) => n.id !== id);
	}

	clear(): void {
		this.items = [];
	}
}

export const notices = new Notices();
