//! The pseudonym a visit is stored under: a keyed hash of the card id with one key per calendar
//! year, so a year's visits can be counted per child and, once the key is deleted, linked to none.
//!
//! While a year is open its key sits in `pseudonym_keys` beside the cards, so someone holding
//! the whole database could still recompute a card's pseudonym for that year. Closing the year
//! (the retention job, after the last upload that year's visits can arrive in) sets the key to
//! NULL: from then on the year's visits are counts of anonymous holders. The row stays, so a
//! closed year never gets a second key (which would count one child twice).

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::store::{self, Conn};

/// Bytes of the HMAC kept: 128 bits, far from collisions among a city's children.
pub const LEN: usize = 16;

/// A card's pseudonym for `year`, making the year's key on first use. `None` once the year is
/// closed: a visit of that year can no longer be stored.
pub fn of(conn: &mut Conn, card_id: &str, year: i32, now: u64) -> anyhow::Result<Option<Vec<u8>>> {
    let Some(key) = key(conn, year, now)? else {
        return Ok(None);
    };
    Ok(Some(with_key(&key, card_id)))
}

/// The pseudonym under a given key: the first [`LEN`] bytes of HMAC-SHA-256 of the card id.
pub fn with_key(key: &[u8], card_id: &str) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(card_id.as_bytes());
    mac.finalize().into_bytes()[..LEN].to_vec()
}

/// The year's key, made now if the year has none yet; `None` when the year is closed.
fn key(conn: &mut Conn, year: i32, now: u64) -> anyhow::Result<Option<Vec<u8>>> {
    if let Some(key) = store::visits::pseudonym_key(conn, year)? {
        return Ok(key);
    }
    let key = crate::secrets::random_bytes::<32>()?;
    store::visits::add_pseudonym_key(conn, year, &key, now)?;
    // Read back: another server instance may have made the year's key first.
    Ok(store::visits::pseudonym_key(conn, year)?.flatten())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params;

    fn conn() -> crate::store::Conn {
        let mut c = crate::store::Conn::in_memory();
        c.batch(
            "CREATE TABLE pseudonym_keys (year INTEGER PRIMARY KEY, key BLOB, created_at INTEGER NOT NULL, closed_at INTEGER)",
        )
        .unwrap();
        c
    }

    #[test]
    fn one_pseudonym_per_card_and_year_and_none_once_closed() {
        let mut c = conn();
        let a = of(&mut c, "00000000000000aa", 2026, 1).unwrap().unwrap();
        assert_eq!(a.len(), LEN);
        assert_eq!(of(&mut c, "00000000000000aa", 2026, 2).unwrap().unwrap(), a);
        assert_ne!(of(&mut c, "00000000000000bb", 2026, 2).unwrap().unwrap(), a);
        assert_ne!(of(&mut c, "00000000000000aa", 2027, 2).unwrap().unwrap(), a);
        // Closing a year (the retention job) deletes its key.
        c.execute(
            "UPDATE pseudonym_keys SET key = NULL WHERE year = 2026",
            params![],
        )
        .unwrap();
        assert_eq!(of(&mut c, "00000000000000aa", 2026, 4).unwrap(), None);
        // A closed year gets no new key; an open one keeps its own.
        assert!(of(&mut c, "00000000000000aa", 2027, 4).unwrap().is_some());
    }

    #[test]
    fn golden_vector() {
        // HMAC-SHA-256 is fixed by RFC 2104; this pins the input (the card id's hex text) and
        // the truncation, which the stored visits depend on.
        assert_eq!(
            with_key(&[0x0b; 32], "00000000000000aa")
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>(),
            // python3 -c "import hmac; print(hmac.new(b'\x0b'*32, b'00000000000000aa', 'sha256').hexdigest()[:32])"
            "555317fe173b31bf7a4a7208aee9133f"
        );
    }
}
