// Payloads as the core sends them, for the regulation project screens' tests.
import type {
	RegulationArticle,
	RegulationProject,
	RegulationProjectDetail,
	RegulationSubmission,
	RegulationVersion,
	User
} from '$lib/ipc/bindings';

export function user(role: User['role'], over: Partial<User> = {}): User {
	return { id: `u-${role}`, username: role, full_name: role, role, is_admin: false, language: 'es', ...over };
}

export function project(over: Partial<RegulationProject> = {}): RegulationProject {
	return {
		id: 'p1',
		titles: { es: 'Reforma del Reglamento Financiero', en: 'Amendment of the Financial Regulations' },
		instrument: 'Reglamento Financiero',
		languages: ['es', 'en'],
		status: 'draft',
		article_count: 2,
		version_count: 1,
		has_unsaved_changes: true,
		open_comments: 1,
		session_id: null,
		agenda_item_id: null,
		created_at: '2026-01-10T15:00:00Z',
		updated_at: '2026-01-12T15:00:00Z',
		...over
	};
}

export function article(over: Partial<RegulationArticle> & { id: string; number: string }): RegulationArticle {
	return {
		position: 0,
		headings: { es: `Epígrafe ${over.number}` },
		texts: { es: `Texto del artículo ${over.number}.`, en: `Text of article ${over.number}.` },
		open_comments: 0,
		...over
	};
}

export const ARTICLES: RegulationArticle[] = [
	article({ id: 'a1', number: '1', position: 0, headings: { es: 'Objeto', en: 'Purpose' }, texts: { es: 'Este reglamento regula las finanzas.', en: 'These regulations govern the finances.' }, open_comments: 1 }),
	article({ id: 'a2', number: '2', position: 1, headings: { es: 'Ejercicio' }, texts: { es: 'El ejercicio financiero es anual.' } })
];

export const VERSION: RegulationVersion = {
	id: 'v1',
	number: 1,
	label: 'Primera lectura',
	created_at: '2026-01-11T15:00:00Z',
	created_by: 'u1',
	created_by_name: 'Jefa de Gabinete',
	article_count: 2
};

export function submission(over: Partial<RegulationSubmission> = {}): RegulationSubmission {
	return {
		id: 'sub1',
		version_number: 2,
		session_id: 's1',
		session_name: 'CXII Reunión del Comité Permanente',
		session_starts_at: '2026-03-10T09:00:00-06:00',
		agenda_item_id: 'i9',
		attachment_id: 'att1',
		submitted_at: '2026-01-15T15:00:00Z',
		submitted_by_name: 'Jefa de Gabinete',
		decision: null,
		decision_note: '',
		decided_on: null,
		...over
	};
}

export function detail(over: Partial<RegulationProjectDetail> = {}, p: Partial<RegulationProject> = {}): RegulationProjectDetail {
	return {
		project: project(p),
		articles: ARTICLES,
		versions: [VERSION],
		comments: [
			{
				id: 'c1',
				article_id: 'a1',
				author_id: 'u1',
				author_name: 'Jefa de Gabinete',
				body: '¿Incluir los fondos extrapresupuestarios?',
				resolved: false,
				resolved_at: null,
				resolved_by_name: null,
				created_at: '2026-01-12T15:00:00Z'
			}
		],
		submissions: [],
		...over
	};
}
