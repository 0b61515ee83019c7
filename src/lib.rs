//! ladder: a company's career framework and every teammate's placement, kept as YAML in git, checked
//! like code. Data flows one way: files → `snapshot` → `check` → `finding`s → `report`.

pub mod calibration;
pub mod check;
pub mod compare;
pub mod demo;
pub mod diff;
pub mod export;
pub mod finding;
pub mod framework;
pub mod github;
pub mod history;
pub mod import;
pub mod import_map;
pub mod pace;
pub mod placement;
pub mod policy;
pub mod pricing;
pub mod propose;
pub mod report;
pub mod repository;
pub mod review;
pub mod schema;
pub mod site;
pub mod snapshot;
pub mod starter;
pub mod summary;
pub mod words;
mod yaml;

pub use yaml::{Pos, Spanned};
