//! `/feeds`: the published feeds other directories read.

mod meeting_guide;
