//! `make bench`: checkout with coupons, next to the plain checkout row. 16 shoppers at once, each
//! order: claim a store coupon, add a product of that store, open checkout (the server weighs
//! the wallet and preselects the coupon), place the order with it, pay.

use crate::market::post;
use crate::{client, sign_in, sign_in_as};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// YYYY-MM-DD of `days` from today (UTC), as the seller console's date fields take it.
fn date(days: i64) -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    // Civil date from days since 1970-01-01 (proleptic Gregorian).
    let z = secs.div_euclid(86_400) + days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The ids of `"id":N` objects in a JSON body that also say `"in_stock":true` (product cards).
fn in_stock(body: &str) -> Vec<String> {
    body.split("{\"id\":")
        .skip(1)
        .filter(|item| item.contains("\"in_stock\":true"))
        .map(|item| item.split(',').next().unwrap_or("").to_string())
        .collect()
}

pub async fn checkout_with_coupons_row() {
    // The owner of store 1 creates the coupons in its console: $1 off, 20 per shopper each.
    let seller = client(None);
    let cookie = sign_in_as(&seller, "seller1@kabinet.local", "seller-pass-2026")
        .await
        .expect("seller sign-in");
    let (starts, ends) = (date(0), date(30));
    for _ in 0..8 {
        let form = [
            ("amount", "1"),
            ("starts", starts.as_str()),
            ("ends", ends.as_str()),
            ("per_shopper", "20"),
        ];
        post(&seller, "/api/create_coupon", &form, &cookie)
            .await
            .expect("create coupon");
    }
    let list = post(&seller, "/api/store_coupons", &[], &cookie)
        .await
        .expect("store coupons");
    let coupons: Arc<Vec<String>> = Arc::new(
        list.split("{\"id\":")
            .skip(1)
            .filter(|c| c.contains("\"ended\":false") && c.contains("\"amount\":100,"))
            .map(|c| c.split(',').next().unwrap_or("").to_string())
            .collect(),
    );
    let mut products = vec![];
    for page in 1..=3 {
        let p = page.to_string();
        let body = post(
            &seller,
            "/api/store_page",
            &[("id", "1"), ("page", &p)],
            &cookie,
        )
        .await
        .unwrap_or_default();
        products.extend(in_stock(&body));
    }
    assert!(!products.is_empty(), "store 1 has nothing in stock");
    let products = Arc::new(products);

    let dur = Duration::from_secs(5);
    let refused = Arc::new(Mutex::new(BTreeMap::<String, usize>::new()));
    let start = Instant::now();
    let mut tasks = vec![];
    for i in 0..16 {
        let (products, coupons, refused) = (products.clone(), coupons.clone(), refused.clone());
        tasks.push(tokio::spawn(async move {
            let c = client(None);
            let cookie = sign_in(&c, &format!("bench{i}@example.ru"))
                .await
                .expect("sign in");
            let addresses = post(&c, "/api/addresses", &[], &cookie)
                .await
                .unwrap_or_default();
            let address = addresses
                .split("\"id\":")
                .nth(1)
                .and_then(|s| s.split(',').next())
                .unwrap_or("0")
                .to_string();
            let (mut lat, mut next_coupon, mut k) = (vec![], 0, i * 31);
            while start.elapsed() < dur && next_coupon < coupons.len() {
                let t = Instant::now();
                k += 1;
                let claim = [("coupon_id", coupons[next_coupon].as_str())];
                if let Err(why) = post(&c, "/api/claim_coupon", &claim, &cookie).await {
                    // This one is used up for the shopper (20 each): go on with the next.
                    next_coupon += 1;
                    *refused.lock().unwrap().entry(why).or_default() += 1;
                    continue;
                }
                let product = &products[k % products.len()];
                let steps = async {
                    post(
                        &c,
                        "/api/add_to_cart",
                        &[("product_id", product), ("quantity", "1")],
                        &cookie,
                    )
                    .await?;
                    let view = post(&c, "/api/checkout", &[], &cookie).await?;
                    let field = |name: &str| {
                        view.split(&format!("\"{name}\":\""))
                            .nth(1)
                            .and_then(|k| k.split('"').next())
                            .unwrap_or_default()
                            .to_string()
                    };
                    let (key, choices) = (field("key"), field("choices"));
                    if !choices.contains("=") || choices.contains("s1=0") {
                        return Err(format!("no coupon preselected: {choices}"));
                    }
                    let form = [
                        ("checkout_key", key.as_str()),
                        ("address_id", address.as_str()),
                        ("coupons", choices.as_str()),
                    ];
                    post(&c, "/api/place_order", &form, &cookie).await?;
                    post(&c, "/api/pay_checkout", &[("key", key.as_str())], &cookie).await
                };
                match steps.await {
                    Ok(_) => lat.push(t.elapsed()),
                    Err(why) => {
                        *refused.lock().unwrap().entry(why).or_default() += 1;
                        let _ = post(
                            &c,
                            "/api/remove_from_cart",
                            &[("product_id", product)],
                            &cookie,
                        )
                        .await;
                    }
                }
            }
            lat
        }));
    }
    let mut lat = vec![];
    for t in tasks {
        lat.extend(t.await.unwrap());
    }
    let label = "checkout + coupon: claim, add, place, pay, 16";
    crate::market::orders_row(label, lat, start, &refused.lock().unwrap());
}
