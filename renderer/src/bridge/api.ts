/**
 * Finds the API the host put on `window.frontdesk` (Electron preload or the
 * browser host's bridge script). The renderer has no other way out.
 */
import { API_GLOBAL, type FrontdeskApi } from '../../../shared/ipc.ts';

export function findApi(): FrontdeskApi | null {
  const candidate = (window as unknown as Record<string, unknown>)[API_GLOBAL];
  if (!candidate || typeof candidate !== 'object') return null;
  const api = candidate as Partial<FrontdeskApi>;
  return typeof api.getSnapshot === 'function' && typeof api.onDelta === 'function' ? (api as FrontdeskApi) : null;
}
