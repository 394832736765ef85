import { AssignMembers, Create, Delete, List, Rename } from '../../wailsjs/go/app/TeamsService';
import type { workflow } from '../../wailsjs/go/models';
import { call } from './errors';

export type TeamList = workflow.TeamList;
export type TeamRow = workflow.TeamRow;

export function listTeams(): Promise<TeamList> {
  return call(() => List());
}

export function createTeam(name: string): Promise<void> {
  return call(() => Create(name));
}

export function renameTeam(teamId: string, name: string): Promise<void> {
  return call(() => Rename(teamId, name));
}

export function deleteTeam(teamId: string): Promise<void> {
  return call(() => Delete(teamId));
}

export function assignMembers(teamId: string, emails: string[]): Promise<void> {
  return call(() => AssignMembers(teamId, emails));
}
