//! All integration tests, in one binary (one link step), against a real PostgreSQL.
#![allow(clippy::unwrap_used)]

mod accounts;
mod architecture;
mod attacks;
mod bad_input;
mod browser;
mod cli;
mod codecarbon_live;
mod database;
mod editions;
mod faults;
mod harness;
mod insights;
mod leaderboards;
mod mail;
mod measurements;
mod meter;
mod pages;
mod platform;
mod roles;
mod servers;
mod states;
mod topics;
