/**
 * Which language the desk speaks. Policy first (IT may lock it), then the
 * receptionist's own choice (kept on this computer), then the OS language, then
 * English. Only languages with complete texts are offered; the i18n keys test
 * fails when one of them misses a key.
 */
import i18next from 'i18next';
import { useSyncExternalStore } from 'react';

export const DESK_LANGUAGES = ['en', 'de'] as const;
export type DeskLanguage = (typeof DESK_LANGUAGES)[number];

/** Each language in its own words, so a receptionist finds theirs whatever is showing. */
export const LANGUAGE_NAME: Record<DeskLanguage, string> = { en: 'English', de: 'Deutsch' };

const CHOICE_KEY = 'frontdesk.language';

/** The supported language a BCP 47 tag asks for ("de-AT" → de), or null. */
export function supportedLanguage(tag: string | null | undefined): DeskLanguage | null {
  if (!tag) return null;
  const base = tag.trim().toLowerCase().split(/[-_]/)[0];
  return (DESK_LANGUAGES as readonly string[]).includes(base) ? (base as DeskLanguage) : null;
}

/** Policy, then the user's choice, then the OS languages in order, then English. */
export function resolveDeskLanguage(sources: { policy?: string | null; choice?: string | null; os?: readonly string[] }): DeskLanguage {
  return supportedLanguage(sources.policy) ?? supportedLanguage(sources.choice) ?? sources.os?.map(supportedLanguage).find((l) => l !== null) ?? 'en';
}

function readChoice(): string | null {
  try {
    return window.localStorage.getItem(CHOICE_KEY);
  } catch {
    return null; // storage disabled: the choice lasts for this window only
  }
}

let fromPolicy: string | null = null;

/** The language IT set for this desk (the policy key `language`, as the host reports it), if any. */
function policyLanguage(): string | null {
  return fromPolicy ?? document.querySelector('meta[name="frontdesk-language"]')?.getAttribute('content') ?? null;
}

/** The policy in effect arrived from main (app:info): a `language` there wins over every choice. */
export function setPolicyLanguage(lang: string | null): void {
  fromPolicy = lang;
  void i18next.changeLanguage(initialDeskLanguage());
}

function osLanguages(): readonly string[] {
  return navigator.languages?.length ? navigator.languages : [navigator.language];
}

export function initialDeskLanguage(): DeskLanguage {
  return resolveDeskLanguage({ policy: policyLanguage(), choice: readChoice(), os: osLanguages() });
}

/** True when policy fixes the language (the switch is then shown but disabled). */
export function languageLockedByPolicy(): boolean {
  return supportedLanguage(policyLanguage()) !== null;
}

/** The receptionist picks a language: kept on this computer, applied to every screen at once. */
export function chooseDeskLanguage(lang: DeskLanguage): void {
  try {
    window.localStorage.setItem(CHOICE_KEY, lang);
  } catch {
    // storage disabled: still switch this window
  }
  void i18next.changeLanguage(initialDeskLanguage());
}

function subscribe(onChange: () => void): () => void {
  i18next.on('languageChanged', onChange);
  // Another window of this desk switched: follow it.
  const onStorage = (e: StorageEvent) => {
    if (e.key === CHOICE_KEY) void i18next.changeLanguage(initialDeskLanguage());
  };
  window.addEventListener('storage', onStorage);
  return () => {
    i18next.off('languageChanged', onChange);
    window.removeEventListener('storage', onStorage);
  };
}

export function useDeskLanguage(): DeskLanguage {
  return useSyncExternalStore(subscribe, () => supportedLanguage(i18next.language) ?? 'en');
}
