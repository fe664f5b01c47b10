//! `/feeds`: the published feeds other directories read.

mod fidelity;
mod meeting_guide;
