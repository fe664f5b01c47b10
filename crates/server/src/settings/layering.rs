//! What every settings group shares: where a value came from, the layering itself (a flag beats
//! its environment variable, both read by clap, which beat the configuration file, which beats
//! the built-in default), a `config check` line, and `settings_group!`, which declares a
//! group's settings once.

use std::fmt;

use clap::ArgMatches;
use clap::parser::ValueSource;
use serde::{Deserialize, Deserializer};

/// Where a setting's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A command-line flag.
    Flag,
    /// An environment variable.
    Env,
    /// The TOML configuration file.
    File,
    /// The built-in default.
    Default,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Source::Flag => "flag",
            Source::Env => "environment",
            Source::File => "config file",
            Source::Default => "default",
        })
    }
}

/// A setting's value and where it came from.
#[derive(Debug, Clone)]
pub struct Setting<T> {
    /// Its key in the configuration file, which also names it in `config check`.
    pub key: &'static str,
    /// The value in force.
    pub value: T,
    /// Where it came from.
    pub source: Source,
}

impl<T> Setting<T> {
    /// Its `config check` line, showing the value as `shown` (masked, or explained).
    pub fn row(&self, shown: impl Into<String>) -> Row {
        Row { key: self.key, shown: shown.into(), source: self.source }
    }
}

impl<T: fmt::Display> Setting<T> {
    /// Its `config check` line, showing the value as it is.
    pub fn plain_row(&self) -> Row {
        self.row(self.value.to_string())
    }
}

/// One line of `config check`: `key = value  (source)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    key: &'static str,
    shown: String,
    source: Source,
}

impl fmt::Display for Row {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:<20} = {}  ({})", self.key, self.shown, self.source)
    }
}

/// Picks a value by precedence: flag or environment (as clap saw it), then the file, then the
/// default clap filled in. `key` is the clap id of the flag, which is also the file key.
pub fn layer<T>(matches: &ArgMatches, key: &'static str, flag: T, file: Option<T>) -> Setting<T> {
    let (value, source) = match matches.value_source(key) {
        Some(ValueSource::CommandLine) => (flag, Source::Flag),
        Some(ValueSource::EnvVariable) => (flag, Source::Env),
        _ => match file {
            Some(value) => (value, Source::File),
            None => (flag, Source::Default),
        },
    };
    Setting { key, value, source }
}

/// Fails with every problem found, one per line, each naming its setting.
pub fn ensure_valid(problems: Vec<String>) -> anyhow::Result<()> {
    if !problems.is_empty() {
        anyhow::bail!("invalid configuration:\n  {}", problems.join("\n  "));
    }
    Ok(())
}

/// A group's part of the configuration file: the keys it owns, and how it reads their values.
pub trait FileSection: Default {
    /// The keys, in the order the file's error messages list them.
    const KEYS: &'static [&'static str];

    /// Reads the value of `key`, one of [`FileSection::KEYS`].
    fn read<'de, D: Deserializer<'de>>(&mut self, key: &str, value: D) -> Result<(), D::Error>;
}

/// A flag's value trimmed (the file's is taken as written).
pub fn trimmed(value: String) -> String {
    value.trim().to_string()
}

/// A flag's optional value trimmed, nothing when blank.
pub fn trimmed_some(value: Option<String>) -> Option<String> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string)
}

/// A flag's comma list, each item trimmed, blank items dropped.
pub fn trimmed_list(values: Vec<String>) -> Vec<String> {
    values.iter().map(|v| v.trim().to_string()).filter(|v| !v.is_empty()).collect()
}

/// A list in the file: `["https://a.org", …]` or `"https://a.org,https://b.org"`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum OriginList {
    /// A TOML array.
    List(Vec<String>),
    /// A comma list, as in the environment variable.
    Comma(String),
}

/// Reads a list from the file (a TOML array or one comma list), items trimmed, blank items
/// dropped.
pub fn file_list<'de, D: Deserializer<'de>>(value: D) -> Result<Vec<String>, D::Error> {
    // The enum's name shows in the file's error message; it is kept from before groups.
    let list = OriginList::deserialize(value)?;
    let items: Vec<&str> = match &list {
        OriginList::List(list) => list.iter().map(String::as_str).collect(),
        OriginList::Comma(text) => text.split(',').collect(),
    };
    Ok(items.into_iter().map(str::trim).filter(|o| !o.is_empty()).map(str::to_string).collect())
}

