import { LoadGallery, LoadPhoto, MemberDetail, OpenMemberPage, PFPPreview, SavePFP, Section } from '../../wailsjs/go/app/HeadshotsService';
import { app } from '../../wailsjs/go/models';
import { call } from './errors';
import type { JobRef } from './jobs';
import type { PeoplePage } from './people';

export type PersonDetail = app.PersonDetail;
export type GalleryPhoto = app.GalleryPhoto;
export type Shoot = app.Shoot;
export type SavedFile = app.SavedFile;

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

/** savePFP writes <email>-pfp.png to Downloads, or asks where when chooseLocation. */
export function savePFP(modelId: string, chooseLocation = false): Promise<SavedFile> {
  return call(() => SavePFP(modelId, chooseLocation));
}

/** openMemberPage opens the member's HeadshotPro page (Give retry, Send access link) in the browser. */
export function openMemberPage(memberId: string): Promise<void> {
  return call(() => OpenMemberPage(memberId));
}
