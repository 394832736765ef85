import { ChooseRoster, Pending, PreviewAgain, PreviewRoster, Remind, Resend, Revoke, SendInvites } from '../../wailsjs/go/app/InvitesService';
import { Discard, List as OutboxList, Retry } from '../../wailsjs/go/app/OutboxService';
import { app } from '../../wailsjs/go/models';
import { call } from './errors';

export type RosterPreview = app.RosterPreview;
export type RosterPreviewRow = app.RosterPreviewRow;
export type PendingInvites = app.PendingInvites;
export type PendingInvite = app.PendingInvite;
export type OutboxEntry = app.OutboxEntry;
export type JobRef = app.JobRef;
export type RemindResult = app.RemindResult;
export type ResendResult = app.ResendResult;

/** previewRoster parses pasted addresses or CSV text; nothing is sent. */
export function previewRoster(text: string): Promise<RosterPreview> {
  return call(() => PreviewRoster(text));
}

/** chooseRoster opens the system file dialog (in Go) and previews the file. */
export function chooseRoster(): Promise<RosterPreview> {
  return call(() => ChooseRoster());
}

/** previewAgain plans the roster file chosen last once more (a team it named exists now). */
export function previewAgain(): Promise<RosterPreview> {
  return call(() => PreviewAgain());
}

/** resendInvites sends pending invites again: revoke + invite through the outbox. */
export function resendInvites(emails: string[]): Promise<ResendResult> {
  return call(() => Resend(emails));
}

/**
 * remind opens mail draft `draft` (from 1) reminding these people, in Bcc. Mail
 * programs take about 2,000 characters per draft link, so many people need
 * several drafts: the result says how many.
 */
export function remind(emails: string[], draft = 1): Promise<RemindResult> {
  return call(() => Remind(app.RemindRequest.createFrom({ emails, draft })));
}

export function sendInvites(emails: string[], teamId: string, teamByEmail: Record<string, string> = {}): Promise<JobRef> {
  return call(() => SendInvites(app.SendInvitesRequest.createFrom({ emails, teamId, teamByEmail })));
}

export function pendingInvites(): Promise<PendingInvites> {
  return call(() => Pending());
}

export function revokeInvite(email: string): Promise<void> {
  return call(() => Revoke(email));
}

export function outbox(): Promise<OutboxEntry[]> {
  return call(() => OutboxList());
}

export function retryOutboxItem(id: number): Promise<void> {
  return call(() => Retry(id));
}

export function discardOutboxItem(id: number): Promise<void> {
  return call(() => Discard(id));
}
