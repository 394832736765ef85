// The sidebar's sections, in order; Ctrl/Cmd+1…8 follow the same order.

export type ViewId = 'overview' | 'headshots' | 'members' | 'teams' | 'invites' | 'downloads' | 'publish' | 'settings';

export interface NavItem {
  id: ViewId;
  label: string;
  icon: string; // an SVG path, 24×24 viewBox
}

export const navItems: NavItem[] = [
  { id: 'overview', label: 'Overview', icon: 'M3 13h8V3H3zm0 8h8v-6H3zm10 0h8V11h-8zm0-18v6h8V3z' },
  { id: 'headshots', label: 'Headshots', icon: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8m0 2c-4 0-8 2-8 5v1h16v-1c0-3-4-5-8-5' },
  { id: 'members', label: 'Members', icon: 'M16 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6M8 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6m0 2c-2.7 0-8 1.3-8 4v2h16v-2c0-2.7-5.3-4-8-4m8 0c-.3 0-.7 0-1.1.1 1.2.9 2.1 2.1 2.1 3.9v2h7v-2c0-2.7-5.3-4-8-4' },
  { id: 'teams', label: 'Teams', icon: 'M4 5h16v4H4zm0 6h16v4H4zm0 6h16v4H4z' },
  { id: 'invites', label: 'Invites', icon: 'M20 4H4a2 2 0 0 0-2 2v12a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2V6a2 2 0 0 0-2-2m0 4-8 5-8-5V6l8 5 8-5z' },
  { id: 'downloads', label: 'Downloads', icon: 'M5 20h14v-2H5zm7-18-5.5 5.5 1.4 1.4L11 5.8V16h2V5.8l3.1 3.1 1.4-1.4z' },
  // A cloud with an arrow up: photos going out to the company directory.
  { id: 'publish', label: 'Publish', icon: 'M19.35 10.04A7.49 7.49 0 0 0 12 4C9.11 4 6.6 5.64 5.35 8.04A5.994 5.994 0 0 0 0 14c0 3.31 2.69 6 6 6h13c2.76 0 5-2.24 5-5 0-2.64-2.05-4.78-4.65-4.96M14 13v4h-4v-4H7l5-5 5 5z' },
  { id: 'settings', label: 'Settings', icon: 'M19.4 13a7.5 7.5 0 0 0 0-2l2.1-1.6-2-3.5-2.5 1a7 7 0 0 0-1.7-1L15 3h-4l-.4 2.9a7 7 0 0 0-1.7 1l-2.5-1-2 3.5L6.6 11a7.5 7.5 0 0 0 0 2l-2.1 1.6 2 3.5 2.5-1a7 7 0 0 0 1.7 1L11 21h4l.4-2.9a7 7 0 0 0 1.7-1l2.5 1 2-3.5zM13 15.5a3.5 3.5 0 1 1 0-7 3.5 3.5 0 0 1 0 7' },
];

/** viewForShortcut maps Ctrl/Cmd+1…8 to a view. */
export function viewForShortcut(key: string): ViewId | null {
  const n = Number.parseInt(key, 10);
  if (!Number.isInteger(n) || n < 1 || n > navItems.length) return null;
  return navItems[n - 1].id;
}
