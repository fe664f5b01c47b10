//! The `recovery-directory` command line.

use std::io::BufRead;

use anyhow::{Context, bail};
use chrono_tz::Tz;
use clap::{Args, Parser, Subcommand};
use recovery_domain::{Actor, Programs, Role};
use recovery_store::Store;

use crate::auth::password::{MIN_PASSWORD_LEN, hash_password};
use crate::config::{DEFAULT_BIND, DEFAULT_DATABASE_URL, ServerSettings, Settings, mask_url};

/// 12-step meetings and recovery agencies, in one directory.
#[derive(Debug, Parser)]
#[command(name = "recovery-directory", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the HTTP API.
    Serve(ServeArgs),
    /// Apply pending database migrations and exit.
    Migrate(CommonArgs),
    /// Manage staff users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Print the OpenAPI document.
    Openapi,
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Add a staff user.
    Add(UserAddArgs),
}

/// Settings every database-opening subcommand takes.
#[derive(Debug, Args)]
struct CommonArgs {
    /// Database URL: `sqlite://PATH` (created if missing) or `postgres://…`.
    #[arg(long = "database", env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL)]
    database: String,
    /// Time zone for meetings written without one (IANA name).
    #[arg(long, env = "RD_DEFAULT_TIMEZONE", default_value = "America/New_York")]
    default_timezone: String,
    /// Program for meetings written without one.
    #[arg(long, env = "RD_DEFAULT_PROGRAM", default_value = "aa")]
    default_program: String,
}

impl CommonArgs {
    fn settings(&self) -> anyhow::Result<Settings> {
        let default_timezone: Tz = self
            .default_timezone
            .parse()
            .map_err(|_| anyhow::anyhow!("unknown time zone `{}`", self.default_timezone))?;
        if Programs::builtin().get(&self.default_program).is_none() {
            bail!("unknown program `{}`", self.default_program);
        }
        Ok(Settings {
            database_url: self.database.clone(),
            default_timezone,
            default_program: self.default_program.clone(),
        })
    }
}

#[derive(Debug, Args)]
struct ServeArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// Address to listen on.
    #[arg(long, env = "RD_BIND", default_value = DEFAULT_BIND)]
    bind: String,
    /// Load demo data when the database has no meetings.
    #[arg(long)]
    demo: bool,
    /// The public base URL of this directory, for links in feeds (default: http://BIND).
    #[arg(long, env = "RD_PUBLIC_URL")]
    public_url: Option<String>,
    /// How often to pick up writes made by other processes, in milliseconds.
    #[arg(long, env = "RD_FOLLOW_INTERVAL_MS", default_value_t = 1000)]
    follow_interval_ms: u64,
}

#[derive(Debug, Args)]
struct UserAddArgs {
    #[command(flatten)]
    common: CommonArgs,
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

/// Parses the command line and runs it.
pub fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Serve(args) => serve(args),
        Command::Migrate(args) => {
            let settings = args.settings()?;
            let applied = Store::migrate(&settings.database_url)
                .with_context(|| format!("migrating {}", mask_url(&settings.database_url)))?;
            println!("{} migration(s) applied to {}", applied.len(), mask_url(&settings.database_url));
            for name in applied {
                println!("  {name}");
            }
            Ok(())
        }
        Command::User { command: UserCommand::Add(args) } => user_add(args),
        Command::Openapi => {
            print!("{}", crate::openapi::document());
            Ok(())
        }
    }
}

fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let common = args.common.settings()?;
    let postgres = common.database_url.starts_with("postgres");
    let jwt_secret = match std::env::var("RD_JWT_SECRET") {
        Ok(secret) if secret.len() >= 32 => secret.into_bytes(),
        Ok(_) => bail!("RD_JWT_SECRET must be at least 32 bytes"),
        Err(_) if postgres => {
            bail!("RD_JWT_SECRET is required with PostgreSQL: replicas must share one signing key")
        }
        Err(_) => {
            tracing::warn!("RD_JWT_SECRET is not set: using a random signing key; tokens end with this process");
            let bytes: [u8; 32] = rand::random();
            bytes.to_vec()
        }
    };
    let settings = ServerSettings {
        public_url: args.public_url.unwrap_or_else(|| format!("http://{}", args.bind)),
        common,
        bind: args.bind,
        demo: args.demo,
        jwt_secret,
        follow_interval_ms: args.follow_interval_ms,
    };
    actix_web::rt::System::new().block_on(crate::server::serve(settings))
}

fn user_add(args: UserAddArgs) -> anyhow::Result<()> {
    let settings = args.common.settings()?;
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
