//! Cards and what hangs off them: activation codes (stored hashed) and the credentials issued to
//! phones (the public key only).

use aktivitetskortet_core::calendar::Date;
use aktivitetskortet_core::token::CompanionRule;

use super::{Conn, DbError, DbResult, Row};
use crate::params;

/// The columns `CardRow::from_row` reads, in its order.
const CARD_COLUMNS: &str =
    "id, given_name, birth_year, companion, valid_from, valid_until, language,
     revoked_at, demo, EXISTS (SELECT 1 FROM credentials WHERE card_id = cards.id), erased_at";

/// Card `id`, erased or not.
pub(crate) fn card(conn: &mut Conn, id: &str) -> DbResult<Option<CardRow>> {
    conn.query_opt(
        &format!("SELECT {CARD_COLUMNS} FROM cards WHERE id = ?1"),
        params![id],
        CardRow::from_row,
    )
}

/// A card as stored; `cards.rs` says what it means (its summary, its claims, its period).
pub(crate) struct CardRow {
    pub(crate) id: String,
    pub(crate) given_name: String,
    pub(crate) birth_year: u16,
    pub(crate) companion: CompanionRule,
    pub(crate) valid_from: Date,
    pub(crate) valid_until: Date,
    pub(crate) language: String,
    pub(crate) revoked: bool,
    pub(crate) demo: bool,
    pub(crate) activated: bool,
    /// Erased on the family's request (family.rs): only the revocation list still needs it.
    pub(crate) erased: bool,
}

impl CardRow {
    fn from_row(r: &Row) -> DbResult<CardRow> {
        let date = |i: usize| -> DbResult<Date> {
            r.get::<String>(i)?.parse().map_err(
                |e: aktivitetskortet_core::calendar::CalendarError| {
                    DbError::Other(anyhow::anyhow!("column {i}: {e}"))
                },
            )
        };
        Ok(CardRow {
            id: r.get(0)?,
            given_name: r.get(1)?,
            birth_year: r.get(2)?,
            companion: CompanionRule::from_code(r.get::<i64>(3)? as u64)
                .unwrap_or(CompanionRule::None),
            valid_from: date(4)?,
            valid_until: date(5)?,
            language: r.get(6)?,
            revoked: r.get::<Option<i64>>(7)?.is_some(),
            demo: r.get(8)?,
            activated: r.get(9)?,
            erased: r.get::<Option<i64>>(10)?.is_some(),
        })
    }
}

/// Every card not erased, newest first.
pub(crate) fn cards(conn: &mut Conn) -> DbResult<Vec<CardRow>> {
    conn.query_map(
        &format!(
            "SELECT {CARD_COLUMNS} FROM cards WHERE erased_at IS NULL ORDER BY created_at DESC, id"
        ),
        params![],
        CardRow::from_row,
    )
}

/// What a new card holds (checked by the caller).
pub(crate) struct NewCard<'a> {
    pub(crate) id: &'a str,
    pub(crate) given_name: &'a str,
    pub(crate) birth_year: u16,
    pub(crate) companion: CompanionRule,
    pub(crate) valid_from: Date,
    pub(crate) valid_until: Date,
    pub(crate) language: &'a str,
    pub(crate) demo: bool,
}

pub(crate) fn insert_card(conn: &mut Conn, card: &NewCard<'_>, now: u64) -> DbResult<()> {
    conn.execute(
        "INSERT INTO cards (id, given_name, birth_year, companion, valid_from, valid_until, language, created_at, demo)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            card.id,
            card.given_name,
            card.birth_year,
            card.companion.code(),
            card.valid_from.to_string(),
            card.valid_until.to_string(),
            card.language,
            now,
            card.demo
        ],
    )?;
    Ok(())
}

/// Claims an unused, unexpired code in one statement (of two activations at once, on one server
/// or two, only one finds it unused) and returns its card.
/// The ids of the cards not erased: the limit list looks for the cards behind pseudonyms among
/// them.
pub(crate) fn live_card_ids(conn: &mut Conn) -> DbResult<Vec<String>> {
    conn.query_map(
        "SELECT id FROM cards WHERE erased_at IS NULL",
        params![],
        |r| r.get(0),
    )
}

