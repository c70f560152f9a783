import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { tick } from 'svelte';
import type { Body, Recurrence } from '$lib/ipc/bindings';
import { setLocale } from '$lib/i18n';
import RecurrenceEditor from './RecurrenceEditor.svelte';
import { quarterMonths, recurrenceSentence } from './options';

const CPISS: Body = {
	id: 'b2',
	code: 'CPISS',
	names: {
		es: 'Comité Permanente',
		en: 'Standing Committee',
		pt: 'Comitê Permanente',
		fr: 'Comité permanent'
	},
	kind: 'committee',
	membership: 'seats',
	quorum_rule: 'majority',
	resolution_pattern: '',
	seat_count: 0,
	session_count: 0
} as unknown as Body;
const GA: Body = {
	...CPISS,
	id: 'b1',
	code: 'GA',
	names: { es: 'Asamblea General', en: 'General Assembly', pt: 'Assembleia Geral', fr: 'Assemblée générale' },
	kind: 'assembly'
} as Body;
const BODIES = [GA, CPISS];

describe('the recurrence read as a sentence', () => {
	afterEach(() => setLocale('es'));

	it('says every kind in Spanish', () => {
		const s = (r: Recurrence) => recurrenceSentence(r, BODIES, 'es');
		expect(s({ kind: 'yearly', month: 3, day: 31 })).toBe('Cada año el 31 de marzo');
		expect(s({ kind: 'yearly', month: 2, day: 29 })).toBe('Cada año el 29 de febrero (el 28 de febrero en los años no bisiestos)');
		expect(s({ kind: 'once', date: '2026-06-30' })).toBe('Una sola vez, el 30 de junio de 2026');
		expect(s({ kind: 'monthly', day: 10 })).toBe('Cada mes el día 10');
		expect(s({ kind: 'monthly', day: 31 })).toBe('Cada mes el día 31 (o el último día de los meses más cortos)');
		expect(s({ kind: 'quarterly', day: 15, start_month: 3 })).toBe('Cada trimestre el día 15 de marzo, junio, septiembre y diciembre');
		expect(s({ kind: 'before_sessions', body_id: 'b2', days_before: 30, ordinary_only: true })).toBe(
			'30 días antes de cada sesión ordinaria del Comité Permanente'
		);
		expect(s({ kind: 'before_sessions', body_id: 'b1', days_before: -1, ordinary_only: false })).toBe(
			'1 día después de cada sesión de la Asamblea General'
		);
		expect(s({ kind: 'before_sessions', body_id: 'b1', days_before: 0, ordinary_only: false })).toBe(
			'El mismo día de cada sesión de la Asamblea General'
		);
		expect(s({ kind: 'before_sessions', body_id: '', days_before: 10, ordinary_only: true })).toBe(
			'10 días antes de cada sesión ordinaria del órgano que elija'
		);
		expect(s({ kind: 'monthly', day: 0 })).toBe('Complete la periodicidad');
	});

	it('says every kind in English', () => {
		setLocale('en');
		const s = (r: Recurrence) => recurrenceSentence(r, BODIES, 'en');
		expect(s({ kind: 'yearly', month: 3, day: 31 })).toBe('Every year on March 31');
		expect(s({ kind: 'once', date: '2026-06-30' })).toBe('Once, on June 30, 2026');
		expect(s({ kind: 'monthly', day: 10 })).toBe('Every month on day 10');
		expect(s({ kind: 'quarterly', day: 15, start_month: 1 })).toBe('Every quarter on day 15 of January, April, July, and October');
		expect(s({ kind: 'before_sessions', body_id: 'b2', days_before: 30, ordinary_only: true })).toBe(
			'30 days before each ordinary session of the Standing Committee'
		);
		expect(s({ kind: 'before_sessions', body_id: 'b2', days_before: -15, ordinary_only: false })).toBe(
			'15 days after each session of the Standing Committee'
		);
	});

	it('lists a quarter’s months in calendar order', () => {
		expect(quarterMonths(3)).toEqual([3, 6, 9, 12]);
		expect(quarterMonths(11)).toEqual([2, 5, 8, 11]);
		expect(quarterMonths(0)).toEqual([]);
	});
});

