import { LoadGallery, LoadPhoto, MemberDetail, OpenMemberPage, PFPFraming, PFPPreview, SavePFP, SavePhoto, Section } from '../../wailsjs/go/app/HeadshotsService';
import { app } from '../../wailsjs/go/models';
import { call } from './errors';
import type { JobRef } from './jobs';
import type { PeoplePage } from './people';

export type PersonDetail = app.PersonDetail;
export type GalleryPhoto = app.GalleryPhoto;
export type Shoot = app.Shoot;
export type SavedFile = app.SavedFile;
export type MemberPageResult = app.MemberPageResult;

/** A section of the Headshots page. */
export type SectionId = 'finished' | 'actioned' | 'inProgress' | 'invited' | 'deleted';

export interface SectionQuery {
  section: SectionId;
  search?: string;
  teamId?: string;
  limit?: number;
  offset?: number;
}

export function listSection(q: SectionQuery): Promise<PeoplePage> {
  return call(() =>
    Section(app.SectionRequest.createFrom({ section: q.section, search: q.search ?? '', teamId: q.teamId ?? '', limit: q.limit ?? 24, offset: q.offset ?? 0 })),
  );
}

/** memberDetail takes a person key, email or member id. */
export function memberDetail(key: string): Promise<PersonDetail> {
  return call(() => MemberDetail(key));
}

/** loadGallery refreshes a shoot's gallery and thumbnails as a "gallery" job. */
export function loadGallery(modelId: string): Promise<JobRef> {
  return call(() => LoadGallery(modelId));
}

/** loadPhoto downloads one variant on demand and returns its /media URL. */
export function loadPhoto(photoId: string, variant: 'thumbnail' | 'main'): Promise<string> {
  return call(() => LoadPhoto(photoId, variant));
}

export function pfpPreview(modelId: string): Promise<string> {
  return call(() => PFPPreview(modelId));
}

/** pfpFraming says how the picture was framed when no face was found ("" otherwise). */
export function pfpFraming(modelId: string): Promise<string> {
  return call(() => PFPFraming(modelId));
}

/** savePFP writes <email>-pfp.png to Downloads, or asks where when chooseLocation. */
export function savePFP(modelId: string, chooseLocation = false): Promise<SavedFile> {
  return call(() => SavePFP(modelId, chooseLocation));
}

/** What the person wanted on HeadshotPro's member page; it picks the notice's words. */
export type MemberPageAction = 'open' | 'retry' | 'access-link' | 'restart';

/**
 * openMemberPage opens the member's HeadshotPro page in the browser, for what
 * the public API cannot do (Give retry, Send access link, Restart shoot). The
 * notice says why the web page and what to do there; in the demo organization
 * nothing opens (`opened` is false) and the notice says what would happen.
 */
export function openMemberPage(memberId: string, action: MemberPageAction = 'open'): Promise<MemberPageResult> {
  return call(() => OpenMemberPage(memberId, action));
}

/** savePhoto writes one full-size photo to Downloads, or asks where (a save dialog in Go) when chooseLocation. */
export function savePhoto(photoId: string, chooseLocation = false): Promise<SavedFile> {
  return call(() => SavePhoto(photoId, chooseLocation));
}
