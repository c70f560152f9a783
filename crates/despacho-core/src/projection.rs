//! Budget projections.
