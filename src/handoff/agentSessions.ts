import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../storage/database';
import { agentRoleSchema, type AgentAccount, type AgentRole } from './agentAccounts';

export interface AgentSession {
  username: string;
  roles: AgentRole[];
  expiresAt: number;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Bearer tokens for signed-in agents, kept as hashes in the database so every instance accepts
 * them and a leaked table holds no usable token. They expire after AGENT_SESSION_MINUTES.
 */
export class AgentSessions {
  constructor(
    private readonly db: Database,
    private readonly lifetimeMs: number,
    private readonly now: () => number,
  ) {}

  async open(account: AgentAccount): Promise<{ token: string; expiresAt: number }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = this.now() + this.lifetimeMs;
    await this.db.deleteFrom('agent_session').where('expires_at', '<', this.now()).execute();
    await this.db
      .insertInto('agent_session')
      .values({ token_hash: hashToken(token), username: account.username, roles: account.roles.join('+'), expires_at: expiresAt })
      .execute();
    return { token, expiresAt };
  }

  /** The session a token stands for, while it has not expired. */
  async find(token: string): Promise<AgentSession | undefined> {
    const row = await this.db.selectFrom('agent_session').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirst();
    if (!row || Number(row.expires_at) <= this.now()) return undefined;
    const roles = row.roles.split('+').map((r) => agentRoleSchema.parse(r));
    return { username: row.username, roles, expiresAt: Number(row.expires_at) };
  }

  async close(token: string): Promise<void> {
    await this.db.deleteFrom('agent_session').where('token_hash', '=', hashToken(token)).execute();
  }
}
