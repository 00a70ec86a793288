/**
 * Who exists: organisations (profile) and users (with their password hash). In
 * embedded mode the local SQLite; in Redis mode Redis, so a user provisioned through
 * one node logs in on every node. Provisioning is the service-token admin API.
 *
 * Redis keys all share the hash tag `{dir}` (one cluster slot, so a user's id and
 * email records are created atomically by one script):
 *   fd:{dir}:user:ID     JSON user row
 *   fd:{dir}:email:EMAIL user id
 *   fd:{dir}:org:ID      JSON profile
 */
import type { Cluster, Redis } from 'ioredis';
import { unavailableAs503 } from '../log/errors.ts';
import type { AuthStore, UserRow } from '../store/auth-store.ts';
import type { DirectoryStore } from '../store/directory-store.ts';

export interface OrgProfile {
  id: string;
  name: string;
  timeZone: string;
  currency: string;
}

export type NewUser = Omit<UserRow, 'tokens_valid_after'>;

export interface Directory {
  userByEmail(email: string): Promise<UserRow | undefined>;
  userById(id: string): Promise<UserRow | undefined>;
  /** False when a user with this id or email exists (nothing is changed then). */
  insertUser(u: NewUser): Promise<boolean>;
  org(id: string): Promise<OrgProfile | undefined>;
  /** False when an organisation with this id exists. */
  insertOrg(o: OrgProfile): Promise<boolean>;
}

export class SqliteDirectory implements Directory {
  constructor(
    private readonly auth: AuthStore,
    private readonly orgs: DirectoryStore,
  ) {}

  async userByEmail(email: string): Promise<UserRow | undefined> {
    return this.auth.userByEmail(email);
  }

  async userById(id: string): Promise<UserRow | undefined> {
    return this.auth.userById(id);
  }

  async insertUser(u: NewUser): Promise<boolean> {
    if (this.auth.userById(u.id) || this.auth.userByEmail(u.email)) return false;
    this.auth.insertUser(u);
    return true;
  }

  async org(id: string): Promise<OrgProfile | undefined> {
    const r = this.orgs.org(id);
    return r ? { id: r.org_id, name: r.name, timeZone: r.time_zone, currency: r.currency } : undefined;
  }

  async insertOrg(o: OrgProfile): Promise<boolean> {
    return this.orgs.insertOrg({ org_id: o.id, name: o.name, time_zone: o.timeZone, currency: o.currency });
  }
}

const dk = {
  user: (id: string) => `fd:{dir}:user:${id}`,
  email: (email: string) => `fd:{dir}:email:${email}`,
  org: (id: string) => `fd:{dir}:org:${id}`,
};

/** KEYS: user, email; ARGV: user JSON, id. */
const INSERT_USER_LUA = `
if redis.call('EXISTS', KEYS[1]) == 1 or redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('SET', KEYS[2], ARGV[2])
return 1
`;

export class RedisDirectory implements Directory {
  constructor(private readonly redis: Redis | Cluster) {}

  async userByEmail(email: string): Promise<UserRow | undefined> {
    const id = await unavailableAs503('user lookup', () => this.redis.get(dk.email(email)));
    return id ? this.userById(id) : undefined;
  }

  async userById(id: string): Promise<UserRow | undefined> {
    const raw = await unavailableAs503('user lookup', () => this.redis.get(dk.user(id)));
    return raw ? (JSON.parse(raw) as UserRow) : undefined;
  }

  async insertUser(u: NewUser): Promise<boolean> {
    const row: UserRow = { ...u, tokens_valid_after: 0 };
    const r = await unavailableAs503('user provisioning', () =>
      this.redis.eval(INSERT_USER_LUA, 2, dk.user(u.id), dk.email(u.email), JSON.stringify(row), u.id),
    );
    return Number(r) === 1;
  }

  async org(id: string): Promise<OrgProfile | undefined> {
    const raw = await unavailableAs503('organisation lookup', () => this.redis.get(dk.org(id)));
    return raw ? (JSON.parse(raw) as OrgProfile) : undefined;
  }

  async insertOrg(o: OrgProfile): Promise<boolean> {
    return (await unavailableAs503('organisation provisioning', () => this.redis.set(dk.org(o.id), JSON.stringify(o), 'NX'))) === 'OK';
  }
}

/**
 * Redis mode: the shared directory first, then this node's own database (users that
 * predate the shared directory, and the demo users seeded into every node). New
 * users and organisations always go to the shared one.
 */
export class LayeredDirectory implements Directory {
  constructor(
    private readonly shared: Directory,
    private readonly local: Directory,
  ) {}

  async userByEmail(email: string): Promise<UserRow | undefined> {
    return (await this.shared.userByEmail(email)) ?? this.local.userByEmail(email);
  }

  async userById(id: string): Promise<UserRow | undefined> {
    return (await this.shared.userById(id)) ?? this.local.userById(id);
  }

  async insertUser(u: NewUser): Promise<boolean> {
    if ((await this.local.userById(u.id)) || (await this.local.userByEmail(u.email))) return false;
    return this.shared.insertUser(u);
  }

  async org(id: string): Promise<OrgProfile | undefined> {
    return (await this.shared.org(id)) ?? this.local.org(id);
  }

  async insertOrg(o: OrgProfile): Promise<boolean> {
    if (await this.local.org(o.id)) return false;
    return this.shared.insertOrg(o);
  }
}
