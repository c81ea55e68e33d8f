//! Modules of `rust_path_typo_at_depth_three.rs`, in files.

pub mod v1;
