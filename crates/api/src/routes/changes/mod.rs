//! `/v1/changes`: the change log as a feed. Staff read the audit trail; the public (and API
//! keys) read a projection that keeps a copy of the published directory in sync.

pub mod list;
pub mod view;
