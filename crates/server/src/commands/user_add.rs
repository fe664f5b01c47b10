//! `recovery-directory user add`: adds a staff user, reading the password from standard input
//! so that it never shows in a process list or a shell history.

use std::io::BufRead;

use anyhow::{Context, bail};
use clap::{ArgMatches, Args};
use recovery_app::accounts::password::{MIN_PASSWORD_LEN, hash_password};
use recovery_domain::{Actor, Role};
use recovery_store::Store;

use crate::settings::common::{Common, CommonFlags};
use crate::settings::file::FileConfig;

/// The flags of `user add`.
#[derive(Debug, Args)]
pub struct UserAddArgs {
    #[command(flatten)]
    common: CommonFlags,
    /// Sign-in email.
    #[arg(long)]
    email: String,
    /// Role: admin, editor or viewer.
    #[arg(long, value_parser = ["admin", "editor", "viewer"])]
    role: String,
    /// Read the password from the first line of standard input.
    #[arg(long, required = true)]
    password_stdin: bool,
}

/// Checks the email and password, then adds the user and says so.
pub fn run(args: &UserAddArgs, matches: &ArgMatches, file: &FileConfig) -> anyhow::Result<()> {
    let layered = Common::layer(&args.common, matches, file);
    layered.init_logging();
    let settings = layered.settings()?;
    let role = Role::parse(&args.role).context("role must be admin, editor or viewer")?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).context("reading the password from standard input")?;
    let password = line.strip_suffix('\n').unwrap_or(&line);
    let password = password.strip_suffix('\r').unwrap_or(password);
    if password.chars().count() < MIN_PASSWORD_LEN {
        bail!("the password must be at least {MIN_PASSWORD_LEN} characters");
    }
    let email = args.email.trim();
    if !recovery_domain::validation::is_plausible_email(email) {
        bail!("`{email}` is not an email address");
    }
    let hash = hash_password(password).map_err(|e| anyhow::anyhow!("hashing the password: {e}"))?;
    let store = Store::open(&settings.database_url).context("opening the database")?;
    let user = store
        .create_user(email, &hash, role, &Actor::System("cli".into()))
        .with_context(|| format!("adding user {email}"))?;
    println!("added {} {} ({})", user.role.as_str(), user.email, user.id);
    Ok(())
}
