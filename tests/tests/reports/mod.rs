//! `/v1/reports`: problem reports from the public and the staff queue.

mod lifecycle;
