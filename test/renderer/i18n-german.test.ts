/**
 * The German texts mirror the English ones key for key: no key only in one of
 * them, no empty German text, and the same {{placeholders}} for every key (a
 * dropped {{name}} would hide a guest's name; a misspelt one would show raw).
 */
import { describe, expect, it } from 'vitest';
import { de } from '../../renderer/src/i18n/de.ts';
import { en } from '../../renderer/src/i18n/en.ts';
import { i18n } from '../../renderer/src/i18n/index.ts';

/** Every text of a resource object, by its dotted key. */
function leaves(o: unknown, path = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (o !== null && typeof o === 'object') {
    for (const [k, v] of Object.entries(o as Record<string, unknown>)) leaves(v, path ? `${path}.${k}` : k, out);
  } else {
    out.set(path, o);
  }
  return out;
}

const placeholders = (text: unknown): string[] =>
  typeof text === 'string' ? [...new Set([...text.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)].map((m) => m[1] ?? ''))].sort() : [];

const enTexts = leaves(en);
const deTexts = leaves(de);

describe('German desk texts', () => {
  it('has exactly the keys of the English texts', () => {
    const onlyEn = [...enTexts.keys()].filter((k) => !deTexts.has(k));
    const onlyDe = [...deTexts.keys()].filter((k) => !enTexts.has(k));
    expect(onlyEn, 'keys missing in German').toEqual([]);
    expect(onlyDe, 'keys only in German').toEqual([]);
    expect(enTexts.size).toBeGreaterThan(400);
  });

  it('has a non-empty text for every key', () => {
    for (const [key, text] of deTexts) {
      expect(typeof text, key).toBe('string');
      expect((text as string).trim().length, key).toBeGreaterThan(0);
    }
  });

  it('uses the same placeholders as English for every key', () => {
    for (const [key, text] of enTexts) expect(placeholders(deTexts.get(key)), key).toEqual(placeholders(text));
  });

  it('keeps the markup tags of English texts', () => {
    const tags = (text: unknown) => (typeof text === 'string' ? [...text.matchAll(/<\/?[a-z]+\s*\/?>/g)].map((m) => m[0]).sort() : []);
    for (const [key, text] of enTexts) expect(tags(deTexts.get(key)), key).toEqual(tags(text));
  });

  it('is registered with i18next, plurals included', async () => {
    const before = i18n.language;
    try {
      await i18n.changeLanguage('de');
      expect(i18n.t('today.arrivals')).toBe('Anreisen');
      expect(i18n.t('common.nights', { count: 1 })).toBe('1 Nacht');
      expect(i18n.t('common.nights', { count: 3 })).toBe('3 Nächte');
      expect(i18n.t('common.room', { number: '204' })).toBe('Zimmer 204');
    } finally {
      await i18n.changeLanguage(before);
    }
    expect(i18n.t('today.arrivals')).toBe('Arrivals');
  });
});
