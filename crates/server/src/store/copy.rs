//! `migrate-to-postgres`: every row of a SQLite database copied into an empty PostgreSQL one, in
//! one transaction, with the row counts checked before it commits.

use std::collections::BTreeMap;

use super::{Conn, Database, DbError, Engine, ToValue};
use crate::params;

/// Every table, parents before the tables that reference them.
const TABLES: &[&str] = &[
    "server_meta",
    "providers",
    "offers",
    "offer_images",
    "issuer_keys",
    "list_keys",
    "cards",
    "activation_codes",
    "credentials",
    "signed_lists",
    "admin_keys",
    "venue_keys",
    "pseudonym_keys",
    "visits",
    "limit_refusals",
    "category_rules",
    "audit_log",
    "sign_ins",
    "staff_sessions",
];

#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    #[error("the target must be a PostgreSQL database (--database-url postgres://…)")]
    NotPostgres,
    #[error(
        "the target database already holds data ({table} has {rows} rows): copy only into an empty database"
    )]
    NotEmpty { table: String, rows: i64 },
    #[error("the schema has a table this command does not know ({0}); this is a bug")]
    UnknownTable(String),
    #[error("{table}: {copied} rows arrived of {expected}; nothing was kept")]
    Count {
        table: String,
        copied: i64,
        expected: i64,
    },
    #[error(transparent)]
    Db(#[from] DbError),
}

/// Copies everything from `from` (SQLite, brought to this server's schema first) into `to`
/// (PostgreSQL, migrated to the same schema, empty). Returns the rows copied per table.
pub fn sqlite_to_postgres(
    from: &Database,
    to: &Database,
) -> Result<BTreeMap<String, i64>, CopyError> {
    if to.engine() != Engine::Postgres {
        return Err(CopyError::NotPostgres);
    }
    let columns = from.blocking(super::schema_columns)?;
    let mut by_table: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for column in columns {
        let (table, name) = column.split_once('.').unwrap_or((&column, ""));
        by_table
            .entry(table.to_owned())
            .or_default()
            .push(name.to_owned());
    }
    if let Some(unknown) = by_table.keys().find(|t| !TABLES.contains(&t.as_str())) {
        return Err(CopyError::UnknownTable(unknown.clone()));
    }
    from.blocking(|source| {
        to.blocking(|target| {
            let mut tx = target.transaction()?;
            for table in TABLES.iter().filter(|t| **t != "server_meta") {
                let rows = count(&mut tx, table)?;
                if rows > 0 {
                    return Err(CopyError::NotEmpty {
                        table: (*table).to_owned(),
                        rows,
                    });
                }
            }
            // The target's own first-start rows (its creation time, version 0) give way.
            tx.execute("DELETE FROM server_meta", params![])?;
            let mut copied = BTreeMap::new();
            for table in TABLES {
                let names = &by_table[*table];
                // The identity column: a table's `INTEGER PRIMARY KEY` (SQLite's rowid by its
                // own name), or the `rowid` PostgreSQL gets for SQLite's implicit one, which is
                // copied too, so the order rows were made in stays.
                let key: String = tx.query_one(
                    "SELECT CAST(column_name AS TEXT) FROM information_schema.columns
                     WHERE table_schema = current_schema() AND table_name = ?1
                       AND is_identity = 'YES'",
                    params![*table],
                    |r| r.get(0),
                )?;
                let mut list = names.join(", ");
                if key == "rowid" {
                    list = format!("rowid, {list}");
                }
                let placeholders: Vec<String> = (1..=list.split(", ").count())
                    .map(|i| format!("?{i}"))
                    .collect();
                let insert = format!(
                    "INSERT INTO {table} ({list}) VALUES ({})",
                    placeholders.join(", ")
                );
                let rows = source.rows(&format!("SELECT {list} FROM {table}"), params![])?;
                for row in &rows {
                    let values: Vec<&dyn ToValue> =
                        row.values().iter().map(|v| v as &dyn ToValue).collect();
                    tx.execute(&insert, &values)?;
                }
                let expected = count(source, table)?;
                let arrived = count(&mut tx, table)?;
                if arrived != expected || arrived != rows.len() as i64 {
                    return Err(CopyError::Count {
                        table: (*table).to_owned(),
                        copied: arrived,
                        expected,
                    });
                }
                // New rows number on from the copied ones.
                tx.query_one(
                    &format!(
                        "SELECT CAST(setval(pg_get_serial_sequence('{table}', '{key}'),
                                COALESCE(MAX({key}), 0) + 1, false) AS BIGINT) FROM {table}"
                    ),
                    params![],
                    |r| r.get::<i64>(0),
                )?;
                copied.insert((*table).to_owned(), arrived);
            }
            tx.commit()?;
            Ok(copied)
        })
    })
}

fn count(conn: &mut Conn, table: &str) -> Result<i64, DbError> {
    conn.query_one(&format!("SELECT COUNT(*) FROM {table}"), params![], |r| {
        r.get(0)
    })
}
