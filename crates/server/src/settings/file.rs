//! The optional TOML configuration file (`--config FILE` or `RD_CONFIG`). Every key is
//! optional and named like its flag, with underscores. Each group reads its own keys
//! ([`FileSection`]); this module reads the file and hands every key to the group that owns it,
//! refusing any other key, so a typo is an error rather than a setting silently ignored.

use std::fmt;
use std::path::Path;
use std::sync::LazyLock;

use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::layering::FileSection;
use super::{
    bind, cors, database, defaults, fetch, geocoder, jwt, logging, pages, public_url, rate_limits, replicas, reports,
    sync,
};

/// Writes [`FileConfig`] from its groups, in the order the error for an unknown key lists
/// their keys.
macro_rules! file_config {
    ($($group:ident),+ $(,)?) => {
        /// The configuration file as read: each group's keys.
        #[derive(Debug, Clone, Default)]
        pub struct FileConfig {
            $(
                #[doc = concat!("The keys of `settings::", stringify!($group), "`.")]
                pub $group: $group::FileValues,
            )+
        }

        /// Every key, in order.
        static KEYS: LazyLock<Vec<&'static str>> =
            LazyLock::new(|| [$(<$group::FileValues as FileSection>::KEYS),+].concat());

        impl FileConfig {
            /// Hands `key`'s value to the group that owns it.
            fn read<'de, D: Deserializer<'de>>(&mut self, key: &str, value: D) -> Result<(), D::Error> {
                $(
                    if <$group::FileValues as FileSection>::KEYS.contains(&key) {
                        return self.$group.read(key, value);
                    }
                )+
                Ok(())
            }
        }
    };
}

file_config!(
    database,
    bind,
    public_url,
    defaults,
    replicas,
    jwt,
    logging,
    rate_limits,
    cors,
    reports,
    pages,
    fetch,
    geocoder,
    sync,
);

impl FileConfig {
    /// Reads and parses a configuration file.
    pub fn load(path: &Path) -> anyhow::Result<FileConfig> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("reading the config file {}: {e}", path.display()))?;
        toml::from_str(&text).map_err(|e| anyhow::anyhow!("in the config file {}: {e}", path.display()))
    }
}

// Read like a struct serde derives with `deny_unknown_fields`, so that errors (and the place
// the TOML parser points at) read as they always have: the key is checked while it is read,
// and a value is read by its group while the parser still knows where it stands.
impl<'de> Deserialize<'de> for FileConfig {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_struct("FileConfig", &KEYS, FileVisitor)
    }
}

/// Reads the top-level table.
struct FileVisitor;

impl<'de> Visitor<'de> for FileVisitor {
    type Value = FileConfig;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("struct FileConfig")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FileConfig, A::Error> {
        let mut file = FileConfig::default();
        while let Some(key) = map.next_key_seed(Key)? {
            map.next_value_seed(Value { file: &mut file, key })?;
        }
        Ok(file)
    }
}

/// A key, known or refused.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = &'static str;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<&'static str, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for Key {
    type Value = &'static str;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field identifier")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<&'static str, E> {
        KEYS.iter().find(|known| **known == key).copied().ok_or_else(|| E::unknown_field(key, &KEYS))
    }
}

/// The value of `key`, read into its group.
struct Value<'a> {
    file: &'a mut FileConfig,
    key: &'static str,
}

impl<'de> DeserializeSeed<'de> for Value<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.file.read(self.key, deserializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_reach_their_groups() {
        let file: FileConfig = toml::from_str(
            "bind = \"0.0.0.0:8080\"\nlog_format = \"json\"\ncors_allowed_origins = \"https://a.org, \"",
        )
        .unwrap();
        assert_eq!(file.bind.bind.as_deref(), Some("0.0.0.0:8080"));
        assert_eq!(file.logging.log_format, Some(logging::LogFormat::Json));
        assert_eq!(file.cors.cors_allowed_origins, Some(vec!["https://a.org".to_string()]));
        assert_eq!(file.database.database_url, None);
    }

    #[test]
    fn config_files_reject_unknown_keys() {
        let err = toml::from_str::<FileConfig>("bnid = \"x\"").unwrap_err().to_string();
        assert!(err.contains("unknown field `bnid`, expected one of `database_url`, `bind`"), "{err}");
        assert!(err.ends_with("`sync_tick_secs`\n"), "{err}");
    }

    #[test]
    fn every_key_belongs_to_one_group() {
        let mut keys = KEYS.clone();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), KEYS.len(), "a key owned twice: {:?}", *KEYS);
    }
}
