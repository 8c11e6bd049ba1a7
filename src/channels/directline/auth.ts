import { DirectLineError } from './errors';
import type { DirectLineTokens, TokenClaims } from './tokens';

/** Who is calling: the holder of the secret (any conversation) or of a token (its own conversation). */
export type DirectLineAuth = { kind: 'secret' } | { kind: 'token'; claims: TokenClaims };

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** Reads `Authorization: Bearer <secret or token>`; 401 when absent or malformed, 403 when not valid. */
export async function authenticate(header: string | undefined, tokens: DirectLineTokens): Promise<DirectLineAuth> {
  const match = header ? BEARER.exec(header) : null;
  if (!match?.[1]) {
    throw new DirectLineError(401, 'Unauthorized', 'Send "Authorization: Bearer <Direct Line secret or token>".');
  }
  if (tokens.isSecret(match[1])) return { kind: 'secret' };
  const claims = await tokens.verify(match[1]);
  if (claims.scope !== 'conversation') {
    throw new DirectLineError(403, 'TokenInvalid', 'A stream token only opens the WebSocket stream.');
  }
  return { kind: 'token', claims };
}

/** A token opens only its own conversation. */
export function assertConversationAccess(auth: DirectLineAuth, conversationId: string): void {
  if (auth.kind === 'token' && auth.claims.conversationId !== conversationId) {
    throw new DirectLineError(403, 'Forbidden', 'This token belongs to another conversation.');
  }
}
