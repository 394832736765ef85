import { Counts as CountsCall, List, SetActioned, Teams as TeamsCall } from '../../wailsjs/go/app/PeopleService';
import { app, workflow } from '../../wailsjs/go/models';
import { call } from './errors';

export type PersonRow = app.PersonRow;
export type PeoplePage = app.PeoplePage;
export type Counts = app.Counts;
export type Team = app.Team;
export type Tab = workflow.Tab;

/** TabView is a Go tab as the tab strips render it. */
export interface TabView {
  id: string;
  label: string;
  n: number;
  hint: string;
  part: boolean;
}

/** tabViews maps Go's tabs (Counts.memberTabs / headshotTabs) for a tab strip. */
export function tabViews(tabs: Tab[] | undefined | null): TabView[] {
  return (tabs ?? []).map((t) => ({ id: t.id, label: t.label, n: t.count, hint: t.hint, part: !!t.of }));
}

export interface PeopleQuery {
  search?: string;
  tab?: string;
  hideActioned?: boolean;
  teamId?: string;
  sort?: 'name' | 'latest' | 'actioned';
  limit?: number;
  offset?: number;
}

export function listPeople(q: PeopleQuery): Promise<PeoplePage> {
  return call(() =>
    List(
      app.PeopleRequest.createFrom({
        search: q.search ?? '',
        tab: q.tab ?? '',
        hideActioned: q.hideActioned ?? false,
        teamId: q.teamId ?? '',
        sort: q.sort ?? 'name',
        limit: q.limit ?? 200,
        offset: q.offset ?? 0,
      }),
    ),
  );
}

export function peopleCounts(teamId = ''): Promise<Counts> {
  return call(() => CountsCall(teamId));
}

export function teams(): Promise<Team[]> {
  return call(() => TeamsCall());
}

export function setActioned(modelId: string, actioned: boolean): Promise<void> {
  return call(() => SetActioned(modelId, actioned));
}
