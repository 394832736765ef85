import { Connect, Disconnect, ExportReport, Plan, RunLog, Runs, StartPlan, StartPublish, StartRevert, Targets } from '../../wailsjs/go/app/PublishService';
import { app, workflow } from '../../wailsjs/go/models';
import { call } from './errors';
import type { ExportResult } from './exports';
import type { JobRef } from './jobs';

export type PublishTarget = app.PublishTarget;
export type TargetField = workflow.TargetField;
export type PublishPlanView = app.PublishPlanView;
export type PublishRowView = app.PublishRowView;
export type PublishRunView = app.PublishRunView;
export type PublishLogLine = app.PublishLogLine;

/** The job kinds PublishService starts. */
export const publishJobKinds = { plan: 'publish-plan', publish: 'publish', revert: 'publish-revert' } as const;

/** publishTargets lists the directories (the demo first) and whether each is connected. */
export function publishTargets(): Promise<PublishTarget[]> {
  return call(() => Targets());
}

/**
 * connectTarget checks the settings by reading the directory, then stores
 * them in the keychain (or, only when the person chose it after the keychain
 * failed, in a file only they can read). The page never gets them back.
 */
export function connectTarget(name: string, fields: Record<string, string>, withoutKeychain = false): Promise<PublishTarget> {
  return call(() => Connect(app.ConnectTargetRequest.createFrom({ name, fields, withoutKeychain })));
}

/** disconnectTarget forgets a directory's stored settings. */
export function disconnectTarget(name: string): Promise<PublishTarget> {
  return call(() => Disconnect(name));
}

/** startPlan makes the match report as a "publish-plan" job; nothing is written to the directory. */
export function startPlan(target: string, teamId: string): Promise<JobRef> {
  return call(() => StartPlan(app.PublishScope.createFrom({ target, teamId })));
}

/** publishPlan returns the match report of a finished plan job. */
export function publishPlan(jobId: string): Promise<PublishPlanView> {
  return call(() => Plan(jobId));
}

/** exportPublishReport writes a match report as CSV into the export folder. */
export function exportPublishReport(jobId: string): Promise<ExportResult> {
  return call(() => ExportReport(jobId));
}

/** startPublish sends the new photos as a "publish" job; its report's result is the run id. */
export function startPublish(target: string, teamId: string): Promise<JobRef> {
  return call(() => StartPublish(app.PublishScope.createFrom({ target, teamId })));
}

/**
 * startRevert puts back the previous photos as a "publish-revert" job: of a
 * whole run (runId), of one person (email), or of one person in one run
 * (both).
 */
export function startRevert(target: string, what: { runId?: string; email?: string }): Promise<JobRef> {
  return call(() => StartRevert(app.RevertRequest.createFrom({ target, runId: what.runId ?? '', email: what.email ?? '' })));
}

/** publishRuns lists the earlier runs to a directory, newest first. */
export function publishRuns(target: string): Promise<PublishRunView[]> {
  return call(() => Runs(target));
}

/** publishRunLog lists the people of one run. */
export function publishRunLog(target: string, runId: string): Promise<PublishLogLine[]> {
  return call(() => RunLog(target, runId));
}
