//! Integration tests: the real server on a random port, a fresh SQLite file per test, driven
//! over HTTP the way a browser or the WASM front end would.

mod addresses;
mod cart;
mod catalog;
mod checkout;
mod foundation;
mod helpers;
mod orders;
mod seller;
mod signin;
mod throttling;
