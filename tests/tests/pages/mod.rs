//! The resident's pages: over HTTP, and in a real browser.

mod browser;
mod html;
mod resident;
