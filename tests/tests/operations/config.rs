//! `config check` and the layering of flags, environment and the TOML file; `serve` listening
//! where its file says.

use std::path::Path;
use std::process::Output;
use std::time::Duration;

use recovery_e2e::app::JWT_SECRET;
use recovery_e2e::binary;
use recovery_e2e::process::ServerProcess;

use super::*;

/// Runs `recovery-directory config check ARGS` in `dir` with only `env` set.
async fn config_check(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = binary::async_command();
    command.current_dir(dir).args(["config", "check"]).args(args);
    for (key, value) in env {
        command.env(key, value);
    }
    tokio::time::timeout(Duration::from_secs(30), command.output()).await.expect("config check within 30 s").unwrap()
}

fn printed(output: &Output) -> String {
    format!(
        "{}\nstdout: {}\nstderr: {}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// The value and source `config check` printed for `key` (`key = value  (source)`).
fn setting(output: &Output, key: &str) -> (String, String) {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout
        .lines()
        .find(|l| l.split_whitespace().next() == Some(key))
        .unwrap_or_else(|| panic!("no `{key}` in {}", printed(output)));
    let (_, rest) = line.split_once('=').unwrap_or_else(|| panic!("no `=` in `{line}`"));
    let (value, source) = rest.trim().rsplit_once("  (").unwrap_or_else(|| panic!("no source in `{line}`"));
    (value.trim().to_string(), source.trim_end_matches(')').to_string())
}

#[tokio::test]
async fn config_check_passes_with_no_configuration_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let output = config_check(dir.path(), &[], &[]).await;
    assert!(output.status.success(), "{}", printed(&output));
    assert!(String::from_utf8_lossy(&output.stdout).contains("configuration ok"), "{}", printed(&output));
    assert_eq!(setting(&output, "bind"), ("127.0.0.1:8080".into(), "default".into()));
    assert_eq!(setting(&output, "database_url"), ("sqlite://data/recovery-directory.db".into(), "default".into()));
    assert_eq!(setting(&output, "default_timezone"), ("America/New_York".into(), "default".into()));
}

#[tokio::test]
async fn config_check_layers_flag_over_environment_over_file_over_default() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("rd.toml");
    std::fs::write(&file, "bind = \"127.0.0.1:7001\"\ndefault_timezone = \"Europe/Dublin\"\n").unwrap();
    let file = file.to_str().unwrap();
    let from = |value: &str, source: &str| (value.to_string(), source.to_string());

    let output = config_check(dir.path(), &[], &[]).await;
    assert_eq!(setting(&output, "bind"), from("127.0.0.1:8080", "default"));

    let output = config_check(dir.path(), &["--config", file], &[]).await;
    assert!(output.status.success(), "{}", printed(&output));
    assert_eq!(setting(&output, "bind"), from("127.0.0.1:7001", "config file"));
    assert_eq!(setting(&output, "default_timezone"), from("Europe/Dublin", "config file"));

    let output = config_check(dir.path(), &[], &[("RD_CONFIG", file)]).await;
    assert_eq!(setting(&output, "bind"), from("127.0.0.1:7001", "config file"), "RD_CONFIG names the file");

    let env = [("RD_CONFIG", file), ("RD_BIND", "127.0.0.1:7002")];
    let output = config_check(dir.path(), &[], &env).await;
    assert_eq!(setting(&output, "bind"), from("127.0.0.1:7002", "environment"));
    assert_eq!(setting(&output, "default_timezone"), from("Europe/Dublin", "config file"));

    let output = config_check(dir.path(), &["--bind", "127.0.0.1:7003"], &env).await;
    assert!(output.status.success(), "{}", printed(&output));
    assert_eq!(setting(&output, "bind"), from("127.0.0.1:7003", "flag"));
}

#[tokio::test]
async fn config_check_masks_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let secret = "a-signing-key-of-forty-bytes-0123456789x";
    for url in ["postgres://u:hunter2@127.0.0.1/db", "postgresql://u:hunter2@127.0.0.1:5433/db"] {
        let output = config_check(dir.path(), &[], &[("DATABASE_URL", url), ("RD_JWT_SECRET", secret)]).await;
        assert!(output.status.success(), "{}", printed(&output));
        let (value, source) = setting(&output, "database_url");
        assert!(value.contains("://u:***@127.0.0.1"), "{value}");
        assert_eq!(source, "environment");
        assert_eq!(setting(&output, "jwt_secret").1, "environment");
        for hidden in ["hunter2", secret] {
            assert!(!printed(&output).contains(hidden), "`{hidden}` printed: {}", printed(&output));
        }
    }

    // From the file, too.
    let file = dir.path().join("secrets.toml");
    std::fs::write(&file, format!("database_url = \"postgres://u:hunter2@db/rd\"\njwt_secret = \"{secret}\"\n"))
        .unwrap();
    let output = config_check(dir.path(), &["--config", file.to_str().unwrap()], &[]).await;
    assert!(output.status.success(), "{}", printed(&output));
    assert_eq!(setting(&output, "jwt_secret").1, "config file");
    for hidden in ["hunter2", secret] {
        assert!(!printed(&output).contains(hidden), "`{hidden}` printed: {}", printed(&output));
    }

    // Nor is a refused secret printed.
    let short = "thirty-one-bytes-of-secret-text";
    assert_eq!(short.len(), 31);
    let output = config_check(dir.path(), &[], &[("RD_JWT_SECRET", short)]).await;
    assert!(!output.status.success(), "{}", printed(&output));
    assert!(!printed(&output).contains(short), "{}", printed(&output));
}

