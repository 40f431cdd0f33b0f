//! The WASM entry point: hydrate the server-rendered body, loading the lazy route chunks the page needs first.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_lazy(app::App);
}
