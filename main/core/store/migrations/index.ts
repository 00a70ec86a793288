/**
 * Every schema migration, in order. Add a new file `NNN-name.ts` and append it here;
 * never edit one that has shipped (desks in the field already ran it).
 */
import type { Migration } from './migration.ts';
import { migration001Initial } from './001-initial.ts';
import { migration002EventChain } from './002-event-chain.ts';

export const MIGRATIONS: readonly Migration[] = [migration001Initial, migration002EventChain];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
