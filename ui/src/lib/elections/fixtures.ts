// Test data for the election screens' unit tests: a closed call with a President and a
// Comptroller, three requirements (a work plan, a declaration, the arrears rule) and two
// postulations, one without its work plan.
import type { ElectionCallDetail, EligibilityCell, User } from '$lib/ipc/bindings';

export const SG: User = { id: 'u1', username: 'sg', full_name: 'Secretaría General', role: 'secretary_general', is_admin: true, language: 'es' };
export const CHIEF: User = { id: 'u2', username: 'jefe', full_name: 'Jefatura de Gabinete', role: 'chief_of_staff', is_admin: false, language: 'es' };
export const STAFF: User = { id: 'u3', username: 'staff', full_name: 'Personal', role: 'staff', is_admin: false, language: 'es' };

export function cell(over: Partial<EligibilityCell> & Pick<EligibilityCell, 'postulation_id' | 'requirement_id'>): EligibilityCell {
	return {
		verdict: 'met',
		source: 'automatic',
		reason: { code: 'document_presented', params: { titles: 'Plan' }, message: 'presented: Plan' },
		evidence: '',
		document_id: null,
		note: '',
		automatic_verdict: null,
		automatic_reason: null,
		set_by: null,
		set_at: null,
		...over
	};
}

export function detail(over: Partial<ElectionCallDetail['call']> = {}): ElectionCallDetail {
	return {
		call: {
			id: 'c1',
			session_id: 's1',
			session_name: 'XXXII Asamblea General',
			session_body_names: { es: 'Asamblea General', en: 'General Assembly', pt: 'Assembleia Geral', fr: 'Assemblée générale' },
			session_date: '2026-11-20',
			session_venue: 'Asunción, Paraguay',
			title: 'Convocatoria para la elección de autoridades',
			opens_on: '2026-06-01',
			closes_on: '2026-07-15',
			status: 'closed',
			sitting_sg_nationality: 'MX',
			notes: '',
			signed_versions: 0,
			amending: false,
			postulation_count: 2,
			updated_at: '2026-07-20T10:00:00Z',
			...over
		},
		positions: [
			{ id: 'pos-p', call_id: 'c1', kind: 'president', name: '', seats: 1 },
			{ id: 'pos-c', call_id: 'c1', kind: 'comptroller', name: '', seats: 1 }
		],
		requirements: [
			{ id: 'r-plan', call_id: 'c1', position_id: null, kind: 'document', rule: null, texts: { es: 'Plan de trabajo', en: 'Work plan' } },
			{ id: 'r-decl', call_id: 'c1', position_id: null, kind: 'declaration', rule: null, texts: { es: 'Declaración jurada', en: 'Sworn declaration' } },
			{ id: 'r-dues', call_id: 'c1', position_id: null, kind: 'rule', rule: 'nominator_current_in_dues', texts: { es: 'Al corriente en cuotas', en: 'Current in dues' } }
		],
		postulations: [
			{
				id: 'p1',
				call_id: 'c1',
				position_id: 'pos-p',
				candidate_name: 'Juan Carlos Benítez Ortiz',
				nationality: 'PY',
				received_on: '2026-07-01',
				notes: '',
				withdrawn: false,
				withdrawn_on: null,
				nominators: [{ member_id: 'm1', acronym: 'IPS', name: 'Instituto de Previsión Social', country: 'PY' }],
				documents: [],
				updated_at: '2026-07-01T10:00:00Z'
			},
			{
				id: 'p2',
				call_id: 'c1',
				position_id: 'pos-c',
				candidate_name: 'Lucía Montenegro Paz',
				nationality: 'GT',
				received_on: '2026-07-02',
				notes: '',
				withdrawn: false,
				withdrawn_on: null,
				nominators: [{ member_id: 'm2', acronym: 'IGSS', name: 'Instituto Guatemalteco de Seguridad Social', country: 'GT' }],
				documents: [],
				updated_at: '2026-07-02T10:00:00Z'
			}
		],
		cells: [
			cell({ postulation_id: 'p1', requirement_id: 'r-plan', verdict: 'not_met', reason: { code: 'document_not_presented', params: {}, message: 'document not presented' } }),
			cell({ postulation_id: 'p1', requirement_id: 'r-decl', verdict: 'pending', source: 'manual', reason: { code: 'declaration_not_recorded', params: {}, message: 'not recorded' } }),
			cell({
				postulation_id: 'p1',
				requirement_id: 'r-dues',
				verdict: 'met',
				reason: { code: 'nominators_current', params: { members: 'IPS', as_of: '2026-07-15' }, message: 'current' }
			}),
			cell({ postulation_id: 'p2', requirement_id: 'r-plan', verdict: 'met', reason: { code: 'document_presented', params: { titles: 'Plan de trabajo — Lucía' }, message: 'presented' }, evidence: 'Plan de trabajo — Lucía' }),
			cell({
				postulation_id: 'p2',
				requirement_id: 'r-decl',
				verdict: 'met',
				source: 'manual',
				reason: { code: 'set_by_hand', params: { by: 'Secretaría General', note: '' }, message: 'set by hand' },
				evidence: 'Declaración firmada',
				set_by: 'Secretaría General',
				set_at: '2026-07-03T15:00:00Z'
			}),
			cell({
				postulation_id: 'p2',
				requirement_id: 'r-dues',
				verdict: 'not_met',
				reason: { code: 'nominator_in_arrears', params: { member: 'IGSS', years_owed: '2', as_of: '2026-07-15' }, message: 'arrears' }
			})
		],
		versions: []
	};
}
