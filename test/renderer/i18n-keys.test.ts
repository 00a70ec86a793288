/**
 * Every desk language has every text: for each resource under renderer/src/i18n/
 * (`en.ts`, `folio.en.ts`, `folio.de.ts`, … — `<namespace>.<language>.ts|json`),
 * a key present in one language and missing in another fails here, as does a
 * language with no file for a namespace, or a translation that drops or renames
 * a `{{value}}` the screen fills in. Also: which language the desk picks.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DESK_LANGUAGES, resolveDeskLanguage } from '../../renderer/src/i18n/desk-language.ts';

const DIR = path.join(import.meta.dirname, '../../renderer/src/i18n');
const RESOURCE = /^(?:(?<ns>[a-z0-9-]+)\.)?(?<lang>[a-z]{2})\.(?<ext>ts|json)$/;

type Tree = { [k: string]: string | Tree };

/** "a.b.c" → text, for every string in a resource. */
function flatten(tree: Tree, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else flatten(v, key, out);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([^}\s]+)\s*\}\}/g)].map((m) => m[1]).sort();

/** What differs between the languages of one namespace: missing keys and changed placeholders. */
function compareLanguages(byLang: ReadonlyMap<string, Map<string, string>>, languages: readonly string[]): string[] {
  const problems: string[] = [];
  const all = new Set<string>();
  for (const keys of byLang.values()) for (const k of keys.keys()) all.add(k);
  for (const lang of languages) {
    const keys = byLang.get(lang);
    if (!keys) {
      problems.push(`no ${lang} resource (${all.size} keys missing)`);
      continue;
    }
    for (const k of all) if (!keys.has(k)) problems.push(`${lang} misses ${k}`);
    for (const [k, text] of keys) {
      if (text.trim() === '') problems.push(`${lang} ${k} is empty`);
      const en = byLang.get('en')?.get(k);
      if (en !== undefined && lang !== 'en' && placeholders(en).join() !== placeholders(text).join())
        problems.push(`${lang} ${k} has {{${placeholders(text).join('}}, {{')}}} where en has {{${placeholders(en).join('}}, {{')}}}`);
    }
  }
  return problems;
}

async function loadResources(): Promise<Map<string, Map<string, Map<string, string>>>> {
  const namespaces = new Map<string, Map<string, Map<string, string>>>();
  for (const file of readdirSync(DIR).sort()) {
    const m = RESOURCE.exec(file);
    if (!m?.groups) continue;
    const { ns = 'translation', lang, ext } = m.groups;
    let tree: Tree;
    if (ext === 'json') tree = JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as Tree;
    else {
      const mod = (await import(pathToFileURL(path.join(DIR, file)).href)) as Record<string, unknown>;
      const objects = Object.values(mod).filter((v): v is Tree => typeof v === 'object' && v !== null);
      expect(objects, `${file} exports exactly one resource object`).toHaveLength(1);
      tree = objects[0];
    }
    const byLang = namespaces.get(ns) ?? new Map<string, Map<string, string>>();
    byLang.set(lang, flatten(tree));
    namespaces.set(ns, byLang);
  }
  return namespaces;
}

describe('desk texts in every language', () => {
  it('finds the resources under renderer/src/i18n', async () => {
    const namespaces = await loadResources();
    expect([...namespaces.keys()]).toContain('folio');
    expect(namespaces.get('folio')?.get('en')?.size).toBeGreaterThan(100);
  });

  it('has every key of every namespace in English and German, with the same placeholders', async () => {
    const namespaces = await loadResources();
    const problems: string[] = [];
    for (const [ns, byLang] of namespaces) for (const p of compareLanguages(byLang, DESK_LANGUAGES)) problems.push(`${ns}: ${p}`);
    expect(problems).toEqual([]);
  });

  it('reports a key present in one language and missing in the other, and a dropped placeholder', () => {
    const byLang = new Map([
      [
        'en',
        new Map([
          ['a.b', 'Room {{number}}'],
          ['a.c', 'Close'],
        ]),
      ],
      [
        'de',
        new Map([
          ['a.b', 'Zimmer'],
          ['a.d', 'Nur deutsch'],
        ]),
      ],
    ]);
    expect(compareLanguages(byLang, ['en', 'de'])).toEqual(['en misses a.d', 'de misses a.c', 'de a.b has {{}} where en has {{number}}']);
    expect(compareLanguages(new Map([['en', new Map([['x', 'X']])]]), ['en', 'de'])).toEqual(['no de resource (1 keys missing)']);
  });
});

describe('the desk language', () => {
  it('follows policy, then the user’s choice, then the OS, then English', () => {
    expect(resolveDeskLanguage({ policy: 'de', choice: 'en', os: ['en-US'] })).toBe('de');
    expect(resolveDeskLanguage({ policy: null, choice: 'de', os: ['en-US'] })).toBe('de');
    expect(resolveDeskLanguage({ policy: 'fr', choice: null, os: ['fr-FR', 'de-AT', 'en'] })).toBe('de');
    expect(resolveDeskLanguage({ choice: 'xx', os: ['ja-JP'] })).toBe('en');
  });
});
