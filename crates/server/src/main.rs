//! The `aktivitetskortet-server` binary: parses the configuration and runs the server until Ctrl-C.

use aktivitetskortet_server::Config;
use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = Config::parse();
    aktivitetskortet_server::init_tracing(config.log_json);
    aktivitetskortet_server::run(config).await
}
