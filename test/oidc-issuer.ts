/**
 * A real OpenID provider for the tests (the `oidc-provider` package, certified by the OpenID
 * Foundation): discovery, authorization code with PKCE, signed ID tokens, and its own
 * development sign-in form, where any login and password sign in as that login: the subject
 * is the login, the email <login>@example.com, the groups from GROUPS (the `groups` scope puts
 * them in the ID token).
 */
import type { Server } from 'node:http';
import Provider from 'oidc-provider';

let discoveries = 0;
/** How many times this process's providers were asked for their discovery document. */
export const discoveryRequests = () => discoveries;

export interface IssuerClient {
  id: string;
  secret: string;
  redirectUris: string[];
}

const GROUPS: Record<string, string[]> = {
  ops: ['platform-team'],
  dev: ['developers'],
  // More groups than fit in a cookie (Entra ID sends up to 200 ids of 36 characters).
  many: Array.from(
    { length: 200 },
    (_, index) => `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
  ),
};

/** Serves the provider on 127.0.0.1:`port` for one client; close the server when done. */
export function startIssuer(port: number, client: IssuerClient): Promise<Server> {
  const provider = new Provider(`http://127.0.0.1:${port}`, {
    clients: [
      {
        client_id: client.id,
        client_secret: client.secret,
        redirect_uris: client.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    pkce: { required: () => true },
    scopes: ['openid', 'email', 'profile', 'groups'],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], groups: ['groups'] },
    // The claims the scopes ask for go in the ID token (as Cognito and Keycloak put them).
    conformIdTokenClaims: false,
    findAccount: (_ctx, id) => ({
      accountId: id,
      claims: () => ({
        sub: id,
        email: `${id}@example.com`,
        email_verified: true,
        groups: GROUPS[id] ?? [],
      }),
    }),
    cookies: { keys: ['berth-e2e-issuer-cookie-key'] },
  });
  provider.on('server_error', (_ctx, error) => console.error('[issuer]', error));
  provider.use(async (ctx, next) => {
    if (ctx.path === '/.well-known/openid-configuration') discoveries += 1;
    await next();
  });
  return new Promise((resolve) => {
    const server = provider.listen(port, '127.0.0.1', () => resolve(server));
  });
}

/**
 * Signs `login` in at the provider without a browser, from the authorization URL Berth built
 * to the callback URL the provider sends back (with code and state): follows redirects, keeps
 * the provider's cookies, and submits its development login and consent forms.
 */
export async function signInByForm(
  authorizationUrl: string,
  login: string,
  callbackPrefix: string,
): Promise<string> {
  const jar = new Map<string, string>();
  let url = authorizationUrl;
  let form: URLSearchParams | undefined;
  for (let step = 0; step < 16; step += 1) {
    const response = await fetch(url, {
      redirect: 'manual',
      ...(form ? { method: 'POST', body: form } : {}),
      headers: { cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; ') },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    form = undefined;
    const location = response.headers.get('location');
    if (location) {
      url = new URL(location, url).toString();
      if (url.startsWith(callbackPrefix)) return url;
      continue;
    }
    const html = await response.text();
    const action = /<form[^>]* action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`the provider answered ${response.status}: ${html}`);
    url = new URL(action, url).toString();
    form = new URLSearchParams(
      prompt === 'login' ? { prompt, login, password: 'any password' } : { prompt },
    );
  }
  throw new Error('the sign-in never came back to the callback');
}
