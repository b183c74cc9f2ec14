//! Staff sign-in with the municipality's OpenID Connect provider: the authorization code flow
//! with PKCE, and the ID token verified (issuer, audience, expiry, nonce, signature) by the
//! `openidconnect` crate, never by hand.
//!
//! The provider's configuration comes from its discovery document, fetched when first needed and
//! again when an ID token is signed by a key its JWKS did not have (the provider rotated its
//! keys). The role comes from a configurable claim (`roles` by default, as Entra ID and Keycloak
//! send them): the admin role, the statistics role, or a provider's role (the prefix and the
//! provider's number, `aktivitetskortet-provider-3`), which signs the person in as that
//! organiser's staff.

use std::sync::Arc;

use aktivitetskortet_core::api::StaffRole;
use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreGenderClaim, CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm, CoreProviderMetadata,
};
use openidconnect::{
    AdditionalClaims, AuthorizationCode, ClaimsVerificationError, ClientId, ClientSecret,
    CsrfToken, EndpointMaybeSet, EndpointNotSet, EndpointSet, IdToken, IssuerUrl, Nonce,
    PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, TokenResponse,
};
use serde::{Deserialize, Serialize};

/// What the server is told about the provider (`--oidc-*`).
#[derive(Clone, Debug)]
pub struct Settings {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    /// The claim that holds the person's roles (a list of strings, or one string).
    pub role_claim: String,
    pub admin_role: String,
    pub statistics_role: String,
    /// A provider's role is this and its number (`aktivitetskortet-provider-3`).
    pub provider_role_prefix: String,
    /// This server's callback, `<public URL>/api/v1/auth/callback`.
    pub redirect_url: String,
}

/// A signed-in member of staff, from a verified ID token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub subject: String,
    pub name: String,
    pub role: StaffRole,
    /// The provider a provider's person works for (with [`StaffRole::Provider`]).
    pub provider_id: Option<i64>,
}

/// A sign-in on its way through the provider: what the callback needs to finish it.
pub struct Pending {
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
}

#[derive(Debug, thiserror::Error)]
pub enum OidcError {
    /// The provider could not be reached or answered wrongly (discovery, the token endpoint).
    #[error("the identity provider could not be used: {0}")]
    Provider(String),
    /// The ID token is not one this server accepts.
    #[error("the identity provider's answer was refused: {0}")]
    Refused(String),
    /// A valid person without a role for this service.
    #[error("your account has no role for Aktivitetskortet (ask for {0}, {1} or {2}<number>)")]
    NoRole(String, String, String),
}

/// Every claim the ID token carries beyond the standard ones, so the role claim can be any.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct OtherClaims(serde_json::Map<String, serde_json::Value>);

impl AdditionalClaims for OtherClaims {}

type Token = IdToken<
    OtherClaims,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;

type Client = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

pub struct Oidc {
    settings: Settings,
    http: openidconnect::reqwest::Client,
    client: tokio::sync::RwLock<Option<Arc<Client>>>,
}