describe('the recurrence editor', () => {
	afterEach(() => setLocale('es'));

	function mount(value: Recurrence, errors = {}) {
		const props = $state({ value, bodies: BODIES, errors });
		const view = render(RecurrenceEditor, { props });
		return { props, view };
	}

	it('edits a yearly rule and reads it back as it changes', async () => {
		const { props } = mount({ kind: 'yearly', month: 1, day: 1 });
		expect(screen.getByTestId('recurrence-sentence')).toHaveTextContent('Cada año el 1 de enero');
		const month = screen.getByTestId('recurrence-month') as HTMLSelectElement;
		month.value = '3';
		await fireEvent.change(month);
		await fireEvent.input(screen.getByTestId('recurrence-day'), { target: { value: '31' } });
		expect(props.value).toEqual({ kind: 'yearly', month: 3, day: 31 });
		expect(screen.getByTestId('recurrence-sentence')).toHaveTextContent('Cada año el 31 de marzo');
	});

	it('switches to the sessions of a body, before or after, ordinary only or not', async () => {
		const { props } = mount({ kind: 'yearly', month: 1, day: 1 });
		const kind = screen.getByTestId('recurrence-kind') as HTMLSelectElement;
		kind.value = 'before_sessions';
		await fireEvent.change(kind);
		expect(screen.queryByTestId('recurrence-day')).toBeNull();
		const body = screen.getByTestId('recurrence-body') as HTMLSelectElement;
		body.value = 'b2';
		await fireEvent.change(body);
		expect(props.value).toEqual({ kind: 'before_sessions', body_id: 'b2', days_before: 30, ordinary_only: true });
		expect(screen.getByTestId('recurrence-sentence')).toHaveTextContent('30 días antes de cada sesión ordinaria del Comité Permanente');

		await fireEvent.input(screen.getByTestId('recurrence-days'), { target: { value: '10' } });
		const direction = screen.getByTestId('recurrence-direction') as HTMLSelectElement;
		direction.value = 'after';
		await fireEvent.change(direction);
		await fireEvent.click(screen.getByTestId('recurrence-ordinary'));
		expect(props.value).toEqual({ kind: 'before_sessions', body_id: 'b2', days_before: -10, ordinary_only: false });
		expect(screen.getByTestId('recurrence-sentence')).toHaveTextContent('10 días después de cada sesión del Comité Permanente');

		// Back to yearly: what was typed there is still there.
		kind.value = 'yearly';
		await fireEvent.change(kind);
		expect(props.value).toEqual({ kind: 'yearly', month: 1, day: 1 });
	});

	it('offers the quarter’s months and the once date', async () => {
		const { props } = mount({ kind: 'quarterly', day: 15, start_month: 3 });
		expect(screen.getByTestId('recurrence-sentence')).toHaveTextContent('Cada trimestre el día 15 de marzo, junio, septiembre y diciembre');
		const kind = screen.getByTestId('recurrence-kind') as HTMLSelectElement;
		kind.value = 'once';
		await fireEvent.change(kind);
		await fireEvent.input(screen.getByTestId('recurrence-date'), { target: { value: '2026-03-31' } });
		expect(props.value).toEqual({ kind: 'once', date: '2026-03-31' });
		expect(screen.getByTestId('recurrence-sentence')).toHaveTextContent('Una sola vez, el 31 de marzo de 2026');
	});

	it('speaks the user’s language', async () => {
		setLocale('en');
		mount({ kind: 'before_sessions', body_id: 'b1', days_before: 30, ordinary_only: true });
		await tick();
		expect(screen.getByTestId('recurrence-sentence')).toHaveTextContent('30 days before each ordinary session of the General Assembly');
		expect(screen.getByLabelText('Body')).toBeInTheDocument();
	});

	it('shows the core’s refusal under the field it names', () => {
		mount({ kind: 'monthly', day: 0 }, { 'recurrence.day': { code: 'invalid_value', field: 'recurrence.day' } });
		expect(screen.getByTestId('recurrence-day')).toHaveAttribute('aria-invalid', 'true');
		expect(screen.getByTestId('error-recurrence.day')).toHaveTextContent('Ese día no existe en el mes');
	});
});
