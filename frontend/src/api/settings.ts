import { ClearPhotoCache, OpenDataFolder, Quit, SaveAPIKey, SetAPIURL, SignOut, Status } from '../../wailsjs/go/app/SettingsService';
import type { app } from '../../wailsjs/go/models';
import { call } from './errors';

export type SettingsStatus = app.SettingsStatus;
export type PhotoCacheResult = app.PhotoCacheResult;

export function settingsStatus(): Promise<SettingsStatus> {
  return call(() => Status());
}

/** saveAPIKey checks the key with HeadshotPro, then stores it in the system keychain. */
export function saveAPIKey(key: string): Promise<SettingsStatus> {
  return call(() => SaveAPIKey(key));
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
