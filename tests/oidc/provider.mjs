// A real OpenID Connect provider for the tests: panva's oidc-provider (OpenID Certified), not a
// mock, on loopback with its development sign-in pages, two clients and three staff accounts.
//
//   PORT=0 REDIRECT_URIS=http://127.0.0.1:8080/api/v1/auth/callback node provider.mjs
//
// Prints `issuer <url>` once it listens. ISSUER makes it claim another issuer (a provider with a
// key of its own that pretends to be the first). Each start makes a new RSA signing key.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const redirectUris = (process.env.REDIRECT_URIS || '').split(',').filter(Boolean);
if (redirectUris.length === 0) throw new Error('REDIRECT_URIS is not set');

// Staff: an administrator, a statistician, someone with no role here, and someone working for
// provider number 1 (a provider's role is the prefix and its number).
const accounts = {
  kari: { name: 'Kari Nordmann', roles: ['aktivitetskortet-admin'] },
  ola: { name: 'Ola Nordmann', roles: ['aktivitetskortet-statistics'] },
  per: { name: 'Per Utenrolle', roles: [] },
  kaja: { name: 'Kaja Kode', roles: ['aktivitetskortet-provider-1'] },
};

const client = (id) => ({
  client_id: id,
  client_secret: `${id}-secret`,
  redirect_uris: redirectUris,
  grant_types: ['authorization_code'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_basic',
});

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256', kid: randomUUID() };

const server = createServer();
await new Promise((resolve) => server.listen(Number(process.env.PORT || 0), '127.0.0.1', resolve));
const issuer = process.env.ISSUER || `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [client('aktivitetskortet'), client('another-service')],
  jwks: { keys: [signingKey] },
  async findAccount(ctx, id) {
    const account = accounts[id];
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, name: account.name, roles: account.roles };
      },
    };
  },
  // The roles come with the profile, as an app registration's roles do at Entra ID or Keycloak.
  claims: { openid: ['sub'], profile: ['name', 'roles'] },
  scopes: ['openid', 'profile'],
  // Scope claims in the ID token itself (the server reads no userinfo).
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  cookies: { keys: [randomUUID()] },
  features: { devInteractions: { enabled: true } },
  ttl: { IdToken: Number(process.env.ID_TOKEN_TTL || 3600) },
});
server.on('request', provider.callback());
console.log(`issuer ${issuer}`);
