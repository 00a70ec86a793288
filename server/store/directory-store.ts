/**
 * Named queries for the organisations' profiles (the embedded directory; users are
 * in auth-store.ts). SQL lives only in store modules.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from './database.ts';

export interface OrgProfileRow {
  org_id: string;
  name: string;
  time_zone: string;
  currency: string;
}

export class DirectoryStore {
  private readonly s: {
    org: Statement<[string], OrgProfileRow>;
    insertOrg: Statement<[string, string, string, string]>;
  };

  constructor(db: Db) {
    this.s = {
      org: db.prepare('SELECT org_id, name, time_zone, currency FROM org_profiles WHERE org_id = ?'),
      insertOrg: db.prepare('INSERT INTO org_profiles (org_id, name, time_zone, currency) VALUES (?, ?, ?, ?) ON CONFLICT (org_id) DO NOTHING'),
    };
  }

  org(orgId: string): OrgProfileRow | undefined {
    return this.s.org.get(orgId);
  }

  /** False when an organisation with this id exists. */
  insertOrg(o: OrgProfileRow): boolean {
    return this.s.insertOrg.run(o.org_id, o.name, o.time_zone, o.currency).changes === 1;
  }
}
