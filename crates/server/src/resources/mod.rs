//! The API's resources, one module each: its parameters, its answers and
//! its handlers.

pub(crate) mod actors;
pub(crate) mod clusters;
pub(crate) mod documents;
pub(crate) mod events;
pub(crate) mod meta;
pub(crate) mod network;
pub(crate) mod storylines;
pub(crate) mod timeseries;
