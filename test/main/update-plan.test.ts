/**
 * Self-update is off unless IT's policy names a feed, and never for MSI, deb/rpm
 * or unpackaged runs — decided before electron-updater is loaded.
 */
import { describe, expect, it } from 'vitest';
import { updatePlan, type UpdateContext } from '../../main/config/update-plan.ts';
import { parsePolicy } from '../../main/config/policy.ts';

const base: UpdateContext = {
  updateUrl: 'https://updates.hotel.example/frontdesk',
  isPackaged: true,
  platform: 'win32',
  execPath: 'C:\\Program Files\\Frontdesk\\Frontdesk.exe',
  env: {},
  exists: (f) => f === 'C:\\Program Files\\Frontdesk\\Uninstall Frontdesk.exe',
};

describe('update plan', () => {
  it('is on only with a policy feed, for NSIS, dmg/zip and AppImage installs', () => {
    expect(updatePlan(base)).toEqual({ enabled: true, url: base.updateUrl });
    expect(updatePlan({ ...base, platform: 'darwin', execPath: '/Applications/Frontdesk.app/Contents/MacOS/Frontdesk' })).toMatchObject({ enabled: true });
    expect(updatePlan({ ...base, platform: 'linux', execPath: '/tmp/.mount/frontdesk', env: { APPIMAGE: '/home/desk/Frontdesk.AppImage' } })).toMatchObject({
      enabled: true,
    });
  });

  it('is off without a feed, for MSI, deb/rpm and development runs, saying why', () => {
    expect(updatePlan({ ...base, updateUrl: undefined })).toEqual({ enabled: false, reason: 'no updateUrl in the policy' });
    expect(updatePlan({ ...base, exists: () => false })).toEqual({
      enabled: false,
      reason: 'installed from the MSI: updates come from the software distribution',
    });
    expect(updatePlan({ ...base, platform: 'linux', execPath: '/opt/Frontdesk/frontdesk' })).toMatchObject({
      enabled: false,
      reason: expect.stringContaining('package manager') as string,
    });
    expect(updatePlan({ ...base, isPackaged: false })).toMatchObject({ enabled: false });
  });

  it('the policy accepts only an https:// feed', () => {
    expect(parsePolicy(JSON.stringify({ updateUrl: 'https://updates.hotel.example/frontdesk' }), 'p.json').updateUrl).toBe(
      'https://updates.hotel.example/frontdesk',
    );
    expect(() => parsePolicy(JSON.stringify({ updateUrl: 'http://updates.hotel.example/' }), 'p.json')).toThrow(/"updateUrl": must be an https:\/\/ URL/);
  });
});
