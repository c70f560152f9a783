//! Demo data for elections (filled in below).
