//! The HSDS kind of source: Open Referral HSDS 3.0 services (with their organizations,
//! locations and categories) read into our agency model, from an HSDS API or a JSON file, and
//! written in one batch. Unlike the meeting kinds, HSDS runs never archive: an agency directory
//! that drops a service is not evidence that the service closed.

pub mod parse;
mod run;

pub use run::{
    BYTES_PER_RESPONSE_CAP, MAX_PAGES, MAX_RUN_TIME, MAX_SERVICES, PER_PAGE, Prepared, Services, TIMEOUTS_PER_RUN,
    deadline, finish, prepare, read, stored_catalog, write,
};
