import { Info } from '../../wailsjs/go/app/SystemService';
import type { app } from '../../wailsjs/go/models';
import { call } from './errors';

export type AppInfo = app.AppInfo;

export function appInfo(): Promise<AppInfo> {
  return call(() => Info());
}
