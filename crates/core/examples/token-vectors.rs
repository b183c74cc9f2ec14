//! Writes the token test vectors to `crates/core/tests/vectors/` (or the folder given) and the
//! signed-list vectors beside them in `list-vectors/`:
//! `cargo run -p aktivitetskortet-core --example token-vectors`.
//!
//! The vectors are frozen: `cargo test` fails when the code would write anything else. Run this
//! only for a deliberate format change, which also needs a new prefix (KA2:).

#[path = "../tests/support/list_vectors.rs"]
mod list_vectors;
#[path = "../tests/support/vectors.rs"]
mod vectors;

use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let dir = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors"));
    std::fs::create_dir_all(&dir)?;
    for (case, _) in vectors::CASES {
        let path = dir.join(vectors::file_name(case));
        std::fs::write(&path, vectors::render(case))?;
        println!("{}", path.display());
    }
    let lists = dir.with_file_name("list-vectors");
    std::fs::create_dir_all(&lists)?;
    for (case, _, _) in list_vectors::CASES {
        let path = lists.join(list_vectors::file_name(case));
        std::fs::write(&path, list_vectors::render(case))?;
        println!("{}", path.display());
    }
    Ok(())
}
