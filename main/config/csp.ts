/**
 * The Content-Security-Policy every renderer page gets, in both hosts. Sent as a
 * response header (not a <meta>), so it also covers frame-ancestors and cannot be
 * removed by page content. Scripts and styles only from the app itself: no inline
 * script, no eval, no remote content.
 */
export interface CspOptions {
  /** Extra connect-src origins, e.g. the browser host's own ws:// origin. */
  connectSrc?: readonly string[];
}

export function contentSecurityPolicy(options: CspOptions = {}): string {
  const connect = ["'self'", ...(options.connectSrc ?? [])].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "worker-src 'none'",
    "manifest-src 'self'",
  ].join('; ');
}

/**
 * Powerful features the desk never uses, switched off for every frame. Only names
 * Chromium recognises (checked against Chromium 156 via `document.featurePolicy`):
 * an unknown name such as `bluetooth` or `battery` is not a stricter policy, just a
 * console error ("Unrecognized feature") on every load. test/hosts checks each one.
 */
export const DENIED_FEATURES = [
  'camera',
  'microphone',
  'geolocation',
  'usb',
  'serial',
  'hid',
  'midi',
  'payment',
  'display-capture',
  'accelerometer',
  'gyroscope',
  'magnetometer',
  'idle-detection',
  'local-fonts',
  'screen-wake-lock',
  'window-management',
  'xr-spatial-tracking',
  'browsing-topics',
] as const;

export function permissionsPolicy(): string {
  return DENIED_FEATURES.map((f) => `${f}=()`).join(', ');
}

/** Response headers that go with every renderer page and asset. */
export function securityHeaders(options: CspOptions = {}): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(options),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': permissionsPolicy(),
  };
}
