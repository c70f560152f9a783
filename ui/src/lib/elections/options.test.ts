import { afterEach, describe, expect, it } from 'vitest';
import { get } from 'svelte/store';
import { _ } from 'svelte-i18n';
import { setLocale } from '$lib/i18n';
import type { EligibilityReason } from '$lib/ipc/bindings';
import { canManageElections, canSignEligibility, electionErrorKey, reasonText, requirementsFor } from './options';
import { CHIEF, detail, SG, STAFF } from './fixtures';

const r = (code: string, params: Record<string, string> = {}): EligibilityReason => ({ code, params, message: `core: ${code}` });

function text(reason: EligibilityReason, lang: 'es' | 'en'): string {
	setLocale(lang);
	return reasonText(get(_), reason, lang);
}

describe('reasons of the verdicts, in words', () => {
	afterEach(() => setLocale('es'));

	it('translate every code with its parameters in Spanish', () => {
		expect(text(r('document_not_presented'), 'es')).toBe('Documento no presentado.');
		expect(text(r('received_after_closing', { received_on: '2026-07-20', closes_on: '2026-07-15' }), 'es')).toBe(
			'Recibida el 20 de julio de 2026, después del cierre (15 de julio de 2026).'
		);
		expect(text(r('nominator_in_arrears', { member: 'IESS', years_owed: '2', as_of: '2026-07-15' }), 'es')).toBe(
			'IESS adeuda cuotas de 2 ejercicio(s) al 15 de julio de 2026 (regla de atrasos).'
		);
		expect(text(r('nominator_not_titular', { member: 'OISS', category: 'associate' }), 'es')).toBe('El miembro proponente OISS no es titular (es Asociado).');
		expect(text(r('nominator_not_active', { member: 'CNSS', status: 'suspended' }), 'es')).toBe('El miembro proponente CNSS no está activo (suspendido).');
		expect(text(r('same_nationality_as_sitting_sg', { nationality: 'MX' }), 'es')).toBe('Misma nacionalidad (México) que el Secretario General en funciones.');
		expect(text(r('overridden_by_hand', { by: 'Secretaría General', note: 'Pagó el 10 de julio.' }), 'es')).toBe(
			'Corregido a mano por Secretaría General: Pagó el 10 de julio.'
		);
	});

	it('translate them in English', () => {
		expect(text(r('document_not_presented'), 'en')).toBe('Document not presented.');
		expect(text(r('received_on_time', { received_on: '2026-07-01', closes_on: '2026-07-15' }), 'en')).toBe(
			'Received on July 1, 2026, by the closing date (July 15, 2026).'
		);
		expect(text(r('differs_from_sitting_sg', { nationality: 'GT', sg_nationality: 'MX' }), 'en')).toBe(
			"Nationality (Guatemala) differs from the sitting Secretary-General's (Mexico)."
		);
		expect(text(r('dues_not_recorded', { member: 'IPS', as_of: '2026-07-15' }), 'en')).toBe(
			'No dues data for IPS: record by hand whether it was current on July 15, 2026.'
		);
	});

	it('fall back to the core’s message for a code the UI does not know', () => {
		expect(text(r('something_new'), 'es')).toBe('core: something_new');
	});

	it('have a message for every code the core sends', () => {
		const codes = [
			'received_on_time', 'received_after_closing', 'no_nominator', 'nominator_not_active', 'nominator_not_titular', 'nominators_titular',
			'dues_not_recorded', 'nominator_in_arrears', 'nominators_current', 'sg_nationality_unknown', 'same_nationality_as_sitting_sg',
			'differs_from_sitting_sg', 'differs_from_sg_candidates', 'same_nationality_as_sg_candidates', 'depends_on_sg_election',
			'document_presented', 'document_not_presented', 'declaration_not_recorded', 'set_by_hand', 'overridden_by_hand'
		];
		for (const lang of ['es', 'en'] as const) {
			for (const code of codes) expect(text(r(code), lang), `${lang}: ${code}`).not.toBe(`core: ${code}`);
		}
	});
});

describe('who may do what', () => {
	it('lets the Secretary-General and the Chief of Staff manage, and only the Secretary-General sign', () => {
		expect([SG, CHIEF, STAFF].map(canManageElections)).toEqual([true, true, false]);
		expect([SG, CHIEF, STAFF].map(canSignEligibility)).toEqual([true, false, false]);
	});

	it('says a change refused on a signed call in the elections’ words', () => {
		expect(electionErrorKey({ code: 'invalid_value', field: 'status' })).toBe('elections.field_errors.status.invalid_value');
		expect(electionErrorKey({ code: 'required', field: 'note' })).toBe('elections.field_errors.note.required');
		expect(electionErrorKey({ code: 'required', field: 'title' })).toBe('errors.required');
	});

	it('applies the nationality rule to the Comptroller only', () => {
		const d = detail();
		const rule = { id: 'r-nat', call_id: 'c1', position_id: null, kind: 'rule' as const, rule: 'comptroller_nationality_differs_from_sg' as const, texts: { es: 'Nacionalidad' } };
		const all = [...d.requirements, rule];
		expect(requirementsFor(d.positions[0], all).map((x) => x.id)).toEqual(['r-plan', 'r-decl', 'r-dues']);
		expect(requirementsFor(d.positions[1], all).map((x) => x.id)).toEqual(['r-plan', 'r-decl', 'r-dues', 'r-nat']);
	});
});
