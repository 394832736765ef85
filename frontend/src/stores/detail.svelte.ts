// Which member's detail is open (a dialog over any view). Views call
// openMember; App renders the dialog once.
export type DetailTab = 'headshots' | 'pfp';

export const detail: { key: string; tab: DetailTab } = $state({ key: '', tab: 'headshots' });

/** openMember shows a person's detail (key, email or member id). */
export function openMember(key: string, tab: DetailTab = 'headshots'): void {
  detail.tab = tab;
  detail.key = key;
}

export function closeMember(): void {
  detail.key = '';
}
