//! Demo data for Linking & Cooperation (placeholder, filled below).
