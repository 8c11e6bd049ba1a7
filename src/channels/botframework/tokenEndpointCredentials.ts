import { ConfigurationServiceClientCredentialFactory, type ConfigurationServiceClientCredentialFactoryOptions } from 'botbuilder';
import { z } from 'zod';

type ServiceClientCredentials = Awaited<ReturnType<ConfigurationServiceClientCredentialFactory['createCredentials']>>;
type WebResource = Parameters<ServiceClientCredentials['signRequest']>[0];

const tokenResponseSchema = z.object({ access_token: z.string().min(1), expires_in: z.coerce.number().positive() });

/** Renew this long before the token's expiry, so a call in flight never carries an expired token. */
const EXPIRY_MARGIN_MS = 60_000;

/** Signs connector calls with a client-credentials token from `tokenUrl`, cached until shortly before it expires. */
class TokenEndpointCredentials {
  private cached?: { token: string; expiresAt: number };

  constructor(
    private readonly appId: string,
    private readonly password: string,
    private readonly tokenUrl: string,
    private readonly scope: string,
  ) {}

  async signRequest(webResource: WebResource): Promise<WebResource> {
    webResource.headers.set('Authorization', `Bearer ${await this.token()}`);
    return webResource;
  }

  private async token(): Promise<string> {
    if (this.cached && this.cached.expiresAt > Date.now()) return this.cached.token;
    const res = await fetch(this.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: this.appId,
        client_secret: this.password,
        scope: `${this.scope.replace(/\/$/, '')}/.default`,
      }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`The token endpoint answered ${res.status}.`);
    const body = tokenResponseSchema.parse(await res.json());
    this.cached = { token: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 - EXPIRY_MARGIN_MS };
    return body.access_token;
  }
}

/**
 * botbuilder's credential factory, with the outgoing token fetched from BOT_TOKEN_URL (an OAuth 2
 * client-credentials endpoint) instead of Microsoft's login: botbuilder's MSAL path accepts only
 * https authorities, which rules out a private cloud's plain endpoint or a local stand-in.
 */
export class TokenEndpointCredentialFactory extends ConfigurationServiceClientCredentialFactory {
  constructor(
    private readonly options: ConfigurationServiceClientCredentialFactoryOptions,
    private readonly tokenUrl: string,
  ) {
    super(options);
  }

  override async createCredentials(appId: string, audience?: string): Promise<ServiceClientCredentials> {
    if (!(await this.isValidAppId(appId))) throw new Error('Invalid appId.');
    return new TokenEndpointCredentials(appId, this.options.MicrosoftAppPassword ?? '', this.tokenUrl, audience ?? 'https://api.botframework.com');
  }
}
