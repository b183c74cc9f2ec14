//! Reusable pieces of the app's screens.

mod shell;

pub use shell::Shell;