#[tokio::test]
async fn config_check_masks_a_password_given_as_a_url_parameter() {
    let dir = tempfile::tempdir().unwrap();
    let env = [("DATABASE_URL", "postgres://u@127.0.0.1/db?password=hunter2"), ("RD_JWT_SECRET", JWT_SECRET)];
    let output = config_check(dir.path(), &[], &env).await;
    assert!(output.status.success(), "{}", printed(&output));
    assert!(!printed(&output).contains("hunter2"), "{}", printed(&output));
}

/// A configuration `config check` must refuse, and what its message must name.
struct Refused<'a> {
    what: &'a str,
    args: &'a [&'a str],
    env: &'a [(&'a str, &'a str)],
    names: &'a [&'a str],
}

#[tokio::test]
async fn config_check_names_each_problem() {
    let dir = tempfile::tempdir().unwrap();
    let unknown_key = dir.path().join("unknown-key.toml");
    std::fs::write(&unknown_key, "bind = \"127.0.0.1:8080\"\nbnid = \"127.0.0.1:8081\"\n").unwrap();
    let bad_zone = dir.path().join("bad-zone.toml");
    std::fs::write(&bad_zone, "default_timezone = \"Europe/Atlantis\"\n").unwrap();
    let pg = "postgres://u:pw@127.0.0.1/db";
    let (zone_file, key_file) = (bad_zone.to_str().unwrap(), unknown_key.to_str().unwrap());
    let cases = [
        Refused {
            what: "PostgreSQL without a secret",
            args: &[],
            env: &[("DATABASE_URL", pg)],
            names: &["RD_JWT_SECRET"],
        },
        Refused {
            what: "a secret under 32 bytes",
            args: &[],
            env: &[("RD_JWT_SECRET", "thirty-one-bytes-of-secret-text")],
            names: &["RD_JWT_SECRET", "32"],
        },
        Refused {
            what: "a short secret on PostgreSQL",
            args: &[],
            env: &[("DATABASE_URL", pg), ("RD_JWT_SECRET", "short")],
            names: &["RD_JWT_SECRET", "32"],
        },
        Refused {
            what: "an unknown time zone",
            args: &[],
            env: &[("RD_DEFAULT_TIMEZONE", "Mars/Olympus")],
            names: &["Mars/Olympus"],
        },
        Refused {
            what: "an unknown time zone in the file",
            args: &["--config", zone_file],
            env: &[],
            names: &["Europe/Atlantis"],
        },
        Refused { what: "an unknown key in the file", args: &["--config", key_file], env: &[], names: &["bnid"] },
        Refused {
            what: "an unparsable bind address",
            args: &["--bind", "not-an-address"],
            env: &[],
            names: &["bind", "not-an-address"],
        },
        Refused { what: "a port out of range", args: &[], env: &[("RD_BIND", "127.0.0.1:99999")], names: &["bind"] },
    ];
    for Refused { what, args, env, names } in cases {
        let output = config_check(dir.path(), args, env).await;
        assert!(!output.status.success(), "{what} was accepted: {}", printed(&output));
        let stderr = String::from_utf8_lossy(&output.stderr);
        for name in names {
            assert!(stderr.contains(name), "{what}: the error does not name `{name}`: {}", printed(&output));
        }
        assert!(!String::from_utf8_lossy(&output.stdout).contains("configuration ok"), "{what}: {}", printed(&output));
    }

    // The shortest accepted secret.
    let output = config_check(dir.path(), &[], &[("DATABASE_URL", pg), ("RD_JWT_SECRET", &"k".repeat(32))]).await;
    assert!(output.status.success(), "a 32-byte secret: {}", printed(&output));
}

#[tokio::test]
async fn serve_listens_where_its_config_file_says() {
    bounded(async {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("rd.toml");
        let server = ServerProcess::start(dir.path(), |bind, command| {
            std::fs::write(&file, format!("bind = \"{bind}\"\ndatabase_url = \"sqlite://from-file.db\"\n")).unwrap();
            command.args(["serve", "--config", file.to_str().unwrap()]).env("RD_LOG", "warn");
        })
        .await;
        // Started means /healthz answered on the file's address; the file's database is used.
        assert!(dir.path().join("from-file.db").is_file(), "{}", server.output());
        assert!(!dir.path().join("data").exists(), "the default database was opened");
    })
    .await;
}
