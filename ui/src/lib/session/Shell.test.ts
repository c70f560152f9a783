import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '$lib/ipc/bindings';

const { commands, goto } = vi.hoisted(() => ({
	commands: { setLanguage: vi.fn(), signOut: vi.fn() },
	goto: vi.fn()
}));
vi.mock('$lib/ipc/bindings', () => ({ commands }));
vi.mock('$app/navigation', () => ({ goto }));
vi.mock('$app/state', () => ({ page: { url: new URL('http://localhost/members/view?id=x') } }));

import { setLocale } from '$lib/i18n';
import Shell from './Shell.svelte';
import { session } from './session.svelte';

const ANA: User = {
	id: 'u1',
	username: 'ana',
	full_name: 'Ana Pérez',
	role: 'linking_cooperation',
	is_admin: false,
	language: 'es'
};

const content = createRawSnippet(() => ({ render: () => '<h1>Contenido</h1>' }));

describe('Shell', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		session.user = { ...ANA };
	});
	afterEach(() => setLocale('es'));

	it('has the landmarks and the navigation of the office, and nothing of units without features', () => {
		render(Shell, { children: content });
		expect(screen.getByRole('banner')).toHaveTextContent('Ana Pérez');
		expect(screen.getByRole('banner')).toHaveTextContent('Vinculación y Cooperación');
		const nav = screen.getByRole('navigation', { name: 'Navegación principal' });
		const links = within(nav)
			.getAllByRole('link')
			.map((a) => [a.textContent?.trim(), a.getAttribute('href')]);
		expect(links).toEqual([
			['Despacho de la Secretaría General', '/'],
			['Sesiones', '/sessions'],
			['Órganos', '/bodies'],
			['Instituciones miembro', '/members'],
			['Cooperación', '/cooperation'],
			['Finanzas', '/finance'],
			['Cumplimiento', '/compliance'],
			['Proyectos de reglamento', '/regulations'],
			['Elecciones', '/elections'],
			['Viaje y sincronización', '/travel'],
			['Configuración', '/settings']
		]);
		expect(nav).toHaveTextContent('Normas');
		expect(nav).toHaveTextContent('Vinculación y Cooperación');
		expect(nav).toHaveTextContent('Órganos y sesiones');
		expect(nav).not.toHaveTextContent('Jefatura');
		expect(nav).toHaveTextContent('Administración y Finanzas');
		expect(within(nav).getByRole('link', { name: 'Instituciones miembro' })).toHaveAttribute('aria-current', 'page');
		expect(screen.getByRole('main')).toHaveTextContent('Contenido');
	});

	it('switches the language at once and remembers it for the user', async () => {
		commands.setLanguage.mockResolvedValue({ ...ANA, language: 'en' });
		render(Shell, { children: content });
		await fireEvent.change(screen.getByLabelText('Idioma'), { target: { value: 'en' } });
		expect(await screen.findByRole('link', { name: 'Member institutions' })).toBeInTheDocument();
		expect(document.documentElement.lang).toBe('en');
		expect(commands.setLanguage).toHaveBeenCalledWith('en');
		await waitFor(() => expect(session.user?.language).toBe('en'));
	});

	it('signs out and goes back to the start', async () => {
		commands.signOut.mockResolvedValue(null);
		render(Shell, { children: content });
		await fireEvent.click(screen.getByTestId('sign-out'));
		await waitFor(() => expect(session.user).toBeNull());
		expect(goto).toHaveBeenCalledWith('/');
	});
});
