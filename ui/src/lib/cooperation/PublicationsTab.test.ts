import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Publication, User } from '$lib/ipc/bindings';
import { session } from '$lib/session/session.svelte';

const { commands } = vi.hoisted(() => ({
	commands: {
		publicationsList: vi.fn(),
		publicationGet: vi.fn(),
		publicationCreate: vi.fn(),
		publicationUpdate: vi.fn(),
		publicationSetStatus: vi.fn(),
		publicationRecordDissemination: vi.fn(),
		listsList: vi.fn()
	}
}));
vi.mock('$lib/ipc/bindings', () => ({ commands }));
vi.mock('$app/navigation', () => ({ goto: vi.fn() }));

import PublicationsTab from './PublicationsTab.svelte';

const SG: User = { id: 'u1', username: 'sg', full_name: 'SG', role: 'secretary_general', is_admin: true, language: 'es' };

const APPROVED: Publication = {
	id: 'p1',
	kind: 'bulletin',
	status: 'approved',
	published_on: '2026-10-01',
	notes: '',
	versions: [{ language: 'es', title: 'Boletín 12', summary: '' }],
	files: [],
	log: [],
	updated_at: '2026-10-01T00:00:00Z'
};

describe('information products', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		session.user = SG;
		commands.publicationsList.mockResolvedValue([]);
		commands.listsList.mockResolvedValue([
			{ id: 'l1', name: 'Enlaces en español', criteria: { categories: [], countries: [], subregions: [], languages: ['es'] }, recipient_count: 12 }
		]);
	});

	it('records a product with only the languages that have a title, and asks for one title at least', async () => {
		render(PublicationsTab, { workflows: null });
		await fireEvent.click(await screen.findByTestId('publication-new'));
		await fireEvent.click(screen.getByTestId('publication-save'));
		expect(commands.publicationCreate).not.toHaveBeenCalled();
		expect(await screen.findByTestId('error-versions')).toBeInTheDocument();

		await fireEvent.input(screen.getByTestId('publication-title-es'), { target: { value: ' Boletín 12 ' } });
		await fireEvent.input(screen.getByTestId('publication-title-fr'), { target: { value: 'Bulletin 12' } });
		commands.publicationCreate.mockResolvedValueOnce({ ...APPROVED, status: 'draft' });
		await fireEvent.click(screen.getByTestId('publication-save'));
		await waitFor(() => expect(commands.publicationCreate).toHaveBeenCalledTimes(1));
		expect(commands.publicationCreate).toHaveBeenCalledWith({
			kind: 'publication',
			versions: [
				{ language: 'es', title: 'Boletín 12', summary: '' },
				{ language: 'fr', title: 'Bulletin 12', summary: '' }
			],
			published_on: null,
			notes: ''
		});
	});

	it('records the dissemination of an approved product to a list', async () => {
		commands.publicationGet.mockResolvedValue(APPROVED);
		render(PublicationsTab, { workflows: null, selectedId: 'p1' });
		await fireEvent.click(await screen.findByTestId('publication-disseminate'));
		await screen.findByText('Enlaces en español (12)');
		(screen.getByTestId('dissemination-list') as HTMLSelectElement).value = 'l1';
		await fireEvent.change(screen.getByTestId('dissemination-list'));
		commands.publicationRecordDissemination.mockResolvedValueOnce({
			...APPROVED,
			status: 'disseminated',
			log: [{ id: 'd1', publication_id: 'p1', list_id: 'l1', list_name: 'Enlaces en español', channel: 'email', sent_on: '2026-11-28', recipients: 12, notes: '', recorded_by: 'SG', recorded_at: '2026-11-28T00:00:00Z' }]
		});
		await fireEvent.click(screen.getByTestId('dissemination-save'));
		await waitFor(() => expect(commands.publicationRecordDissemination).toHaveBeenCalledTimes(1));
		expect(commands.publicationRecordDissemination.mock.calls[0][0]).toBe('p1');
		expect(commands.publicationRecordDissemination.mock.calls[0][1]).toMatchObject({ list_id: 'l1', channel: 'email', notes: '' });
		expect(await screen.findByTestId('publication-log')).toHaveTextContent('Enlaces en español');
	});
});
