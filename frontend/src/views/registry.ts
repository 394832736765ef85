// Which component renders which sidebar section. A screen that is built
// adds one line here and sets `built: true` in lib/nav.ts; sections without
// a component show the "Not built yet" page.
import type { Component } from 'svelte';
import type { ViewId } from '../lib/nav';
import type { AppInfo } from '../api/system';
import Overview from './Overview.svelte';
import Members from './Members.svelte';
import Downloads from './Downloads.svelte';
import Headshots from './Headshots.svelte';
import Settings from './Settings.svelte';
import Invites from './Invites.svelte';
import Teams from './Teams.svelte';

/** ViewProps are what every view receives. */
export interface ViewProps {
  info: AppInfo | null;
  /** onopen switches to another section (e.g. Overview's "All members"). */
  onopen: (view: ViewId) => void;
}

export const views: Partial<Record<ViewId, Component<ViewProps>>> = {
  overview: Overview,
  headshots: Headshots,
  members: Members,
  downloads: Downloads,
  settings: Settings,
  invites: Invites,
  teams: Teams,
};