impl Oidc {
    pub fn new(settings: Settings) -> anyhow::Result<Oidc> {
        IssuerUrl::new(settings.issuer.clone()).map_err(|e| {
            anyhow::anyhow!("--oidc-issuer {:?} is not a URL: {e}", settings.issuer)
        })?;
        RedirectUrl::new(settings.redirect_url.clone())?;
        let http = openidconnect::reqwest::ClientBuilder::new()
            // The provider's answers are read, never followed elsewhere (SSRF).
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(10))
            .build()?;
        Ok(Oidc {
            settings,
            http,
            client: tokio::sync::RwLock::new(None),
        })
    }

    /// What a provider's role begins with; its number follows.
    pub fn provider_role_prefix(&self) -> &str {
        &self.settings.provider_role_prefix
    }

    /// The client from the provider's discovery document; fetched again when `fresh`.
    async fn client(&self, fresh: bool) -> Result<Arc<Client>, OidcError> {
        if !fresh && let Some(client) = self.client.read().await.as_ref() {
            return Ok(client.clone());
        }
        let issuer = IssuerUrl::new(self.settings.issuer.clone())
            .map_err(|e| OidcError::Provider(e.to_string()))?;
        let metadata = CoreProviderMetadata::discover_async(issuer, &self.http)
            .await
            .map_err(|e| OidcError::Provider(format!("discovery: {e}")))?;
        let client = CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(self.settings.client_id.clone()),
            Some(ClientSecret::new(self.settings.client_secret.clone())),
        )
        .set_redirect_uri(
            RedirectUrl::new(self.settings.redirect_url.clone())
                .map_err(|e| OidcError::Provider(e.to_string()))?,
        );
        let client = Arc::new(client);
        *self.client.write().await = Some(client.clone());
        Ok(client)
    }

    /// Where to send the browser to sign in, and what to keep until it comes back.
    pub async fn start(&self) -> Result<(String, Pending), OidcError> {
        let client = self.client(false).await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state, nonce) = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            // The name (and, with most providers' app registrations, the roles) come with it.
            .add_scope(Scope::new("profile".into()))
            .set_pkce_challenge(challenge)
            .url();
        let pending = Pending {
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            pkce_verifier: verifier.secret().clone(),
        };
        Ok((url.to_string(), pending))
    }

    /// Exchanges the callback's code (with the PKCE verifier) and verifies the ID token.
    pub async fn finish(&self, code: String, pending: &Pending) -> Result<Person, OidcError> {
        let raw = self.exchange(code, pending).await?;
        self.verify_id_token(&raw, &pending.nonce).await
    }

    /// The ID token the provider gives for the callback's code, not yet verified.
    pub async fn exchange(&self, code: String, pending: &Pending) -> Result<String, OidcError> {
        let client = self.client(false).await?;
        let response = client
            .exchange_code(AuthorizationCode::new(code))
            .map_err(|e| OidcError::Provider(e.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier.clone()))
            .request_async(&self.http)
            .await
            .map_err(|e| OidcError::Provider(format!("the token request: {e}")))?;
        let token = response
            .id_token()
            .ok_or_else(|| OidcError::Refused("no ID token in the answer".into()))?;
        Ok(token.to_string())
    }

    /// The person an ID token names, if it is one for this server: issued by the provider, for
    /// this client, not expired, with the sign-in's nonce, signed by one of the provider's keys
    /// (its JWKS fetched again once when the key is unknown), and with a role here.
    pub async fn verify_id_token(&self, raw: &str, nonce: &str) -> Result<Person, OidcError> {
        let token: Token = raw
            .parse()
            .map_err(|e| OidcError::Refused(format!("not an ID token: {e}")))?;
        let nonce = Nonce::new(nonce.to_owned());
        let client = self.client(false).await?;
        let claims = match token.claims(&client.id_token_verifier(), &nonce) {
            Err(ClaimsVerificationError::SignatureVerification(_)) => {
                let client = self.client(true).await?;
                token
                    .claims(&client.id_token_verifier(), &nonce)
                    .map_err(|e| OidcError::Refused(e.to_string()))?
                    .clone()
            }
            other => other
                .map_err(|e| OidcError::Refused(e.to_string()))?
                .clone(),
        };
        let subject = claims.subject().as_str().to_owned();
        let name = claims
            .name()
            .and_then(|n| n.get(None))
            .map(|n| n.as_str().to_owned())
            .or_else(|| claims.preferred_username().map(|u| u.as_str().to_owned()))
            .unwrap_or_else(|| subject.clone());
        let roles = roles(claims.additional_claims(), &self.settings.role_claim);
        let s = &self.settings;
        // The role that may do the most wins: a municipal administrator who also helps at a
        // venue's desk signs in as an administrator.
        let provider_id = roles.iter().find_map(|r| {
            r.strip_prefix(s.provider_role_prefix.as_str())?
                .parse::<i64>()
                .ok()
                .filter(|id| *id > 0)
        });
        let (role, provider_id) = if roles.iter().any(|r| r == &s.admin_role) {
            (StaffRole::Admin, None)
        } else if roles.iter().any(|r| r == &s.statistics_role) {
            (StaffRole::Statistics, None)
        } else if let Some(id) = provider_id {
            (StaffRole::Provider, Some(id))
        } else {
            return Err(OidcError::NoRole(
                s.admin_role.clone(),
                s.statistics_role.clone(),
                s.provider_role_prefix.clone(),
            ));
        };
        Ok(Person {
            subject,
            name,
            role,
            provider_id,
        })
    }
}

/// The role claim's values: a list of strings, or one string (some providers send either).
fn roles(claims: &OtherClaims, claim: &str) -> Vec<String> {
    match claims.0.get(claim) {
        Some(serde_json::Value::Array(values)) => values
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        Some(serde_json::Value::String(one)) => vec![one.clone()],
        _ => Vec::new(),
    }
}
