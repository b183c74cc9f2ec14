//! The binary's commands besides serving: keys, admin keys, a family's data, backups, moving
//! to PostgreSQL. Each says what it did on stdout; none starts the HTTP server.

use crate::store::{self, Database};
use crate::{ApiError, AppState, Clock, Command, Config, audit, auth, backup, family};

/// Runs `command`. Backups, restores and the move to PostgreSQL work on the files or databases
/// they name without opening the server's own state first (which would migrate it).
pub(crate) fn run(config: &Config, command: &Command) -> anyhow::Result<()> {
    match command {
        Command::MigrateToPostgres { from } => migrate_to_postgres(config, from),
        Command::Backup { file, encrypt_to } => run_backup(config, file, encrypt_to.as_deref()),
        Command::Restore { file, identity } => run_restore(config, file, identity.as_deref()),
        Command::BackupKeygen { out } => {
            let public = backup::keygen(out)?;
            println!(
                "The backup identity (secret) is in {}; keep it apart from the backups.",
                out.display()
            );
            println!("Its public key, for `backup --encrypt-to`: {public}");
            Ok(())
        }
        _ => with_state(config, command),
    }
}

/// The commands that work on the server's own state, opened (and migrated) as a start would.
fn with_state(config: &Config, command: &Command) -> anyhow::Result<()> {
    let state = AppState::open(config)?;
    match command {
        Command::RotateIssuerKey => {
            let now = state.clock.now();
            let kid = state.db.blocking(|c| state.keys.rotate(c, now))?;
            println!("New issuer key {kid} signs new credentials from now on.");
            Ok(())
        }
        Command::RotateListKey => {
            let (old, new) = state.rotate_list_key()?;
            println!("New list key {new} signs the trust and revocation lists from now on.");
            println!(
                "Venue devices set up with {old} move over at their next list sync: the old key signs an announcement of the new one. Apps built with list keys need {new} in their next release."
            );
            Ok(())
        }
        Command::WithdrawIssuerKey { kid } => {
            let now = state.clock.now();
            let (replacement, cards) = state.db.blocking(|c| state.keys.withdraw(c, kid, now))?;
            println!("Issuer key {kid} is withdrawn: the next trust list leaves it out.");
            if let Some(new) = replacement {
                println!("New issuer key {new} signs new credentials from now on.");
            }
            println!(
                "{cards} card(s) hold a credential from it that has not expired: their phones cannot refresh; issue them new letters (reissue)."
            );
            Ok(())
        }
        Command::CreateAdminKey { label, days } => {
            println!(
                "Admin key for {label}, working for {days} days, shown once: {}",
                state.create_admin_key_for(label, *days)?
            );
            Ok(())
        }
        Command::ListAdminKeys => {
            let now = state.clock.now();
            for key in state.db.blocking(auth::admin_keys)? {
                let status = match key.revoked_at {
                    Some(_) => "revoked".to_owned(),
                    None if key.expires_at <= now => "expired".to_owned(),
                    None => format!(
                        "works until {}",
                        aktivitetskortet_core::calendar::bergen_date(key.expires_at)
                    ),
                };
                println!(
                    "{:>5}  {}  made {}  {status}",
                    key.id,
                    key.label,
                    aktivitetskortet_core::calendar::bergen_date(key.created_at)
                );
            }
            Ok(())
        }
        Command::ShowCard { id } => {
            let now = state.clock.now();
            let data = state.db.blocking(|c| {
                let data = family::data(c, id)?;
                audit::record(c, None, audit::Action::CardData, id, now)?;
                Ok::<_, ApiError>(data)
            })?;
            println!("{}", serde_json::to_string_pretty(&data)?);
            Ok(())
        }
        Command::EraseCard { id } => {
            let now = state.clock.now();
            let erased = state
                .db
                .blocking(|c| family::erase(c, &state.keys, id, None, now))?;
            println!(
                "Card {id} is erased: revoked, its name, birth year, language, {} code(s) and {} phone key(s) deleted; {} visit(s) kept for the statistics under a pseudonym that links to nothing.",
                erased.activation_codes, erased.credentials, erased.visits_unlinked
            );
            Ok(())
        }
        Command::RevokeAdminKey { id } => {
            let now = state.clock.now();
            let found = state.db.blocking(|c| {
                let mut tx = c.transaction()?;
                let found = auth::revoke_admin_key(&mut tx, *id, now)?;
                if found {
                    audit::record(
                        &mut tx,
                        None,
                        audit::Action::AdminKeyRevoke,
                        &id.to_string(),
                        now,
                    )?;
                }
                tx.commit()?;
                Ok::<_, anyhow::Error>(found)
            })?;
            anyhow::ensure!(
                found,
                "there is no admin key {id}; `list-admin-keys` shows them"
            );
            println!("Admin key {id} is revoked: it opens nothing from now on.");
            Ok(())
        }
        Command::MigrateToPostgres { .. }
        | Command::Backup { .. }
        | Command::Restore { .. }
        | Command::BackupKeygen { .. } => unreachable!("`run` handles these without the state"),
    }
}

