import type Database from 'better-sqlite3';

/** One schema step. `version` is the `user_version` the database has after `up`. */
export interface Migration {
  version: number;
  name: string;
  up: (db: Database.Database) => void;
}
