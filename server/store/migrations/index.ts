/**
 * The ordered list of schema migrations. Migration N (1-based) moves the
 * database from `user_version` N-1 to N. Never edit a shipped migration: add a
 * new numbered file instead.
 */
import * as m001 from './001-initial.ts';
import * as m002 from './002-event-chain.ts';

export interface Migration {
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [m001, m002];
