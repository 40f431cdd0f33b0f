//! Integration tests: the real server on a random port, a fresh SQLite file per test, driven
//! over HTTP the way a browser or the WASM front end would.

mod abuse_limits;
mod addresses;
mod backup;
mod cart;
mod catalog;
mod checkout;
mod club;
mod dispute_rules;
mod dispute_setup;
mod disputes;
mod foundation;
mod hardening;
mod helpers;
mod hostile;
mod hostile_setup;
mod hostile_text;
mod images;
mod orders;
mod recent;
mod review_setup;
mod reviews;
mod reviews_shown;
mod search_cost;
mod seller;
mod settings;
mod signin;
mod stores;
mod throttling;
mod transitions;
mod upload_slots;
mod uploads;
mod wishlist;
mod zone;