/// Declares a group's settings once, each with its doc (the `--help` text), its clap attribute
/// (flag, environment variable, default) and its name (the clap id, the file key and the
/// `config check` key). It writes, in the calling module:
///
/// - `Flags`, the clap `Args` to flatten into a command;
/// - `FileValues`, the group's keys in the configuration file ([`FileSection`]);
/// - `Layered`, every setting as a [`Setting`], and `Layered::layer`, which layers them.
///
/// The group's file then adds its checks, its `config check` rows and what the rest of the
/// binary needs, as methods on `Layered`. Two optional attributes after `#[arg(…)]`:
/// `#[flag_value(f)]` cleans the value from a flag or variable (the file's is taken as
/// written), `#[file_value(f)]` reads the value from the file (default: serde).
macro_rules! settings_group {
    (@read $value:ident) => { serde::Deserialize::deserialize($value)? };
    (@read $value:ident, $read:path) => { $read($value)? };
    (@flag $flag:expr) => { $flag };
    (@flag $flag:expr, $clean:path) => { $clean($flag) };
    ($(
        $(#[doc = $doc:literal])+
        #[arg($($arg:tt)*)]
        $(#[flag_value($clean:path)])?
        $(#[file_value($read:path)])?
        $field:ident: $ty:ty,
    )+) => {
        /// This group's flags and their environment variables, as clap parses them.
        #[derive(Debug, Clone, clap::Args)]
        // Every group's struct is called `Flags`, and clap would name an argument group after
        // each; nothing uses those groups, and their names would clash.
        #[group(skip)]
        pub struct Flags {
            $( $(#[doc = $doc])+ #[arg($($arg)*)] pub $field: $ty, )+
        }

        /// This group's keys in the configuration file, as read (`None` when absent).
        #[derive(Debug, Clone, Default)]
        pub struct FileValues {
            $( $(#[doc = $doc])+ pub $field: Option<$ty>, )+
        }

        impl $crate::settings::layering::FileSection for FileValues {
            const KEYS: &'static [&'static str] = &[$(stringify!($field)),+];

            fn read<'de, D: serde::Deserializer<'de>>(&mut self, key: &str, value: D) -> Result<(), D::Error> {
                $( if key == stringify!($field) {
                    self.$field = Some($crate::settings::layering::settings_group!(@read value $(, $read)?));
                } else )+ {}
                Ok(())
            }
        }

        /// This group's settings after layering, each with where it came from.
        #[derive(Debug, Clone)]
        pub struct Layered {
            $( $(#[doc = $doc])+ pub $field: $crate::settings::layering::Setting<$ty>, )+
        }

        impl Layered {
            /// Layers the flags and variables (as clap saw them) over the file, over the defaults.
            pub fn layer(flags: &Flags, matches: &clap::ArgMatches, file: &FileValues) -> Layered {
                Layered {
                    $( $field: $crate::settings::layering::layer(
                        matches,
                        stringify!($field),
                        $crate::settings::layering::settings_group!(@flag flags.$field.clone() $(, $clean)?),
                        file.$field.clone(),
                    ), )+
                }
            }
        }
    };
}
pub(crate) use settings_group;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_line_up_and_name_their_source() {
        let setting = Setting { key: "bind", value: "127.0.0.1:8080", source: Source::Default };
        assert_eq!(setting.plain_row().to_string(), "bind                 = 127.0.0.1:8080  (default)");
        let long = Setting { key: "report_email_retention_days", value: 30, source: Source::Env };
        assert_eq!(long.plain_row().to_string(), "report_email_retention_days = 30  (environment)");
    }

    #[test]
    fn file_lists_are_arrays_or_comma_lists() {
        let read = |text: &str| file_list(toml::Value::String(text.into())).unwrap();
        assert_eq!(read("https://a.org, http://b.org:8080"), ["https://a.org", "http://b.org:8080"]);
        let array = toml::Value::Array(vec!["https://a.org".into(), " ".into()]);
        assert_eq!(file_list(array).unwrap(), ["https://a.org"]);
        assert!(file_list(toml::Value::Integer(5)).is_err());
    }
}
