/**
 * The worlds a sandbox answers from. By default one world answers every account and region
 * (what tests and the demo have always used). `SANDBOX_SEED=multi` keeps one per account and
 * region, as AWS does: account 111111111111 holds `cruddur` in ca-central-1, account
 * 222222222222 (reached by sts:AssumeRole) holds `cruddur-staging` in us-east-1, and every
 * other account-region pair of a known account starts empty.
 */
import type { SimClock } from './clock.js';
import { seedWorld, type SeedName, type SeedPart } from './seed.js';
import { Sts } from './sts/sts.js';
import { World } from './world.js';

export const MULTI_BASE = { accountId: '111111111111', region: 'ca-central-1' };
export const MULTI_ROLE_ACCOUNT = { accountId: '222222222222', region: 'us-east-1' };
/** The role the README's targets file assumes, and the external id its trust policy wants. */
export const MULTI_ROLE_ARN = `arn:aws:iam::${MULTI_ROLE_ACCOUNT.accountId}:role/berth`;
// AWS takes external ids of 2 to 1,224 characters: the example `x` would be refused.
export const MULTI_EXTERNAL_ID = 'berth-sandbox';

export interface WorldsOptions {
  clock: SimClock;
  seed: SeedName;
  /** Account and region of the single world (not used by `multi`). */
  accountId: string;
  region: string;
  liveTailQuota?: number;
  /** STS of the worlds this replaces: keys handed out before a reset keep working. */
  sts?: Sts;
}

export class Worlds {
  readonly multi: boolean;
  readonly sts: Sts;
  /** Where admin requests and unsigned AWS requests go. */
  readonly home: { accountId: string; region: string };
  private readonly worlds = new Map<string, World>();

  constructor(private readonly options: WorldsOptions) {
    this.multi = options.seed === 'multi';
    this.home = this.multi ? MULTI_BASE : { accountId: options.accountId, region: options.region };
    this.sts =
      options.sts ??
      new Sts({
        clock: options.clock,
        baseAccount: this.home.accountId,
        accounts: this.multi
          ? [MULTI_BASE.accountId, MULTI_ROLE_ACCOUNT.accountId]
          : [options.accountId],
        roles: this.multi ? { [MULTI_ROLE_ARN]: { externalId: MULTI_EXTERNAL_ID } } : {},
      });
    this.get(this.home.accountId, this.home.region);
  }

  /** The world of `accountId` in `region`, made (and seeded) when first asked for. */
  get(accountId: string, region: string): World {
    const key = this.multi ? `${accountId}/${region}` : 'single';
    let world = this.worlds.get(key);
    if (!world) {
      world = this.make(
        this.multi ? accountId : this.home.accountId,
        this.multi ? region : this.home.region,
      );
      this.worlds.set(key, world);
    }
    return world;
  }

  homeWorld(): World {
    return this.get(this.home.accountId, this.home.region);
  }

  /** Every world made so far, with its `account/region` key. */
  entries(): [string, World][] {
    return [...this.worlds.values()].map((world) => [`${world.accountId}/${world.region}`, world]);
  }

  private make(accountId: string, region: string): World {
    const { clock, liveTailQuota } = this.options;
    const world = new World({ clock, region, accountId, liveTailQuota, sts: this.sts });
    if (!this.multi) seedWorld(world, this.options.seed === 'empty' ? 'empty' : 'cruddur');
    else {
      const part = this.partOf(accountId, region);
      if (part) seedWorld(world, 'cruddur', [part]);
    }
    return world;
  }

  private partOf(accountId: string, region: string): SeedPart | undefined {
    if (accountId === MULTI_BASE.accountId && region === MULTI_BASE.region) return 'production';
    if (accountId === MULTI_ROLE_ACCOUNT.accountId && region === MULTI_ROLE_ACCOUNT.region)
      return 'staging';
    return undefined;
  }
}
