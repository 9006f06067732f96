//! HTTP tests against a real server and a real database, compiled into one binary.
//! `LIANXIN_TEST_DB=sqlite|postgres` picks the backend (sqlite by default).
mod support;

mod admin;
mod archive;
mod auth;
mod db;
mod evaluation;
mod forum;
mod mailbox;
mod org;
mod org_admin;
mod shell;
mod study;
