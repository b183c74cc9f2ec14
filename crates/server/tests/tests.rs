//! The server's integration tests: one binary, one module per area (see util.rs for helpers).

mod live;
mod routing;
mod util;
