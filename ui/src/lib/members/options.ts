// The closed sets the member screens offer in their selects (values as the core spells them).
import type { Category, Language, MemberStatus } from '$lib/ipc/bindings';

export const CATEGORIES: Category[] = ['titular', 'associate', 'adherent', 'linked'];
export const STATUSES: MemberStatus[] = ['active', 'suspended', 'withdrawn'];
export const SUBREGIONS = [1, 2, 3, 4, 5] as const;
export const CONTACT_LANGUAGES: Language[] = ['es', 'en', 'pt', 'fr'];
