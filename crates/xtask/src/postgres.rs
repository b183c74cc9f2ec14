//! A throwaway PostgreSQL cluster for the tests: Debian's server, `initdb` into a temporary folder,
//! started on a Unix socket in that folder (no TCP port to collide with), stopped and removed when
//! dropped. The server suite runs once on it and the browser journeys run on it.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::system::{self, Need};

/// Debian's PostgreSQL server and its client (`psql`).
pub const POSTGRES: Need = Need {
    packages: &["postgresql"],
    files: &["/usr/lib/postgresql", "psql"],
    why: "the second database engine: the server's tests and the browser journeys run on it",
};

/// The user `initdb` runs as when this runs as root (PostgreSQL refuses to run as root); Debian's
/// package makes it.
const SYSTEM_USER: &str = "postgres";
/// The cluster's superuser, which the tests connect as (trust authentication on the socket).
const USER: &str = "ak";
const PORT: u16 = 5432;

pub struct Cluster {
    dir: PathBuf,
    bin: PathBuf,
    as_root: bool,
}

impl Cluster {
    /// Installs PostgreSQL when missing and starts a new cluster for tests: durability off.
    pub fn start() -> Result<Cluster> {
        Self::start_with(false)
    }

    /// A cluster as one is deployed: every commit flushed to disk, for benchmarks.
    pub fn start_durable() -> Result<Cluster> {
        Self::start_with(true)
    }

    fn start_with(durable: bool) -> Result<Cluster> {
        system::ensure(&[&POSTGRES])?;
        let bin = server_bin_dir()?;
        let dir = std::env::temp_dir().join(format!("ak-postgres-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir_all(&dir)?;
        let as_root = is_root();
        if as_root {
            run(Command::new("chown").arg(SYSTEM_USER).arg(&dir))?;
        }
        let cluster = Cluster { dir, bin, as_root };
        println!(
            "xtask: a throwaway PostgreSQL cluster in {}",
            cluster.dir.display()
        );
        let data = cluster.dir.join("data");
        run(cluster
            .command("initdb")
            .arg("-D")
            .arg(&data)
            .args(["-U", USER, "--auth=trust", "--encoding=UTF8", "--no-locale"])
            .arg("--no-sync"))?;
        // Sockets only, in its own folder; enough connections for the suite's parallel tests,
        // each with its database. For tests durability is off: the cluster lives for one run.
        let mut options = format!(
            "-k {} -p {PORT} -c listen_addresses='' -c max_connections=400",
            cluster.dir.display()
        );
        if !durable {
            options.push_str(" -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
        }
        run(cluster
            .command("pg_ctl")
            .arg("-D")
            .arg(&data)
            .arg("-l")
            .arg(cluster.dir.join("log"))
            .args(["-o", &options, "-w", "start"]))?;
        Ok(cluster)
    }

    /// The connection settings without a database name (the tests add one each).
    pub fn settings(&self) -> String {
        format!("host={} port={PORT} user={USER}", self.dir.display())
    }

    /// The server's tools (`pg_dump`, `pg_restore`), of the same version as the cluster.
    pub fn bin_dir(&self) -> &Path {
        &self.bin
    }

    /// Makes database `name` and returns its connection string.
    pub fn create_database(&self, name: &str) -> Result<String> {
        run(Command::new("psql")
            .arg(format!("{} dbname=postgres", self.settings()))
            .args(["-q", "-v", "ON_ERROR_STOP=1", "-c"])
            .arg(format!("CREATE DATABASE {name}")))?;
        Ok(format!("{} dbname={name}", self.settings()))
    }

    fn command(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        if self.as_root {
            let mut cmd = Command::new("runuser");
            cmd.args(["-u", SYSTEM_USER, "--"]).arg(path);
            cmd
        } else {
            Command::new(path)
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let stopped = self
            .command("pg_ctl")
            .arg("-D")
            .arg(self.dir.join("data"))
            .args(["-m", "fast", "-w", "stop"])
            .status();
        if !stopped.is_ok_and(|s| s.success()) {
            eprintln!(
                "xtask: could not stop the PostgreSQL cluster in {}",
                self.dir.display()
            );
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The newest installed server's `bin` folder (`/usr/lib/postgresql/<version>/bin`).
fn server_bin_dir() -> Result<PathBuf> {
    let root = Path::new("/usr/lib/postgresql");
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir(root)
        .with_context(|| format!("could not read {}", root.display()))?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").is_file().then_some((version, bin))
        })
        .collect();
    versions.sort();
    match versions.pop() {
        Some((_, bin)) => Ok(bin),
        None => bail!(
            "no PostgreSQL server under {}: apt-get install postgresql",
            root.display()
        ),
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn run(cmd: &mut Command) -> Result<()> {
    let shown = format!("{cmd:?}");
    let out = cmd
        .output()
        .with_context(|| format!("could not start {shown}"))?;
    if !out.status.success() {
        bail!(
            "{shown} failed: {}\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `cargo xtask test` installs PostgreSQL before `cargo test`; this runs the cluster the
    /// server's suite then runs on: it starts, makes a database one can use, and goes away.
    #[test]
    fn a_cluster_starts_makes_a_database_and_is_removed() {
        let cluster = Cluster::start().unwrap();
        let url = cluster.create_database("xtask_check").unwrap();
        let out = Command::new("psql")
            .arg(&url)
            .args(["-At", "-c", "SELECT current_database()"])
            .output()
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "xtask_check");
        assert!(cluster.create_database("xtask_check").is_err(), "twice");
        let dir = cluster.dir.clone();
        drop(cluster);
        assert!(!dir.exists());
    }
}
