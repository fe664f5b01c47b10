//! Keeping our private phones and contacts through an import.
//!
//! An import replaces each record it names, but published HSDS (ours included) leaves private
//! phones and contacts out (and a service's `assurer_email`): re-importing it would silently
//! delete them. So when an import updates a stored organization, location or service, every
//! stored non-public phone and contact that the input does not carry (by id) is put back, near
//! where it was, a stored `assurer_email` is kept when the input has none, and the count is
//! reported.

use recovery_domain::agency::{AgencyContact, Phone, ServiceAtLocation};
use recovery_store::{AgencyBatch, Store, StoreError};

/// A record that may hold private phones and contacts.
trait Record {
    /// Puts back the stored copy's private phones and contacts; returns how many.
    fn merge(&mut self, stored: &Self) -> usize;
}

/// Puts back `stored`'s private items that `imported` lacks (by id), each at its stored
/// position (or at the end), and returns how many.
fn keep<T: Clone>(
    imported: &mut Vec<T>,
    stored: &[T],
    id: impl Fn(&T) -> uuid::Uuid,
    private: impl Fn(&T) -> bool,
) -> usize {
    let mut kept = 0;
    for (position, item) in stored.iter().enumerate() {
        if private(item) && !imported.iter().any(|i| id(i) == id(item)) {
            imported.insert(position.min(imported.len()), item.clone());
            kept += 1;
        }
    }
    kept
}

fn phones(imported: &mut Vec<Phone>, stored: &[Phone]) -> usize {
    keep(imported, stored, |p| p.id, |p| !p.public)
}

/// Private contacts put back, and the private phones of the contacts the input carries.
fn contacts(imported: &mut Vec<AgencyContact>, stored: &[AgencyContact]) -> usize {
    let mut kept = 0;
    for contact in imported.iter_mut() {
        if let Some(old) = stored.iter().find(|s| s.id == contact.id) {
            kept += phones(&mut contact.phones, &old.phones);
        }
    }
    kept + keep(imported, stored, |c| c.id, |c| !c.public)
}

impl Record for recovery_domain::agency::OrganizationData {
    fn merge(&mut self, stored: &Self) -> usize {
        phones(&mut self.phones, &stored.phones) + contacts(&mut self.contacts, &stored.contacts)
    }
}

impl Record for recovery_domain::agency::LocationData {
    fn merge(&mut self, stored: &Self) -> usize {
        phones(&mut self.phones, &stored.phones) + contacts(&mut self.contacts, &stored.contacts)
    }
}

impl Record for ServiceAtLocation {
    fn merge(&mut self, stored: &Self) -> usize {
        phones(&mut self.phones, &stored.phones) + contacts(&mut self.contacts, &stored.contacts)
    }
}

impl Record for recovery_domain::agency::ServiceData {
    fn merge(&mut self, stored: &Self) -> usize {
        let mut kept = phones(&mut self.phones, &stored.phones) + contacts(&mut self.contacts, &stored.contacts);
        // Who verified it is staff-only too, so published HSDS never carries it.
        if self.assurer_email.is_none() && stored.assurer_email.is_some() {
            self.assurer_email.clone_from(&stored.assurer_email);
            kept += 1;
        }
        for sal in &mut self.service_at_locations {
            if let Some(old) = stored.service_at_locations.iter().find(|s| s.id == sal.id) {
                kept += sal.merge(old);
            }
        }
        kept
    }
}

/// Reads one stored record; `None` when it is not stored (the import creates it).
fn stored<T>(read: Result<T, StoreError>) -> Result<Option<T>, StoreError> {
    match read {
        Ok(record) => Ok(Some(record)),
        Err(StoreError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Puts the stored private phones and contacts of each record of `batch` that is stored back
/// into it, and returns a warning per record that kept any (`what id: kept n private …`).
///
/// What is stored is asked of the store itself, not of an index, which may not have followed
/// a write made elsewhere yet: a record it did not know would lose its private parts.
pub fn keep_private(store: &Store, batch: &mut AgencyBatch) -> Result<Vec<String>, StoreError> {
    let mut warnings = Vec::new();
    let mut note = |what: &str, id: uuid::Uuid, kept: usize| {
        if kept > 0 {
            warnings.push(format!(
                "{what} {id}: kept {kept} private phone(s), contact(s) or assurer_email stored here and absent from \
                 the input"
            ));
        }
    };
    for (id, data) in batch.organizations.iter_mut() {
        if let Some(old) = stored(store.get_organization(*id))? {
            note("organization", id.0, data.merge(&old.data));
        }
    }
    for (id, data) in batch.locations.iter_mut() {
        if let Some(old) = stored(store.get_location(*id))? {
            note("location", id.0, data.merge(&old.data));
        }
    }
    for (id, data) in batch.services.iter_mut() {
        if let Some(old) = stored(store.get_service(*id))? {
            note("service", id.0, data.merge(&old.data));
        }
    }
    Ok(warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phone(n: u128, public: bool) -> Phone {
        Phone {
            id: uuid::Uuid::from_u128(n),
            number: format!("+1 215-555-01{n:02}"),
            extension: None,
            kind: None,
            description: None,
            languages: Vec::new(),
            public,
        }
    }

    #[test]
    fn private_items_missing_from_the_input_return_to_their_place() {
        let stored = vec![phone(1, true), phone(2, false), phone(3, true), phone(4, false)];
        let mut imported = vec![phone(1, true), phone(3, true)];
        assert_eq!(phones(&mut imported, &stored), 2);
        assert_eq!(imported, stored, "same order: an unchanged re-import stays unchanged");
        // A private phone the input carries (by id) is the input's.
        let mut imported = vec![phone(2, true)];
        assert_eq!(phones(&mut imported, &stored), 1);
        assert_eq!(imported, vec![phone(2, true), phone(4, false)]);
    }
}
