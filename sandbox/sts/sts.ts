/**
 * AWS STS as Berth uses it to reach other accounts: AssumeRole hands out temporary keys of the
 * role's account, GetCallerIdentity says whose keys a request carries. Every other request is
 * then answered by the world of the account its key belongs to (server.ts). Any key the
 * sandbox did not issue is a base key of `baseAccount`; an issued key stops working at its
 * Expiration, which runs on the simulated clock like every duration here.
 */
import { randomBytes } from 'node:crypto';
import { AwsError } from '../errors.js';
import { queryInteger, queryString } from '../query.js';
import type { SimClock } from '../clock.js';
import type { JsonObject } from '../wire.js';
import type { World } from '../world.js';

export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** A role's own conditions: the external id its trust policy requires, if any. */
export interface RoleTrust {
  externalId?: string;
}

export interface StsOptions {
  clock: SimClock;
  /** The account of every key the sandbox did not issue. */
  baseAccount: string;
  /** Accounts whose roles may be assumed; a role anywhere else → AccessDenied. */
  accounts: string[];
  /** Roles with conditions, by ARN. Other roles of a known account trust any caller. */
  roles?: Record<string, RoleTrust>;
}

interface Session {
  account: string;
  roleArn: string;
  roleName: string;
  sessionName: string;
  roleId: string;
  expiresAt: number;
}

/** Whose key a request carries, or why it cannot be used. */
export type Identity =
  | { ok: true; account: string; arn: string; userId: string }
  | { ok: false; problem: 'expired' | 'unknown' };

export type Known = Identity & { ok: true };

/** AWS's limit on a session unless the role raises it (MaxSessionDuration). */
const MAX_SESSION_SECONDS = 3600;
const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]*$/;

const validation = (message: string) => new AwsError('ValidationError', message);
const constraint = (value: string, member: string, rule: string) =>
  validation(
    `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ${rule}`,
  );

const upperAlnum = (length: number) =>
  [...randomBytes(length)].map((byte) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[byte % 32]).join('');

/** A stable id per role, as IAM gives each role one (AROA…). */
function roleIdOf(roleArn: string): string {
  let hash = 2166136261;
  for (const char of roleArn) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
  const digits = (hash >>> 0).toString(32).toUpperCase().padStart(7, 'A');
  return `AROA${(digits + 'QSANDBOXROLE').slice(0, 17)}`;
}

export class Sts {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly options: StsOptions) {}

  /**
   * Ends every issued session now, as AWS does at Expiration: for a client whose clock runs
   * behind AWS's, this happens while it still believes its key fresh. Returns how many ended.
   */
  expireAll(): number {
    const now = this.options.clock.now();
    let ended = 0;
    for (const session of this.sessions.values()) {
      if (session.expiresAt > now) ended += 1;
      session.expiresAt = Math.min(session.expiresAt, now);
    }
    return ended;
  }

  /** The account a key belongs to, as every service resolves it before answering. */
  identify(accessKeyId: string): Identity {
    const session = this.sessions.get(accessKeyId);
    if (!session) {
      // AWS would not know a temporary key it did not issue (the sandbox restarted, say).
      if (accessKeyId.startsWith('ASIA')) return { ok: false, problem: 'unknown' };
      const account = this.options.baseAccount;
      return {
        ok: true,
        account,
        arn: `arn:aws:iam::${account}:user/berth`,
        userId: 'AIDASANDBOXBERTHUSER',
      };
    }
    if (this.options.clock.now() >= session.expiresAt) return { ok: false, problem: 'expired' };
    return {
      ok: true,
      account: session.account,
      arn: `arn:aws:sts::${session.account}:assumed-role/${session.roleName}/${session.sessionName}`,
      userId: `${session.roleId}:${session.sessionName}`,
    };
  }

  assumeRole(caller: Known, params: JsonObject) {
    const roleArn = queryString(params, 'RoleArn');
    const sessionName = queryString(params, 'RoleSessionName');
    if (roleArn.length < 20) {
      throw constraint(roleArn, 'roleArn', 'Member must have length greater than or equal to 20');
    }
    const role = ROLE_ARN.exec(roleArn);
    if (!role) throw validation(`${roleArn} is invalid`);
    if (!SESSION_NAME.test(sessionName)) {
      throw constraint(
        sessionName,
        'roleSessionName',
        'Member must satisfy regular expression pattern: [\\w+=,.@-]*',
      );
    }
    const externalId = params.ExternalId;
    if (externalId !== undefined) {
      const value = typeof externalId === 'string' ? externalId : JSON.stringify(externalId);
      if (value.length < 2 || value.length > 1224) {
        throw constraint(
          value,
          'externalId',
          value.length < 2
            ? 'Member must have length greater than or equal to 2'
            : 'Member must have length less than or equal to 1224',
        );
      }
      if (typeof externalId !== 'string' || !EXTERNAL_ID.test(externalId)) {
        throw constraint(
          value,
          'externalId',
          'Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*',
        );
      }
    }
    const duration = queryInteger(params, 'DurationSeconds') ?? 3600;
    if (duration < 900 || duration > 43200) {
      throw constraint(
        String(duration),
        'durationSeconds',
        duration < 900
          ? 'Member must have value greater than or equal to 900'
          : 'Member must have value less than or equal to 43200',
      );
    }
    const account = role[1]!;
    const trust = this.options.roles?.[roleArn];
    if (
      !this.options.accounts.includes(account) ||
      (trust?.externalId !== undefined && trust.externalId !== externalId)
    ) {
      throw new AwsError(
        'AccessDenied',
        `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
        403,
      );
    }
    if (duration > MAX_SESSION_SECONDS) {
      throw validation(
        'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      );
    }
    const accessKeyId = `ASIA${upperAlnum(16)}`;
    const expiresAt = this.options.clock.now() + this.options.clock.ms(duration);
    const roleId = roleIdOf(roleArn);
    this.sessions.set(accessKeyId, {
      account,
      roleArn,
      roleName: role[2]!,
      sessionName,
      roleId,
      expiresAt,
    });
    return {
      Credentials: {
        AccessKeyId: accessKeyId,
        SecretAccessKey: randomBytes(30).toString('base64'),
        SessionToken: `IQoJb3JpZ2luX2VjE${randomBytes(96).toString('base64')}`,
        Expiration: new Date(expiresAt),
      },
      AssumedRoleUser: {
        AssumedRoleId: `${roleId}:${sessionName}`,
        Arn: `arn:aws:sts::${account}:assumed-role/${role[2]}/${sessionName}`,
      },
    };
  }
}

// The operations, as the query protocol's router calls them: the world the caller's key
// resolved to, the form's members, and the caller.
export const assumeRole = (world: World, params: JsonObject, caller: Known) =>
  world.sts.assumeRole(caller, params);
export const getCallerIdentity = (_world: World, _params: JsonObject, caller: Known) => ({
  UserId: caller.userId,
  Account: caller.account,
  Arn: caller.arn,
});
