//! The data inventory (`docs/privacy.md`) names every column the app stores on a phone or a
//! venue device, so a column added without a stated purpose and retention fails here.

use aktivitetskortet_client::store::Store;

#[test]
fn every_column_on_the_phone_is_in_the_data_inventory() {
    let inventory = include_str!("../../../docs/privacy.md");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("phone.sqlite");
    drop(Store::open(&path).unwrap());
    let mut columns = Vec::new();
    for file in [path.clone(), dir.path().join("phone-catalogue.sqlite")] {
        let conn = rusqlite::Connection::open(&file).unwrap();
        let mut stmt = conn
            .prepare(
                "SELECT t.name, p.name FROM sqlite_schema t, pragma_table_info(t.name) p
                 WHERE t.type = 'table' AND t.name NOT LIKE 'sqlite_%' ORDER BY 1, 2",
            )
            .unwrap();
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .unwrap();
        for row in rows {
            let (table, column) = row.unwrap();
            // The full-text index and its shadow tables are named as one.
            if table.starts_with("offers_fts") {
                assert!(inventory.contains("`offers_fts`"));
                continue;
            }
            columns.push(format!("{table}.{column}"));
        }
    }
    assert!(columns.len() > 40, "{columns:?}");
    let missing: Vec<&String> = columns
        .iter()
        .filter(|c| !inventory.contains(&format!("`{c}`")))
        .collect();
    assert!(missing.is_empty(), "not in docs/privacy.md: {missing:?}");
}
