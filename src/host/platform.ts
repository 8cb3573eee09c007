import type { Platform } from '../lab/model.js';

export function hostPlatform(nodePlatform: NodeJS.Platform = process.platform): Platform | undefined {
  if (nodePlatform === 'linux') return 'linux';
  if (nodePlatform === 'win32') return 'windows';
  if (nodePlatform === 'darwin') return 'macos';
  return undefined;
}
