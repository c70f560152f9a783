// Payloads as the core sends them, for the session screens' tests.
import type { Agenda, AgendaItem, AttendanceSheet, Session } from '$lib/ipc/bindings';

export function session(over: Partial<Session> = {}): Session {
	return {
		id: 's1',
		body_id: 'b-cpiss',
		body_code: 'CPISS',
		body_names: {
			es: 'Comité Permanente Interamericano de Seguridad Social',
			en: 'Permanent Inter-American Social Security Committee',
			pt: 'Comitê Permanente Interamericano de Seguridade Social',
			fr: 'Comité permanent interaméricain de sécurité sociale'
		},
		ordinal: 112,
		ordinal_roman: 'CXII',
		name: 'CXII Reunión del Comité Permanente',
		kind: 'ordinary',
		starts_at: '2026-03-10T09:00:00-06:00',
		ends_at: '2026-03-10T14:00:00-06:00',
		time_zone: 'America/Mexico_City',
		venue: 'Ciudad de México',
		virtual_link: null,
		languages: ['es', 'en'],
		status: 'planned',
		agenda_status: 'provisional',
		agenda_revision: 1,
		item_count: 4,
		created_at: '2026-01-01T00:00:00Z',
		updated_at: '2026-01-01T00:00:00Z',
		...over
	};
}

export function item(over: Partial<AgendaItem> & { id: string; number: string }): AgendaItem {
	return {
		parent_id: null,
		depth: 0,
		position: 0,
		kind: 'information',
		presenter: '',
		duration_minutes: 15,
		starts_at: '2026-03-10T09:00:00-06:00',
		start_time: '09:00',
		titles: { es: `Punto ${over.number}` },
		notes: {},
		attachments: [],
		has_sub_items: false,
		...over
	};
}

/** 1 Apertura (with 1.1 and 1.2), 2 Informe, 3 Clausura. */
export const ITEMS: AgendaItem[] = [
	item({ id: 'i1', number: '1', position: 0, start_time: '09:00', duration_minutes: 0, titles: { es: 'Apertura', en: 'Opening' }, has_sub_items: true }),
	item({ id: 'i11', number: '1.1', parent_id: 'i1', depth: 1, position: 0, start_time: '09:00', duration_minutes: 10, titles: { es: 'Palabras de bienvenida' } }),
	item({ id: 'i12', number: '1.2', parent_id: 'i1', depth: 1, position: 1, start_time: '09:10', duration_minutes: 5, titles: { es: 'Verificación del quórum' } }),
	item({ id: 'i2', number: '2', position: 1, start_time: '09:15', duration_minutes: 45, kind: 'deliberation', presenter: 'Secretaría General', titles: { es: 'Informe de la Secretaría General', en: 'Report of the Secretary-General' } }),
	item({ id: 'i3', number: '3', position: 2, start_time: '10:00', duration_minutes: 15, kind: 'decision', titles: { es: 'Clausura' } })
];

export function agenda(over: Partial<Agenda> = {}): Agenda {
	return {
		session_id: 's1',
		status: 'provisional',
		revision: 1,
		approved_at: null,
		languages: ['es', 'en'],
		items: ITEMS,
		total_minutes: 75,
		changes: [],
		...over
	};
}

export function sheet(present: number): AttendanceSheet {
	return {
		session_id: 's1',
		lines: [
			{ id: null, seat_id: 'seat-1', member_id: 'm1', member_acronym: 'IMSS', member_name: 'Instituto Mexicano del Seguro Social', person_name: '', role: 'president', may_vote: true, status: present > 0 ? 'present' : null, attendee: '', represented_by: '', with_vote: present > 0 },
			{ id: null, seat_id: 'seat-2', member_id: 'm2', member_acronym: 'CCSS', member_name: 'Caja Costarricense de Seguro Social', person_name: '', role: 'member', may_vote: true, status: present > 1 ? 'present' : null, attendee: '', represented_by: '', with_vote: present > 1 },
			{ id: null, seat_id: 'seat-3', member_id: 'm3', member_acronym: 'BPS', member_name: 'Banco de Previsión Social', person_name: '', role: 'member', may_vote: true, status: null, attendee: '', represented_by: '', with_vote: false },
			{ id: null, seat_id: 'seat-sg', member_id: null, member_acronym: null, member_name: null, person_name: 'Secretaría General', role: 'secretary', may_vote: false, status: null, attendee: '', represented_by: '', with_vote: false }
		],
		quorum: { rule: { kind: 'majority_of_voting' }, voting_members: 3, present_voting: present, required: 2, reached: present >= 2 }
	};
}
