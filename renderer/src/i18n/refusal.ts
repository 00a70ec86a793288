/**
 * What a refusal means, in the receptionist's words: one translated sentence per
 * stable refusal code (shared/planner.ts REFUSAL_CODES); the gateway's own message
 * (with names, rooms and dates) is shown as the detail. Unknown codes (a newer
 * gateway) fall back to that message.
 */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { REFUSAL_CODES } from '../../../shared/planner.ts';

const LEGACY_CODES = ['exceeds_balance', 'use_check_in'] as const;
type KnownCode = (typeof REFUSAL_CODES)[number] | (typeof LEGACY_CODES)[number];
const KNOWN: ReadonlySet<string> = new Set<string>([...REFUSAL_CODES, ...LEGACY_CODES]);

export function isKnownRefusal(code: string): code is KnownCode {
  return KNOWN.has(code);
}

export function useRefusalText(): (refusal: { code: string; message: string } | null | undefined) => string {
  const { t } = useTranslation();
  return useCallback(
    (refusal) => {
      if (!refusal) return t('refusal.unknown');
      return isKnownRefusal(refusal.code) ? t(`refusal.${refusal.code}`) : refusal.message;
    },
    [t],
  );
}
