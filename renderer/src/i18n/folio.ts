/**
 * The `folio` namespace: texts of the folio, invoices, shifts, night audit and
 * guest screens, in every desk language. Registered on the desk's one i18next
 * instance (initialised here if no other module has done it yet), so the
 * language switch changes these screens together with the rest of the desk.
 *
 * `useFolioT()` types its keys from the English resource; the German one is
 * typed against it, so a missing German key is a compile error as well as a
 * failing test (test/renderer/i18n-keys.test.ts).
 */
import i18next from 'i18next';
import { useCallback } from 'react';
import { initReactI18next, useTranslation } from 'react-i18next';
import { initialDeskLanguage, type DeskLanguage } from './desk-language.ts';
import { folioDe } from './folio.de.ts';
import { folioEn } from './folio.en.ts';

export const FOLIO_NS = 'folio';

export const FOLIO_RESOURCES: Record<DeskLanguage, typeof folioEn> = { en: folioEn, de: folioDe };

if (!i18next.isInitialized) {
  void i18next.use(initReactI18next).init({
    lng: initialDeskLanguage(),
    fallbackLng: 'en',
    resources: {},
    // React escapes what it renders; i18next must not escape a second time.
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
} else if (i18next.language !== initialDeskLanguage()) {
  void i18next.changeLanguage(initialDeskLanguage());
}
for (const [lng, res] of Object.entries(FOLIO_RESOURCES)) i18next.addResourceBundle(lng, FOLIO_NS, res, true, true);

/** "a.b.c" paths to the strings of a resource; plural forms (`x_one`, `x_other`) are asked for as `x`. */
type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K extends `${infer B}_${'one' | 'other'}` ? B : K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
export type FolioKey = Leaves<typeof folioEn>;
export type FolioT = (key: FolioKey, values?: Record<string, string | number>) => string;

// The desk's own namespace typing (CustomTypeOptions) does not know this one; keys are
// checked by FolioKey instead, so i18next's `t` is called through a plain signature.
type PlainT = (key: string, options: Record<string, unknown>) => string;

/** `t` for the folio texts in the desk's language (or `lng`, e.g. an invoice in the guest's language). */
export function useFolioT(lng?: string): FolioT {
  const { i18n } = useTranslation();
  const language = lng ?? i18n.language;
  return useCallback<FolioT>((key, values) => (i18n.t as unknown as PlainT)(key, { ns: FOLIO_NS, lng: language, ...values }), [i18n, language]);
}
