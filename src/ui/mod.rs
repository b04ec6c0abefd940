//! Drawing: one module per pane, all reading the [`crate::app::Model`], none changing it.

pub mod display_shim;
/// Bidi layout; the shim stands in for `crate::text::display` until the bidi branch lands.
pub use display_shim as display;
