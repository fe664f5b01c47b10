//! Distances on the earth, and the chord trick that makes radius queries cheap.
//!
//! The published distance is the haversine great-circle distance on a sphere of the mean earth
//! radius. Computing it for every candidate would cost trigonometry per meeting, so the spatial
//! index stores each place as a 3-D unit vector: the straight-line (chord) distance between two
//! unit vectors grows strictly with the great-circle distance, needs no trigonometry, and has no
//! antimeridian or pole seams. Only candidates whose chord is within [`CHORD_EPSILON`] of a
//! decision boundary get the exact haversine distance, so results agree with haversine exactly.

use serde::{Deserialize, Serialize};

/// The mean earth radius in kilometres (IUGG), the sphere distances are measured on.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Chord lengths (on the unit sphere) closer than this may order differently from their
/// haversine distances because of rounding; about 6 µm on the ground, far above the ~1e-15
/// rounding error of either computation.
pub(crate) const CHORD_EPSILON: f64 = 1e-12;

/// A place on the earth in degrees (WGS 84).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GeoPoint {
    /// Latitude, −90 to 90.
    pub lat: f64,
    /// Longitude, −180 to 180.
    pub lng: f64,
}

impl GeoPoint {
    /// The great-circle (haversine) distance to `other` in kilometres, on a 6371.0088 km sphere.
    pub fn distance_km(self, other: GeoPoint) -> f64 {
        let (lat1, lat2) = (self.lat.to_radians(), other.lat.to_radians());
        let half_dlat = (lat2 - lat1) / 2.0;
        let half_dlng = (other.lng - self.lng).to_radians() / 2.0;
        let a = half_dlat.sin().powi(2) + lat1.cos() * lat2.cos() * half_dlng.sin().powi(2);
        2.0 * EARTH_RADIUS_KM * a.clamp(0.0, 1.0).sqrt().asin()
    }

    /// The point as a unit vector, when it is a real place (finite, latitude within ±90°).
    pub(crate) fn unit_vector(self) -> Option<[f64; 3]> {
        if !(self.lat.is_finite() && self.lng.is_finite() && self.lat.abs() <= 90.0) {
            return None;
        }
        let (lat, lng) = (self.lat.to_radians(), self.lng.to_radians());
        Some([lat.cos() * lng.cos(), lat.cos() * lng.sin(), lat.sin()])
    }
}

/// The chord helpers below, for the other indexes of places in the crate (the services index),
/// which cannot name this private module.
impl GeoPoint {
    /// The squared chord between two unit vectors (see [`chord2`]).
    #[inline]
    pub(crate) fn chord2_between(a: &[f64; 3], b: &[f64; 3]) -> f64 {
        chord2(a, b)
    }

    /// The squared-chord band around a great-circle distance in kilometres (see [`chord2_band`]).
    pub(crate) fn chord2_band_of_km(km: f64) -> (f64, f64) {
        chord2_band(chord_of_km(km))
    }

    /// The squared-chord band around a chord (see [`chord2_band`]).
    pub(crate) fn chord2_band_of_chord(chord: f64) -> (f64, f64) {
        chord2_band(chord)
    }
}

/// The squared chord between two unit vectors.
#[inline]
pub(crate) fn chord2(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    let (dx, dy, dz) = (a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    dx * dx + dy * dy + dz * dz
}

/// The chord (on the unit sphere) of a great-circle distance in kilometres.
pub(crate) fn chord_of_km(km: f64) -> f64 {
    let angle = (km / EARTH_RADIUS_KM).clamp(0.0, std::f64::consts::PI);
    2.0 * (angle / 2.0).sin()
}

/// The squared-chord band `[low, high]` around a chord inside which rounding may decide.
pub(crate) fn chord2_band(chord: f64) -> (f64, f64) {
    let low = chord - CHORD_EPSILON;
    let low = if low > 0.0 { low * low } else { -1.0 };
    let high = chord + CHORD_EPSILON;
    (low, high * high)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn haversine_matches_known_distances() {
        let paris = GeoPoint { lat: 48.8566, lng: 2.3522 };
        let london = GeoPoint { lat: 51.5074, lng: -0.1278 };
        assert!((paris.distance_km(london) - 343.9).abs() < 0.5);
        assert_eq!(paris.distance_km(paris), 0.0);
        // Across the antimeridian: two points a tenth of a degree apart on the equator.
        let east = GeoPoint { lat: 0.0, lng: 179.95 };
        let west = GeoPoint { lat: 0.0, lng: -179.95 };
        assert!((east.distance_km(west) - 11.12).abs() < 0.01);
    }

    #[test]
    fn chord_agrees_with_haversine() {
        let a = GeoPoint { lat: 40.7, lng: -74.0 };
        let b = GeoPoint { lat: 40.8, lng: -73.9 };
        let (ua, ub) = (a.unit_vector().unwrap_or_default(), b.unit_vector().unwrap_or_default());
        let from_chord = chord_of_km(a.distance_km(b));
        assert!((chord2(&ua, &ub).sqrt() - from_chord).abs() < 1e-14);
        assert!(GeoPoint { lat: 91.0, lng: 0.0 }.unit_vector().is_none());
        assert!(GeoPoint { lat: f64::NAN, lng: 0.0 }.unit_vector().is_none());
    }
}
