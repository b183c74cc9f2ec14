//! The data inventory (`docs/privacy.md`) names every column of the server's schema, so a column
//! added without a stated purpose and retention fails here.

use aktivitetskortet_server::Database;

#[test]
fn every_column_of_the_schema_is_in_the_data_inventory() {
    let inventory = include_str!("../../../docs/privacy.md");
    let dir = tempfile::tempdir().unwrap();
    let db = Database::open(&dir.path().join("inventory.sqlite3")).unwrap();
    let columns: Vec<String> = db
        .blocking(|c| {
            let mut stmt = c.prepare(
                "SELECT t.name || '.' || p.name FROM sqlite_schema t, pragma_table_info(t.name) p
                 WHERE t.type = 'table' AND t.name NOT LIKE 'sqlite_%' ORDER BY 1",
            )?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<Vec<String>>>()
        })
        .unwrap();
    assert!(columns.len() > 60, "{columns:?}");
    let missing: Vec<&String> = columns
        .iter()
        .filter(|c| !inventory.contains(&format!("`{c}`")))
        .collect();
    assert!(missing.is_empty(), "not in docs/privacy.md: {missing:?}");
}
