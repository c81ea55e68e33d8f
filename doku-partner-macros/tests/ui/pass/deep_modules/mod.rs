//! Modules of `rust_path_deep_in_crate.rs`, in files.

pub mod v1;
