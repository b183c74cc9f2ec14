//! The data inventory (`docs/privacy.md`) names every column of the server's schema, so a column
//! added without a stated purpose and retention fails here.

use aktivitetskortet_server::store::schema_columns;

use crate::util;

#[test]
fn every_column_of_the_schema_is_in_the_data_inventory() {
    let inventory = include_str!("../../../docs/privacy.md");
    let fixture = util::Fixture::new();
    let db = fixture.state().db;
    let columns = db.blocking(schema_columns).unwrap();
    assert!(columns.len() > 60, "{columns:?}");
    let missing: Vec<&String> = columns
        .iter()
        .filter(|c| !inventory.contains(&format!("`{c}`")))
        .collect();
    assert!(missing.is_empty(), "not in docs/privacy.md: {missing:?}");
}
