import { z } from 'zod';
import { hashPassword, PASSWORD_HASH, verifyPassword } from './passwordHash';

export const agentRoleSchema = z.enum(['agent', 'lead']);
export type AgentRole = z.infer<typeof agentRoleSchema>;

export interface AgentAccount {
  username: string;
  roles: AgentRole[];
  passwordHash: string;
}

/** The development account, documented in docs/handoff.md; never present in production. */
export const DEMO_USERNAME = 'demo';
const DEMO_PASSWORD = 'demo';

export class AgentAccountsError extends Error {}

const accountSchema = z.object({
  username: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'user names are letters, digits, ".", "_" or "-"'),
  roles: z.array(agentRoleSchema).min(1),
  passwordHash: z.string().regex(PASSWORD_HASH, 'not a hash from npm run agent:hash'),
});

/** Parses AGENT_ACCOUNTS: `alice:agent:scrypt$...;bob:agent+lead:scrypt$...`. */
export function parseAgentAccounts(spec: string): AgentAccount[] {
  const accounts = spec
    .split(/[;\n]/)
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [username = '', roles = '', ...rest] = entry.split(':');
      const parsed = accountSchema.safeParse({ username, roles: roles.split('+').filter(Boolean), passwordHash: rest.join(':') });
      if (!parsed.success) {
        throw new AgentAccountsError(`AGENT_ACCOUNTS: "${username}": ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
      }
      return parsed.data;
    });
  const names = new Set<string>();
  for (const a of accounts) {
    if (names.has(a.username)) throw new AgentAccountsError(`AGENT_ACCOUNTS: "${a.username}" appears twice`);
    names.add(a.username);
  }
  return accounts;
}

/** The agents who may sign in to the console. */
export class AgentAccounts {
  private constructor(private readonly byName: Map<string, AgentAccount>) {}

  /**
   * The configured accounts; in development with none configured, the `demo` account with both
   * roles. Production never gets a default account.
   */
  static async load(spec: string | undefined, production: boolean): Promise<AgentAccounts> {
    const accounts = spec ? parseAgentAccounts(spec) : [];
    if (accounts.length === 0 && !production) {
      accounts.push({ username: DEMO_USERNAME, roles: ['agent', 'lead'], passwordHash: await hashPassword(DEMO_PASSWORD) });
    }
    return new AgentAccounts(new Map(accounts.map((a) => [a.username, a])));
  }

  get usernames(): string[] {
    return [...this.byName.keys()];
  }

  /** The account when the password is right; a wrong name costs as long as a wrong password. */
  async verify(username: string, password: string): Promise<AgentAccount | undefined> {
    const account = this.byName.get(username);
    const ok = await verifyPassword(password, account?.passwordHash ?? UNKNOWN_USER_HASH);
    return ok && account ? account : undefined;
  }
}

/** A hash no password matches in practice, checked for unknown names so timing does not tell them apart. */
const UNKNOWN_USER_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
