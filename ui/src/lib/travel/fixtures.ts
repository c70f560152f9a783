// Test data for the travel screens, shaped like the core's answers.
import type { SyncConflict, SyncStatus } from '$lib/ipc/bindings';

export const SITE_ID = '0190a1b2-0000-7000-8000-00000000000a';
export const PEER_ID = '0190a1b2-0000-7000-8000-00000000000b';
export const KEY = `${SITE_ID}:${'ab'.repeat(32)}`;

export function status(over: Partial<SyncStatus> = {}): SyncStatus {
	return {
		site: { id: SITE_ID, name: 'Laptop de misión', public_key: 'ab'.repeat(32) },
		peers: [
			{
				peer: {
					id: PEER_ID,
					name: 'Oficina central',
					public_key: 'cd'.repeat(32),
					last_sent_seq: 3,
					last_received_seq: 5,
					last_export_at: '2026-03-02T09:00:00Z',
					last_import_at: '2026-03-02T08:00:00Z'
				},
				waiting: 12,
				last_out: { seq: 3, changes: 40, files: 0, at: '2026-03-02T09:00:00Z', path: '/media/usb/x' },
				last_in: null
			}
		],
		waiting: 12,
		open_conflicts: 1,
		folder: '/media/usb/despacho',
		...over
	};
}

export function conflict(over: Partial<SyncConflict> = {}): SyncConflict {
	return {
		id: 'c1',
		kind: 'field',
		table: 'members',
		record_id: 'm1',
		field: 'name',
		a: {
			value: '"Instituto Nacional"',
			stamp: '0001@x',
			site: SITE_ID,
			site_name: 'Laptop de misión',
			user: 'u1',
			user_name: 'Ana Pérez',
			at: '2026-03-01T10:00:00Z',
			local: true
		},
		b: {
			value: '"Instituto Nacional de Estadística"',
			stamp: '0002@y',
			site: PEER_ID,
			site_name: 'Oficina central',
			user: 'u2',
			user_name: 'Luis Gómez',
			at: '2026-03-01T11:00:00Z',
			local: false
		},
		other_record_id: null,
		detail: '',
		detected_at: '2026-03-02T08:00:00Z',
		resolved_take: null,
		resolved_by: null,
		resolved_at: null,
		label: 'Instituto Nacional de Estadística',
		...over
	};
}
