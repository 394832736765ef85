import { ClearPhotoCache, OpenDataFolder, PFPTemplate, PreviewPFPTemplate, Quit, SaveAPIKey, SaveAPIKeyWithoutKeychain, SetAPIURL, SetPFPTemplate, SignOut, Status } from '../../wailsjs/go/app/SettingsService';
import { app } from '../../wailsjs/go/models';
import type { PFPTemplateValue } from '../lib/pfpTemplate';
import { call } from './errors';

export type SettingsStatus = app.SettingsStatus;
export type PhotoCacheResult = app.PhotoCacheResult;

export function settingsStatus(): Promise<SettingsStatus> {
  return call(() => Status());
}

/** saveAPIKey checks the key with HeadshotPro, stores it in the system keychain and opens that organization. */
export function saveAPIKey(key: string): Promise<SettingsStatus> {
  return call(() => SaveAPIKey(key));
}

/** saveAPIKeyWithoutKeychain stores a checked key in a file only the user can read (no keychain on this computer). */
export function saveAPIKeyWithoutKeychain(key: string): Promise<SettingsStatus> {
  return call(() => SaveAPIKeyWithoutKeychain(key));
}

export function setAPIURL(url: string): Promise<SettingsStatus> {
  return call(() => SetAPIURL(url));
}

export function signOut(): Promise<SettingsStatus> {
  return call(() => SignOut());
}

export function openDataFolder(): Promise<void> {
  return call(() => OpenDataFolder());
}

export function clearPhotoCache(): Promise<PhotoCacheResult> {
  return call(() => ClearPhotoCache());
}

export function quitApp(): Promise<void> {
  return call(() => Quit());
}

export type PreviewRef = app.PreviewRef;

/** pfpTemplate is the saved profile picture template (the built-in 600×600 square when none). */
export function pfpTemplate(): Promise<PFPTemplateValue> {
  return call(() => PFPTemplate());
}

/** setPFPTemplate validates and saves the template; invalid values are refused with invalid_input. */
export function setPFPTemplate(t: PFPTemplateValue): Promise<void> {
  return call(() => SetPFPTemplate(app.PFPTemplate.createFrom(t)));
}

/** previewPFPTemplate renders an unsaved template on a sample favorite (member "" = the first cached one). */
export function previewPFPTemplate(t: PFPTemplateValue, member = ''): Promise<PreviewRef> {
  return call(() => PreviewPFPTemplate(app.PFPTemplate.createFrom(t), member));
}