/// `backup FILE`: the database (SQLite) and the key files, while the server may be running.
fn run_backup(
    config: &Config,
    file: &std::path::Path,
    recipient: Option<&str>,
) -> anyhow::Result<()> {
    let sqlite = config
        .database_url
        .is_none()
        .then(|| config.data_dir.join(store::FILE_NAME));
    let now = Clock::System.now();
    let made = backup::backup(&config.data_dir, sqlite.as_deref(), file, recipient, now)?;
    println!(
        "Backup in {} ({} bytes{}): {}{} key file(s).",
        file.display(),
        made.bytes,
        if made.encrypted { ", encrypted" } else { "" },
        if made.database {
            "the database and "
        } else {
            ""
        },
        made.keys
    );
    if !made.database {
        println!("The database is PostgreSQL's: back it up with pg_dump (docs/deployment.md).");
    }
    if config.issuer_key.is_some() {
        println!("The --issuer-key file is not in the backup: keep a copy of it yourself.");
    }
    Ok(())
}

/// `restore FILE`: into the empty data directory.
fn run_restore(
    config: &Config,
    file: &std::path::Path,
    identity: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let restored = backup::restore(file, &config.data_dir, identity)?;
    println!(
        "Restored into {}: {}{} key file(s), from a backup made {} by server {}.",
        config.data_dir.display(),
        if restored.database {
            "the database and "
        } else {
            ""
        },
        restored.keys,
        aktivitetskortet_core::calendar::bergen_date(restored.created_at),
        restored.server_version
    );
    if restored.database && config.database_url.is_some() {
        println!(
            "The database restored is SQLite's, in the data directory; to move it to PostgreSQL, run migrate-to-postgres --from {}.",
            config.data_dir.join(store::FILE_NAME).display()
        );
    }
    if !restored.database {
        println!("Restore the PostgreSQL database with pg_restore (docs/deployment.md).");
    }
    Ok(())
}

/// `migrate-to-postgres`: the SQLite file's rows into the empty PostgreSQL database.
fn migrate_to_postgres(config: &Config, from: &std::path::Path) -> anyhow::Result<()> {
    let Some(url) = &config.database_url else {
        anyhow::bail!(
            "migrate-to-postgres needs the target: --database-url postgres://… (or AK_DATABASE_URL)"
        );
    };
    anyhow::ensure!(
        from.is_file(),
        "there is no SQLite database at {}",
        from.display()
    );
    let source = Database::open(from)?;
    let target = Database::open_at(&store::Location::Postgres(url.clone()), 2)?;
    let copied = store::copy::sqlite_to_postgres(&source, &target)?;
    for (table, rows) in &copied {
        println!("{table:>18}  {rows} rows");
    }
    println!(
        "Copied into {}. Start the server with the same --database-url and the keys of {}'s data directory.",
        store::Location::Postgres(url.clone()).describe(),
        from.display()
    );
    Ok(())
}
