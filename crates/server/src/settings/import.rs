//! The settings of reading sources, which both `serve` (staff syncs, the scheduler) and
//! `import KIND` take: fetching and geocoding.

use clap::{ArgMatches, Args};
use recovery_import::fetch::{FetchPolicy, Fetcher};
use recovery_import::geocode::Geocoder;
use recovery_import::sync::Importer;
use recovery_store::Store;

use super::file::FileConfig;
use super::layering::Row;
use super::{fetch, geocoder};

/// The fetch and geocoder flags, in the order `--help` lists them.
#[derive(Debug, Clone, Args)]
pub struct ImportFlags {
    #[command(flatten)]
    fetch: fetch::Flags,
    #[command(flatten)]
    geocoder: geocoder::Flags,
}

/// The fetch and geocoder settings after layering.
#[derive(Debug, Clone)]
pub struct Import {
    /// Fetching.
    pub fetch: fetch::Layered,
    /// Geocoding.
    pub geocoder: geocoder::Layered,
}

impl Import {
    /// Layers `flags` (whose command's matches are `matches`) over `file`.
    pub fn layer(flags: &ImportFlags, matches: &ArgMatches, file: &FileConfig) -> Import {
        Import {
            fetch: fetch::Layered::layer(&flags.fetch, matches, &file.fetch),
            geocoder: geocoder::Layered::layer(&flags.geocoder, matches, &file.geocoder),
        }
    }

    /// Names what is wrong.
    pub fn check(&self, problems: &mut Vec<String>) {
        self.fetch.check(problems);
        self.geocoder.check(problems);
    }

    /// The `config check` lines.
    pub fn rows(&self, rows: &mut Vec<Row>) {
        self.fetch.rows(rows);
        self.geocoder.rows(rows);
    }

    /// The settings (call once [`Import::check`] found nothing).
    pub fn settings(&self) -> ImportSettings {
        ImportSettings { fetch: self.fetch.policy(), geocoder: self.geocoder.geocoder() }
    }
}

/// How sources are fetched and their addresses geocoded, shared by the server and the
/// command-line importer (which fetches with any address allowed).
#[derive(Debug, Clone)]
pub struct ImportSettings {
    /// The server's fetch policy (addresses, size cap, timeout).
    pub fetch: FetchPolicy,
    /// The geocoder.
    pub geocoder: Geocoder,
}

impl Default for ImportSettings {
    fn default() -> Self {
        ImportSettings { fetch: FetchPolicy::public_only(), geocoder: Geocoder::None }
    }
}

impl ImportSettings {
    /// An importer on `store` under these settings.
    pub fn importer(&self, store: Store) -> Importer {
        Importer { store, fetcher: Fetcher::new(self.fetch.clone()), geocoder: self.geocoder.clone() }
    }
}
