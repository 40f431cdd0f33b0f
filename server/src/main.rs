use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .init();
    let state = kabinet_server::state_from_env()
        .await
        .unwrap_or_else(|e| panic!("cannot open the database: {e}"));
    let addr = state.leptos_options.site_addr;
    app::jobs::spawn(state.clone());
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .unwrap_or_else(|e| panic!("cannot listen on {addr}: {e}"));
    tracing::info!("Kabinet listening on http://{addr}");
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    if let Err(e) = kabinet_server::serve(listener, kabinet_server::router(state), ctrl_c).await {
        tracing::error!(error = %e, "server stopped");
    }
}
