//! The server's configuration: command-line flags, each with an environment variable fallback.

use std::net::SocketAddr;
use std::path::PathBuf;

/// Aktivitetskortet's backend.
#[derive(Debug, Clone, clap::Parser)]
#[command(version, about)]
pub struct Config {
    /// Address to listen on. The default is loopback only; put a reverse proxy with TLS in front
    /// for anything public.
    #[arg(long, env = "AK_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// Directory for the SQLite database and the server's keys; created on first start.
    #[arg(long, env = "AK_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,

    /// A PostgreSQL database to use instead of the SQLite file in the data directory:
    /// `postgres://user@host:port/database` or `host=… user=… dbname=…`. Prefer the environment
    /// variable to the flag when the URL holds a password (a command line is visible to every
    /// user of the machine). Several instances may share one database; give each the same keys
    /// (the data directory's `keys`, or `--issuer-key`).
    #[arg(long, env = "AK_DATABASE_URL", hide_env_values = true,
          value_parser = parse_database_url)]
    pub database_url: Option<String>,

    /// PostgreSQL connections this instance keeps at most (the pool's size).
    #[arg(long, env = "AK_DATABASE_CONNECTIONS", default_value_t = 8,
          value_parser = clap::value_parser!(u32).range(1..=200))]
    pub database_connections: u32,

    /// Directory holding the built web app (`cargo xtask web` writes it there).
    #[arg(long, env = "AK_WEB_DIR", default_value = "./dist/web")]
    pub web_dir: PathBuf,

    /// Write logs as JSON lines instead of text.
    #[arg(long, env = "AK_LOG_JSON")]
    pub log_json: bool,

    /// The address people reach the app at, for links in activation letters. Defaults to
    /// `http://` and the bind address.
    #[arg(long, env = "AK_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// A file holding the issuer key's 32-byte seed in hex, to use instead of the key the server
    /// makes in `<data-dir>/keys` on first start.
    #[arg(long, env = "AK_ISSUER_KEY")]
    pub issuer_key: Option<PathBuf>,

    /// Load the demo data (offers, cards, a venue, a year of visits) if the database has none,
    /// and print fresh demo activation codes and keys.
    #[arg(long, env = "AK_DEMO")]
    pub demo: bool,

    /// Publish a provider's new offers at once, without the municipality's approval. Without
    /// it, an offer a provider makes waits until an admin approves it (edits to an offer already
    /// published go out at once either way).
    #[arg(long, env = "AK_PROVIDER_OFFERS_GO_LIVE")]
    pub provider_offers_go_live: bool,

    /// Activation attempts allowed from one network address per quarter of an hour. Families
    /// behind one address (a reception centre's Wi-Fi) share it, so raise it for such places;
    /// each code also allows only 5 attempts in that time, whatever the address.
    #[arg(long, env = "AK_ACTIVATIONS_PER_ADDRESS", default_value_t = 10)]
    pub activations_per_address: u32,

    /// A reverse proxy (an address or a network, e.g. `10.0.0.0/8`; repeat the flag for more)
    /// whose `Forwarded` or `X-Forwarded-For` header names the client, for the rate limits.
    /// Without it the socket's peer is the client, and those headers are ignored: anyone can
    /// write them.
    #[arg(long = "trusted-proxy", env = "AK_TRUSTED_PROXIES", value_delimiter = ',',
          value_parser = crate::limits::parse_proxy)]
    pub trusted_proxies: Vec<ipnet::IpNet>,

    /// Days a card's data (given name, birth year, letter language, codes, phone keys) is kept
    /// after its last valid day or its revocation, for questions from the family or the venue.
    #[arg(long, env = "AK_KEEP_ENDED_CARDS_DAYS", default_value_t = 90)]
    pub keep_ended_cards_days: u32,

    /// Days into a new year after which the past year's visit pseudonyms are made unlinkable
    /// (its key deleted); late check-ins for that year are refused from then on. 15–365.
    #[arg(long, env = "AK_CLOSE_YEAR_DAYS", default_value_t = 31)]
    pub close_year_days: u32,

    /// Calendar years of (pseudonymous) visits kept before the current one, for statistics.
    #[arg(long, env = "AK_KEEP_VISIT_YEARS", default_value_t = 3)]
    pub keep_visit_years: u32,

    /// The municipality's OpenID Connect provider (its issuer URL, whose
    /// `.well-known/openid-configuration` describes it): staff sign in to the admin area there.
    /// Admin keys keep working beside it, for scripts and a first start.
    #[arg(long, env = "AK_OIDC_ISSUER", requires = "oidc_client_id")]
    pub oidc_issuer: Option<String>,

    /// This service's client id at the identity provider.
    #[arg(long, env = "AK_OIDC_CLIENT_ID", requires = "oidc_issuer")]
    pub oidc_client_id: Option<String>,

    /// A file holding the client secret (or give it in AK_OIDC_CLIENT_SECRET; never as a flag,
    /// which every user of the machine can read in the process list).
    #[arg(long, env = "AK_OIDC_CLIENT_SECRET_FILE")]
    pub oidc_client_secret_file: Option<PathBuf>,

    /// The ID token's claim that lists the person's roles.
    #[arg(long, env = "AK_OIDC_ROLE_CLAIM", default_value = "roles")]
    pub oidc_role_claim: String,

    /// The role (in that claim) that may administer everything.
    #[arg(
        long,
        env = "AK_OIDC_ADMIN_ROLE",
        default_value = "aktivitetskortet-admin"
    )]
    pub oidc_admin_role: String,

    /// The role that may read the statistics only.
    #[arg(
        long,
        env = "AK_OIDC_STATISTICS_ROLE",
        default_value = "aktivitetskortet-statistics"
    )]
    pub oidc_statistics_role: String,

    /// A provider's role: this and the provider's number, as the admin area's providers page
    /// shows it (`aktivitetskortet-provider-3`); its people keep that organiser's offers.
    #[arg(
        long,
        env = "AK_OIDC_PROVIDER_ROLE_PREFIX",
        default_value = "aktivitetskortet-provider-"
    )]
    pub oidc_provider_role_prefix: String,

    /// Minutes without a request after which a staff sign-in ends.
    #[arg(long, env = "AK_SESSION_IDLE_MINUTES", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..=1440))]
    pub session_idle_minutes: u64,

    /// Hours after which a staff sign-in ends however active it is.
    #[arg(long, env = "AK_SESSION_HOURS", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..=24))]
    pub session_hours: u64,

    /// Where `GET /metrics` (Prometheus's text format) is served: an address of its own, so the
    /// public one never shows it; `off` serves no metrics.
    #[arg(long, env = "AK_METRICS_BIND", default_value = "127.0.0.1:9464",
          value_parser = parse_metrics_bind)]
    pub metrics_bind: MetricsBind,

    /// Seconds to drain after SIGTERM before stopping: `/readyz` answers 503 meanwhile so a load
    /// balancer sends nothing new, and requests are still served. Ctrl-C stops at once.
    #[arg(long, env = "AK_SHUTDOWN_GRACE", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(0..=600))]
    pub shutdown_grace: u64,

    /// Days the audit log keeps an entry (which admin key did what, when), 90–3650.
    #[arg(long, env = "AK_KEEP_AUDIT_DAYS", default_value_t = 730)]
    pub keep_audit_days: u32,

    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Config {
    /// The defaults (as with no flags) for `data_dir` and `web_dir`, listening on any free
    /// loopback port: for tests and embedding.
    pub fn local(data_dir: PathBuf, web_dir: PathBuf) -> Config {
        let mut config = <Config as clap::Parser>::parse_from(["aktivitetskortet-server"]);
        config.bind = SocketAddr::from(([127, 0, 0, 1], 0));
        config.metrics_bind = MetricsBind(Some(SocketAddr::from(([127, 0, 0, 1], 0))));
        config.data_dir = data_dir;
        config.web_dir = web_dir;
        config
    }

    /// Where the database is: PostgreSQL when `--database-url` is given, else the SQLite file in
    /// the data directory.
    pub fn database(&self) -> crate::store::Location {
        match &self.database_url {
            Some(url) => crate::store::Location::Postgres(url.clone()),
            None => crate::store::Location::Sqlite(self.data_dir.join(crate::store::FILE_NAME)),
        }
    }

    /// The identity provider's settings, when `--oidc-issuer` is given; the client secret read
    /// from its file or the environment.
    pub fn oidc(&self, public_url: &str) -> anyhow::Result<Option<crate::oidc::Settings>> {
        let (Some(issuer), Some(client_id)) = (&self.oidc_issuer, &self.oidc_client_id) else {
            return Ok(None);
        };
        let client_secret = match (
            &self.oidc_client_secret_file,
            std::env::var("AK_OIDC_CLIENT_SECRET"),
        ) {
            (Some(file), _) => std::fs::read_to_string(file)
                .map_err(|e| {
                    anyhow::anyhow!(
                        "could not read the client secret in {}: {e}",
                        file.display()
                    )
                })?
                .trim()
                .to_owned(),
            (None, Ok(secret)) => secret,
            (None, Err(_)) => anyhow::bail!(
                "--oidc-issuer needs the client secret: --oidc-client-secret-file FILE or AK_OIDC_CLIENT_SECRET"
            ),
        };
        Ok(Some(crate::oidc::Settings {
            issuer: issuer.clone(),
            client_id: client_id.clone(),
            client_secret,
            role_claim: self.oidc_role_claim.clone(),
            admin_role: self.oidc_admin_role.clone(),
            statistics_role: self.oidc_statistics_role.clone(),
            provider_role_prefix: self.oidc_provider_role_prefix.clone(),
            redirect_url: format!(
                "{public_url}{}",
                aktivitetskortet_core::api::paths::AUTH_CALLBACK
            ),
        }))
    }

    /// The retention rules these flags set, checked.
    pub fn retention(&self) -> Result<crate::retention::Rules, crate::retention::RulesError> {
        crate::retention::Rules {
            ended_card_days: self.keep_ended_cards_days,
            close_year_days: self.close_year_days,
            visit_years: self.keep_visit_years,
            audit_days: self.keep_audit_days,
        }
        .check()
    }
}

