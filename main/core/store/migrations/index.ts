/**
 * Every schema migration, in order. Add a new file `NNN-name.ts` and append it here;
 * never edit one that has shipped (desks in the field already ran it).
 */
import type { Migration } from './migration.ts';
import { migration001Initial } from './001-initial.ts';
import { migration002HotelAndFolio } from './002-hotel-and-folio.ts';
import { migration003EventChain } from './003-event-chain.ts';

export const MIGRATIONS: readonly Migration[] = [migration001Initial, migration002HotelAndFolio, migration003EventChain];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
