use crate::helpers::*;
use app::error::{AppError, Field};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_address_fields_are_named_and_nothing_is_saved() {
    let app = spawn_app().await;
    let (c, _) = app.shopper("addr@example.ru").await;
    let cases = [
        (
            address_form("12345", "+7 900 123-45-67"),
            AppError::InvalidPostcode,
        ),
        (
            address_form("125009", "8 900 123-45-67"),
            AppError::InvalidPhone,
        ),
        (
            address_form("", "+7 900 123-45-67"),
            AppError::Required(Field::Postcode),
        ),
    ];
    for (form, want) in cases {
        assert_eq!(app.call(&c, "save_address", &form).await, Err(want));
    }
    let mut form = address_form("125009", "+79001234567");
    form[1] = ("country", "Narnia");
    assert_eq!(
        app.call(&c, "save_address", &form).await,
        Err(AppError::InvalidChoice(Field::Country))
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM addresses").await, 0);

    // Without JavaScript: back to the form with the message next to the postcode field.
    let res = app
        .post_form(
            &c,
            "/api/save_address",
            &address_form("1234", "+79001234567"),
        )
        .await;
    let to = res.headers()["location"].to_str().unwrap().to_string();
    assert!(
        to.starts_with(
            "/account/addresses/new?next=/account/addresses&form=address&error=InvalidPostcode"
        ),
        "{to}"
    );
    let (_, html) = app.page(&c, &to).await;
    assert!(html.contains("Индекс в России — 6 цифр"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_address_is_the_default_and_the_default_can_move() {
    let app = spawn_app().await;
    let (c, _) = app.shopper("home@example.ru").await;
    let first = app.address(&c).await;
    let mut form = address_form("191186", "+7 812 000-00-00");
    form.push(("make_default", "1"));
    let second = app
        .call(&c, "save_address", &form)
        .await
        .unwrap()
        .as_i64()
        .unwrap();
    let list = app.call(&c, "addresses", &[]).await.unwrap();
    assert_eq!(list[0]["id"], second, "the default comes first");
    assert_eq!(list[0]["is_default"], true);
    assert_eq!(list[1]["is_default"], false);

    app.call(&c, "set_default_address", &[("id", &first.to_string())])
        .await
        .unwrap();
    app.call(&c, "delete_address", &[("id", &first.to_string())])
        .await
        .unwrap();
    let list = app.call(&c, "addresses", &[]).await.unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(
        list[0]["is_default"], true,
        "another address took over as default"
    );

    // Editing keeps the id and changes the fields.
    let mut form = address_form("190000", "+79001112233");
    let id = second.to_string();
    form.push(("id", &id));
    app.call(&c, "save_address", &form).await.unwrap();
    let (_, html) = app.page(&c, "/account/addresses").await;
    assert!(html.contains("190000") && !html.contains("191186"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_shoppers_address_cannot_be_read_changed_or_deleted() {
    let app = spawn_app().await;
    let (owner, _) = app.shopper("owner@example.ru").await;
    let (other, _) = app.shopper("other@example.ru").await;
    let id = app.address(&owner).await.to_string();

    assert_eq!(
        app.call(&other, "address", &[("id", &id)]).await,
        Err(AppError::NotFound)
    );
    let mut form = address_form("190000", "+79001112233");
    form.push(("id", &id));
    assert_eq!(
        app.call(&other, "save_address", &form).await,
        Err(AppError::NotFound)
    );
    assert_eq!(
        app.call(&other, "delete_address", &[("id", &id)]).await,
        Err(AppError::NotFound)
    );
    assert_eq!(
        app.call(&other, "set_default_address", &[("id", &id)])
            .await,
        Err(AppError::NotFound)
    );
    let (_, html) = app.page(&other, &format!("/account/addresses/{id}")).await;
    assert!(html.contains("Адрес не найден"));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM addresses WHERE postcode = '125009'")
            .await,
        1
    );
}
