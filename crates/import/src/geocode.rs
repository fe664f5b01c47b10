//! Turning addresses into coordinates: a Nominatim-compatible HTTP provider (at most one
//! request a second, answers cached in the database), or `none`, the default, which never
//! touches the network.
//!
//! The store blocks, so its cache is read and written on blocking threads. "Nothing found" is
//! cached too: a feed re-run every hour must not ask the provider about the same unknown
//! address every hour.

mod nominatim;

use std::time::{Duration, Instant};

use chrono::Utc;
use recovery_store::{CachedGeocode, Store};
use tokio::sync::Mutex;

use crate::fetch::FetchPolicy;

/// The public Nominatim server; its usage policy asks for at most one request a second and
/// a user agent that names the application.
pub const NOMINATIM_PUBLIC: &str = "https://nominatim.openstreetmap.org/";

/// Where an address is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geocoded {
    /// Latitude.
    pub latitude: f64,
    /// Longitude.
    pub longitude: f64,
    /// True when only the town (or something coarser) matched: the listing is `approximate`.
    pub approximate: bool,
}

/// Why an address could not be looked up (the run goes on; the listing is flagged).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("geocoding failed: {0}")]
pub struct GeocodeError(pub String);

/// Settings of the Nominatim provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NominatimSettings {
    /// Base URL (`https://nominatim.openstreetmap.org/`); `search` is appended.
    pub base_url: String,
    /// The user agent (Nominatim's policy requires one naming the application and a contact).
    pub user_agent: String,
}

/// The configured geocoder.
#[derive(Debug, Clone, Default)]
pub enum Geocoder {
    /// No geocoding: listings without coordinates stay so, and are flagged.
    #[default]
    None,
    /// A Nominatim-compatible server.
    Nominatim(NominatimSettings),
}

impl Geocoder {
    /// True for `none`.
    pub fn is_none(&self) -> bool {
        matches!(self, Geocoder::None)
    }

    /// Where `address` is: from the cache in `store` when asked before, else from the
    /// provider (at most one request a second per process) and then cached when `remember`.
    /// `Ok(None)` when nothing matched, or for `none`.
    pub async fn geocode(
        &self,
        store: &Store,
        address: &str,
        remember: bool,
    ) -> Result<Option<Geocoded>, GeocodeError> {
        let Geocoder::Nominatim(settings) = self else { return Ok(None) };
        let query = normalize(address);
        if query.is_empty() {
            return Ok(None);
        }
        if let Some(cached) = blocking(store, {
            let query = query.clone();
            move |s| s.cached_geocode(&query)
        })
        .await?
        {
            return Ok(cached.point.map(|(latitude, longitude)| Geocoded {
                latitude,
                longitude,
                approximate: cached.approximate,
            }));
        }
        wait_turn().await;
        let found = nominatim::search(settings, &collapse(address)).await?;
        let answer = CachedGeocode {
            point: found.map(|g| (g.latitude, g.longitude)),
            approximate: found.is_some_and(|g| g.approximate),
            fetched_at: Utc::now(),
        };
        if !remember {
            return Ok(found);
        }
        if let Err(e) = blocking(store, move |s| s.cache_geocode(&query, &answer)).await {
            // The answer is still good; only the next run will ask again.
            tracing::warn!(error = %e, "could not cache a geocoder answer");
        }
        Ok(found)
    }
}

/// The provider is asked at most once a second per process (Nominatim's usage policy).
const SPACING: Duration = Duration::from_secs(1);

/// When this process last asked the provider.
static LAST_REQUEST: Mutex<Option<Instant>> = Mutex::const_new(None);

/// Waits until a request may go out, and books it.
async fn wait_turn() {
    let mut last = LAST_REQUEST.lock().await;
    if let Some(at) = *last {
        let ready = at + SPACING;
        tokio::time::sleep_until(ready.into()).await;
    }
    *last = Some(Instant::now());
}

/// The cache key: trimmed, whitespace collapsed, lowercased.
pub fn normalize(address: &str) -> String {
    collapse(address).to_lowercase()
}

/// `address` with runs of whitespace made one space and the ends trimmed.
fn collapse(address: &str) -> String {
    address.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Runs a store call on a blocking thread.
async fn blocking<T: Send + 'static>(
    store: &Store,
    call: impl FnOnce(&Store) -> Result<T, recovery_store::StoreError> + Send + 'static,
) -> Result<T, GeocodeError> {
    let store = store.clone();
    match tokio::task::spawn_blocking(move || call(&store)).await {
        Ok(result) => result.map_err(|e| GeocodeError(format!("the geocoding cache failed: {e}"))),
        Err(e) => Err(GeocodeError(format!("the geocoding cache failed: {e}"))),
    }
}

/// The fetch policy of the geocoder: the operator configured its server, so any address.
pub(crate) fn policy() -> FetchPolicy {
    FetchPolicy {
        max_bytes: 1024 * 1024,
        timeout: Duration::from_secs(30),
        connect_timeout: Duration::from_secs(10),
        ..FetchPolicy::any()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_normalized_for_the_cache() {
        assert_eq!(normalize("  12 Main   St,\tSpringfield \n"), "12 main st, springfield");
    }
}
