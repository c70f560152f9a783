import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Document, User } from '$lib/ipc/bindings';
import { session } from '$lib/session/session.svelte';

const { commands, dialog } = vi.hoisted(() => ({
	commands: {
		cooperationDocumentAttach: vi.fn(),
		cooperationDocumentRemove: vi.fn()
	},
	dialog: { open: vi.fn(), save: vi.fn() }
}));
vi.mock('$lib/ipc/bindings', () => ({ commands }));
vi.mock('@tauri-apps/plugin-dialog', () => dialog);

import es from '$lib/i18n/es.json';
import DocumentsPanel from './DocumentsPanel.svelte';
import { fileSize } from './options';

const LINKING: User = { id: 'u1', username: 'vinculacion', full_name: 'Vinculación', role: 'linking_cooperation', is_admin: false, language: 'es' };

const SIGNED: Document = {
	id: 'd1',
	owner: 'agreement',
	owner_id: 'a1',
	language: null,
	title: 'Convenio firmado',
	file_name: 'convenio-oiss.pdf',
	sha256: 'ab',
	size_bytes: 250_880
};

function doc(over: Partial<Document>): Document {
	return { ...SIGNED, ...over };
}

describe('documents of a cooperation record', () => {
	beforeEach(() => {
		vi.clearAllMocks();
		session.user = LINKING;
	});

	it('lists the documents with their title, file and size, and says when there are none', () => {
		const first = render(DocumentsPanel, { owner: 'agreement', ownerId: 'a1', documents: [], onchanged: vi.fn() });
		expect(screen.getByTestId('documents-empty')).toHaveTextContent('Ningún documento adjunto.');
		first.unmount();

		render(DocumentsPanel, {
			owner: 'agreement',
			ownerId: 'a1',
			documents: [SIGNED, doc({ id: 'd2', title: 'Anexo técnico', file_name: 'anexo.docx', size_bytes: 3_355_443 })],
			onchanged: vi.fn()
		});
		const rows = screen.getAllByTestId('document-row');
		expect(rows).toHaveLength(2);
		expect(rows[0]).toHaveTextContent('Convenio firmado');
		expect(rows[0]).toHaveTextContent('convenio-oiss.pdf');
		expect(rows[0]).toHaveTextContent('245 KB');
		expect(rows[1]).toHaveTextContent('3.2 MB');
	});

	it('shows the language version of a publication’s files', () => {
		render(DocumentsPanel, {
			owner: 'publication',
			ownerId: 'p1',
			documents: [doc({ owner: 'publication', owner_id: 'p1', language: 'fr', title: 'Bulletin 12' })],
			languages: ['es', 'fr'],
			onchanged: vi.fn()
		});
		expect(screen.getByTestId('document-row')).toHaveTextContent('Français');
	});

	it('formats sizes for people', () => {
		expect(fileSize(512, 'es')).toBe('512 B');
		expect(fileSize(2048, 'es')).toBe('2 KB');
		expect(fileSize(1_572_864, 'fr')).toBe('1,5 MB');
	});

	it('attaches the file chosen in the system dialog with its title', async () => {
		const onchanged = vi.fn();
		dialog.open.mockResolvedValueOnce('/home/vinculacion/Documentos/anexo-tecnico.pdf');
		const added = doc({ id: 'd2', title: 'Anexo técnico', file_name: 'anexo-tecnico.pdf' });
		commands.cooperationDocumentAttach.mockResolvedValueOnce(added);
		render(DocumentsPanel, { owner: 'agreement', ownerId: 'a1', documents: [SIGNED], onchanged });

		await fireEvent.click(screen.getByTestId('document-attach'));
		const title = await screen.findByTestId('document-title');
		expect(title).toHaveValue('anexo-tecnico.pdf');
		expect(screen.queryByTestId('document-language')).toBeNull();
		await fireEvent.input(title, { target: { value: ' Anexo técnico ' } });
		await fireEvent.click(screen.getByTestId('document-save'));

		await waitFor(() => expect(commands.cooperationDocumentAttach).toHaveBeenCalledTimes(1));
		expect(commands.cooperationDocumentAttach).toHaveBeenCalledWith('agreement', 'a1', {
			title: 'Anexo técnico',
			path: '/home/vinculacion/Documentos/anexo-tecnico.pdf',
			language: null
		});
		await waitFor(() => expect(onchanged).toHaveBeenCalledWith([SIGNED, added]));
		await waitFor(() => expect(screen.queryByTestId('document-form')).toBeNull());
	});

	it('attaches a publication’s file to the language version chosen', async () => {
		dialog.open.mockResolvedValueOnce('C:\\Publicaciones\\bulletin-12.pdf');
		commands.cooperationDocumentAttach.mockResolvedValueOnce(doc({ owner: 'publication', owner_id: 'p1', language: 'fr' }));
		render(DocumentsPanel, { owner: 'publication', ownerId: 'p1', documents: [], languages: ['es', 'fr'], onchanged: vi.fn() });

		await fireEvent.click(screen.getByTestId('document-attach'));
		const language = (await screen.findByTestId('document-language')) as HTMLSelectElement;
		expect(language.value).toBe('es');
		expect(screen.getByTestId('document-title')).toHaveValue('bulletin-12.pdf');
		language.value = 'fr';
		await fireEvent.change(language);
		await fireEvent.click(screen.getByTestId('document-save'));
		await waitFor(() => expect(commands.cooperationDocumentAttach).toHaveBeenCalledTimes(1));
		expect(commands.cooperationDocumentAttach).toHaveBeenCalledWith('publication', 'p1', {
			title: 'bulletin-12.pdf',
			path: 'C:\\Publicaciones\\bulletin-12.pdf',
			language: 'fr'
		});
	});

	it('does nothing when the file dialog is closed without a choice', async () => {
		dialog.open.mockResolvedValueOnce(null);
		render(DocumentsPanel, { owner: 'mission', ownerId: 'm1', documents: [], onchanged: vi.fn() });
		await fireEvent.click(screen.getByTestId('document-attach'));
		await waitFor(() => expect(dialog.open).toHaveBeenCalledTimes(1));
		expect(screen.queryByTestId('document-form')).toBeNull();
		expect(commands.cooperationDocumentAttach).not.toHaveBeenCalled();
	});

	it('shows why the core refused to attach, in the user’s language, and keeps the form open', async () => {
		const onchanged = vi.fn();
		dialog.open.mockResolvedValue('/tmp/informe.pdf');
		render(DocumentsPanel, { owner: 'mission', ownerId: 'm1', documents: [], onchanged });
		await fireEvent.click(screen.getByTestId('document-attach'));
		await screen.findByTestId('document-form');

		commands.cooperationDocumentAttach.mockRejectedValueOnce({ code: 'forbidden', message: 'edit cooperation records' });
		await fireEvent.click(screen.getByTestId('document-save'));
		const banner = await screen.findByTestId('error-banner');
		expect(banner).toHaveTextContent(es.errors.forbidden);
		expect(screen.getByTestId('document-form')).toBeInTheDocument();

		commands.cooperationDocumentAttach.mockRejectedValueOnce({ code: 'too_long', message: 'title too long', field: 'title' });
		await fireEvent.click(screen.getByTestId('document-save'));
		await waitFor(() => expect(screen.getByTestId('document-title')).toHaveAttribute('aria-invalid', 'true'));
		expect(screen.getByTestId('error-title')).toHaveTextContent(es.errors.too_long);
		expect(onchanged).not.toHaveBeenCalled();
	});

	it('asks a title before calling the core', async () => {
		dialog.open.mockResolvedValueOnce('/tmp/informe.pdf');
		render(DocumentsPanel, { owner: 'mission', ownerId: 'm1', documents: [], onchanged: vi.fn() });
		await fireEvent.click(screen.getByTestId('document-attach'));
		await fireEvent.input(await screen.findByTestId('document-title'), { target: { value: '  ' } });
		await fireEvent.click(screen.getByTestId('document-save'));
		expect(await screen.findByTestId('error-title')).toBeInTheDocument();
		expect(commands.cooperationDocumentAttach).not.toHaveBeenCalled();
	});

	it('removes a document only once the user confirms', async () => {
		const onchanged = vi.fn();
		const other = doc({ id: 'd2', title: 'Anexo técnico' });
		commands.cooperationDocumentRemove.mockResolvedValue(null);
		render(DocumentsPanel, { owner: 'agreement', ownerId: 'a1', documents: [SIGNED, other], onchanged });

		await fireEvent.click(screen.getAllByTestId('document-remove')[0]);
		const confirm = await screen.findByRole('alertdialog');
		expect(confirm).toHaveTextContent('Convenio firmado');
		expect(commands.cooperationDocumentRemove).not.toHaveBeenCalled();
		await fireEvent.click(within(confirm).getByRole('button', { name: es.common.cancel }));
		await waitFor(() => expect(screen.queryByTestId('confirm')).toBeNull());
		expect(commands.cooperationDocumentRemove).not.toHaveBeenCalled();

		await fireEvent.click(screen.getAllByTestId('document-remove')[0]);
		await fireEvent.click(await screen.findByTestId('confirm'));
		await waitFor(() => expect(commands.cooperationDocumentRemove).toHaveBeenCalledWith('d1'));
		expect(commands.cooperationDocumentRemove).toHaveBeenCalledTimes(1);
		await waitFor(() => expect(onchanged).toHaveBeenCalledWith([other]));
	});

	it('offers neither attaching nor removing to a role that may not edit cooperation', () => {
		session.user = { ...LINKING, role: 'managing_finances' };
		render(DocumentsPanel, { owner: 'agreement', ownerId: 'a1', documents: [SIGNED], onchanged: vi.fn() });
		expect(screen.getByTestId('document-row')).toHaveTextContent('Convenio firmado');
		expect(screen.queryByTestId('document-attach')).toBeNull();
		expect(screen.queryByTestId('document-remove')).toBeNull();
	});
});
