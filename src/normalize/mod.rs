//! Normalisers: from the words a rule captured to typed values detectors can compare.

pub mod entity;
pub mod quantity;
pub mod time;
pub mod words;
