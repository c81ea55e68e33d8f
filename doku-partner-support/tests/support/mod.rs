//! Helpers shared by the receiver's tests.
pub mod notify;
#[cfg(feature = "postgres")]
pub mod pg;