/// How many cards there are and the newest one's time: when it changes, cards came or went.
pub(crate) fn cards_signature(conn: &mut Conn) -> DbResult<(i64, i64)> {
    conn.query_one(
        "SELECT COUNT(*), COALESCE(MAX(created_at), 0) FROM cards WHERE erased_at IS NULL",
        params![],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

pub(crate) fn claim_code(conn: &mut Conn, code_hash: &str, now: u64) -> DbResult<Option<String>> {
    conn.query_opt(
        "UPDATE activation_codes SET used_at = ?2
         WHERE code_hash = ?1 AND used_at IS NULL AND expires_at > ?2
         RETURNING card_id",
        params![code_hash, now],
        |r| r.get(0),
    )
}

/// A new code for the card; its earlier unused codes stop working.
pub(crate) fn replace_codes(
    conn: &mut Conn,
    card_id: &str,
    code_hash: &str,
    expires: u64,
    now: u64,
) -> DbResult<()> {
    conn.execute(
        "UPDATE activation_codes SET used_at = ?2 WHERE card_id = ?1 AND used_at IS NULL",
        params![card_id, now],
    )?;
    conn.execute(
        "INSERT INTO activation_codes (code_hash, card_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
        params![code_hash, card_id, now, expires],
    )?;
    Ok(())
}

/// When the card's code with this hash expires, if it is one of the card's.
pub(crate) fn code_expiry(
    conn: &mut Conn,
    code_hash: &str,
    card_id: &str,
) -> DbResult<Option<u64>> {
    conn.query_opt(
        "SELECT expires_at FROM activation_codes WHERE code_hash = ?1 AND card_id = ?2",
        params![code_hash, card_id],
        |r| r.get(0),
    )
}

/// Revokes every credential of the card issued before `before` (later ones stay valid).
pub(crate) fn revoke_credentials_before(
    conn: &mut Conn,
    card_id: &str,
    before: u64,
) -> DbResult<()> {
    conn.execute(
        "UPDATE cards SET revoked_before =
             CASE WHEN revoked_before > ?2 THEN revoked_before ELSE ?2 END
         WHERE id = ?1",
        params![card_id, before],
    )?;
    Ok(())
}

/// Revokes the card at `now`: every credential issued until now, and every unused code.
pub(crate) fn revoke_card(conn: &mut Conn, card_id: &str, now: u64) -> DbResult<()> {
    conn.execute(
        "UPDATE cards SET revoked_at = COALESCE(revoked_at, ?2) WHERE id = ?1",
        params![card_id, now],
    )?;
    revoke_credentials_before(conn, card_id, now + 1)?;
    conn.execute(
        "UPDATE activation_codes SET used_at = ?2 WHERE card_id = ?1 AND used_at IS NULL",
        params![card_id, now],
    )?;
    Ok(())
}

/// Records a credential issued for a phone key (its public key only).
pub(crate) fn record_credential(
    conn: &mut Conn,
    card_id: &str,
    kid: &str,
    device_key: &[u8],
    issued_at: u64,
    expires_at: u64,
) -> DbResult<()> {
    conn.execute(
        "INSERT INTO credentials (card_id, kid, device_key, issued_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![card_id, kid, device_key, issued_at, expires_at],
    )?;
    Ok(())
}

/// The phone key of the card's newest credential.
pub(crate) fn current_device_key(conn: &mut Conn, card_id: &str) -> DbResult<Option<Vec<u8>>> {
    conn.query_opt(
        "SELECT device_key FROM credentials WHERE card_id = ?1
         ORDER BY issued_at DESC, rowid DESC LIMIT 1",
        params![card_id],
        |r| r.get(0),
    )
}

/// What checking a visit needs of its card (not erased): valid from and until, revoked at,
/// companion rule, birth year.
pub(crate) struct CheckinCard {
    pub(crate) valid_from: String,
    pub(crate) valid_until: String,
    pub(crate) revoked_at: Option<u64>,
    pub(crate) companion: CompanionRule,
    pub(crate) birth_year: u16,
}

pub(crate) fn checkin_card(conn: &mut Conn, card_id: &str) -> DbResult<Option<CheckinCard>> {
    conn.query_opt(
        "SELECT valid_from, valid_until, revoked_at, companion, birth_year FROM cards
         WHERE id = ?1 AND erased_at IS NULL",
        params![card_id],
        |r| {
            Ok(CheckinCard {
                valid_from: r.get(0)?,
                valid_until: r.get(1)?,
                revoked_at: r.get(2)?,
                companion: CompanionRule::from_code(r.get(3)?).unwrap_or(CompanionRule::None),
                birth_year: r.get(4)?,
            })
        },
    )
}

/// A card's codes as a family's insight lists them: made, expires, used.
pub(crate) fn codes_of(conn: &mut Conn, card_id: &str) -> DbResult<Vec<(u64, u64, Option<u64>)>> {
    conn.query_map(
        "SELECT created_at, expires_at, used_at FROM activation_codes WHERE card_id = ?1
         ORDER BY created_at",
        params![card_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}

/// A credential as stored: key id, phone key (public), issued, expires.
pub(crate) struct CredentialRow {
    pub(crate) kid: String,
    pub(crate) device_key: Vec<u8>,
    pub(crate) issued_at: u64,
    pub(crate) expires_at: u64,
}

/// A card's credentials, oldest first.
pub(crate) fn credentials_of(conn: &mut Conn, card_id: &str) -> DbResult<Vec<CredentialRow>> {
    conn.query_map(
        "SELECT kid, device_key, issued_at, expires_at FROM credentials WHERE card_id = ?1
         ORDER BY issued_at, rowid",
        params![card_id],
        |r| {
            Ok(CredentialRow {
                kid: r.get(0)?,
                device_key: r.get(1)?,
                issued_at: r.get(2)?,
                expires_at: r.get(3)?,
            })
        },
    )
}

/// When the card was made and revoked.
pub(crate) fn card_times(conn: &mut Conn, card_id: &str) -> DbResult<(u64, Option<u64>)> {
    conn.query_one(
        "SELECT created_at, revoked_at FROM cards WHERE id = ?1",
        params![card_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// Erases a card's personal data (its codes, its phone keys, its name, birth year and language);
/// the row stays for the revocation list. Returns how many codes and credentials went.
pub(crate) fn erase_card(conn: &mut Conn, card_id: &str, now: u64) -> DbResult<(u64, u64)> {
    let codes = conn.execute(
        "DELETE FROM activation_codes WHERE card_id = ?1",
        params![card_id],
    )?;
    let credentials = conn.execute(
        "DELETE FROM credentials WHERE card_id = ?1",
        params![card_id],
    )?;
    conn.execute(
        "UPDATE cards SET given_name = '', birth_year = 0, language = '', erased_at = ?2
         WHERE id = ?1",
        params![card_id, now],
    )?;
    Ok((codes as u64, credentials as u64))
}

/// The newest unrevoked demo card named `name`: its id and last valid day.
pub(crate) fn demo_card(conn: &mut Conn, name: &str) -> DbResult<Option<(String, String)>> {
    conn.query_opt(
        "SELECT id, valid_until FROM cards WHERE demo = 1 AND given_name = ?1 AND revoked_at IS NULL
         ORDER BY created_at DESC LIMIT 1",
        params![name],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}