/// `--metrics-bind`: an address, or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MetricsBind(pub Option<SocketAddr>);

fn parse_metrics_bind(text: &str) -> Result<MetricsBind, String> {
    if text.eq_ignore_ascii_case("off") {
        return Ok(MetricsBind(None));
    }
    text.parse()
        .map(|addr| MetricsBind(Some(addr)))
        .map_err(|_| {
            format!("{text:?} is not an address to listen on (such as 127.0.0.1:9464), nor `off`")
        })
}

/// `--database-url`: PostgreSQL's URL or key=value form, readable now rather than at the first
/// connection. SQLite needs no URL: it is the file in the data directory.
fn parse_database_url(text: &str) -> Result<String, String> {
    let looks_like_url = text.starts_with("postgres://") || text.starts_with("postgresql://");
    if !looks_like_url && !text.contains('=') {
        return Err("give a PostgreSQL URL (postgres://user@host/database) or key=value settings (host=… dbname=…); without the flag the server uses SQLite in --data-dir".into());
    }
    text.parse::<tokio_postgres::Config>()
        .map_err(|e| format!("not a PostgreSQL connection string: {e}"))?;
    Ok(text.to_owned())
}

/// Maintenance tasks; without one, the server runs.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum Command {
    /// Make a new issuer key for new credentials. The old key stays in the trust list until the
    /// last credential it signed has expired.
    RotateIssuerKey,
    /// Make a new list key (the key that signs the trust and revocation lists). The old one then
    /// signs only an announcement of the new one, which venue devices holding the old key verify
    /// and adopt at their next sync, without being set up again.
    RotateListKey,
    /// Withdraw an issuer key at once, for a key that may be compromised: it leaves the trust
    /// list now, so venues refuse its credentials from their next list sync (within minutes
    /// online). If it is the current key a new one takes over. Cards with a credential from it
    /// need new letters; the command says how many.
    WithdrawIssuerKey {
        /// The key id (16 hex digits), as the trust list and `rotate-issuer-key` show it.
        kid: String,
    },
    /// Make a new admin key and print it (keys are stored hashed and cannot be shown again). It
    /// works for 90 days unless `--days` says otherwise; the admin area warns two weeks before.
    CreateAdminKey {
        /// The person or office the key is for; the audit log names its actions by it.
        #[arg(long, default_value = "admin")]
        label: String,
        /// How many days the key works (1–366).
        #[arg(long, default_value_t = crate::auth::ADMIN_KEY_DAYS,
              value_parser = clap::value_parser!(u32).range(1..=366))]
        days: u32,
    },
    /// List the admin keys: id, who they are for, when made, and until when they work.
    ListAdminKeys,
    /// Print, as JSON, everything held about one card (a family's request for insight, GDPR
    /// art. 15): the card, its codes and phone keys, its visits in open years, its audit lines.
    ShowCard {
        /// The card id (16 hexadecimal digits).
        id: String,
    },
    /// Erase one card on the family's request (GDPR art. 17): it is revoked, its name, birth
    /// year, language, codes and phone keys are deleted, and its visits stay for the statistics
    /// under a pseudonym that links to nothing.
    EraseCard {
        /// The card id (16 hexadecimal digits).
        id: String,
    },
    /// Copy everything from a SQLite database (the file in a data directory) into the empty
    /// PostgreSQL database `--database-url` names, in one transaction, checking every table's
    /// row count before it commits. The SQLite file is first brought to this server's schema, as
    /// a start would; it is not changed otherwise. Keep the data directory's `keys` for the new
    /// instances.
    MigrateToPostgres {
        /// The SQLite file (`<data-dir>/aktivitetskortet.sqlite3`).
        #[arg(long)]
        from: PathBuf,
    },
    /// Write a backup to FILE while the server runs: a consistent copy of the SQLite database and
    /// the key files (on PostgreSQL, the key files only: dump the database with `pg_dump`). FILE
    /// must not exist; it appears only when complete.
    Backup {
        /// Where the backup goes (e.g. `aktivitetskortet-2026-12-06.tar.gz`, `.age` if encrypted).
        file: PathBuf,
        /// Encrypt to this age public key (`age1…`, from `backup-keygen` or `age-keygen`).
        #[arg(long, env = "AK_BACKUP_RECIPIENT")]
        encrypt_to: Option<String>,
    },
    /// Restore a backup into the empty `--data-dir` (a server from an older version's backup
    /// migrates it at start; a newer version's is refused).
    Restore {
        /// The backup file.
        file: PathBuf,
        /// The age identity file that decrypts an encrypted backup.
        #[arg(long)]
        identity: Option<PathBuf>,
    },
    /// Make an age key pair for encrypted backups: the secret identity into `--out` (keep it
    /// away from the backups), the public key printed for `backup --encrypt-to`.
    BackupKeygen {
        #[arg(long)]
        out: PathBuf,
    },
    /// Revoke an admin key at once (its id from `list-admin-keys`).
    RevokeAdminKey {
        /// The key's id.
        id: i64,
    },
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[test]
    fn defaults_are_loopback_and_local_folders() {
        let c = Config::try_parse_from(["aktivitetskortet-server"]).unwrap();
        assert_eq!(c.bind, "127.0.0.1:8080".parse().unwrap());
        assert_eq!(c.data_dir, PathBuf::from("./data"));
        assert_eq!(c.web_dir, PathBuf::from("./dist/web"));
        assert!(!c.log_json);
        assert!(!c.demo && c.command.is_none() && c.public_url.is_none());
        assert_eq!(c.activations_per_address, 10);
    }

    #[test]
    fn subcommands_parse() {
        let c = Config::try_parse_from(["s", "--data-dir", "/x", "rotate-issuer-key"]).unwrap();
        assert!(matches!(c.command, Some(Command::RotateIssuerKey)));
        let c =
            Config::try_parse_from(["s", "create-admin-key", "--label", "kulturetaten"]).unwrap();
        assert!(
            matches!(c.command, Some(Command::CreateAdminKey { label, days: 90 }) if label == "kulturetaten")
        );
        assert!(Config::try_parse_from(["s", "launch-rockets"]).is_err());
    }

    #[test]
    fn flags_override_defaults_and_bad_addresses_are_refused() {
        let c = Config::try_parse_from(["s", "--bind", "127.0.0.1:9999", "--data-dir", "/tmp/x"])
            .unwrap();
        assert_eq!(c.bind.port(), 9999);
        assert_eq!(c.data_dir, PathBuf::from("/tmp/x"));
        let err = Config::try_parse_from(["s", "--bind", "not-an-address"]).unwrap_err();
        assert!(err.to_string().contains("not-an-address"), "{err}");
    }

    #[test]
    fn the_database_is_sqlite_in_the_data_directory_unless_a_postgres_url_is_given() {
        let c = Config::try_parse_from(["s", "--data-dir", "/d"]).unwrap();
        assert!(
            matches!(c.database(), crate::store::Location::Sqlite(p) if p == PathBuf::from("/d").join(crate::store::FILE_NAME))
        );
        for url in [
            "postgres://ak@db.example:5433/ak",
            "host=/run/pg user=ak dbname=ak",
        ] {
            let c = Config::try_parse_from(["s", "--database-url", url]).unwrap();
            assert!(matches!(c.database(), crate::store::Location::Postgres(u) if u == url));
        }
        for bad in [
            "mysql://x/y",
            "./data.sqlite3",
            "postgres://ak@db:notaport/ak",
        ] {
            let err = Config::try_parse_from(["s", "--database-url", bad]).unwrap_err();
            assert!(err.to_string().contains("database-url"), "{bad}: {err}");
        }
    }
}
