// Which component renders which sidebar section. The Record type makes a
// section without a screen a type error.
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
import Publish from './Publish.svelte';

/** ViewProps are what every view receives. */
export interface ViewProps {
  info: AppInfo | null;
  /** onopen switches to another section (e.g. Overview's "All members"). */
  onopen: (view: ViewId) => void;
}

export const views: Record<ViewId, Component<ViewProps>> = {
  overview: Overview,
  headshots: Headshots,
  members: Members,
  downloads: Downloads,
  settings: Settings,
  invites: Invites,
  teams: Teams,
  publish: Publish,
};
