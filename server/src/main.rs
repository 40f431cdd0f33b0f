//! `server`: serves the site. `server backup PATH`: a consistent copy of the live database
//! (safe while serving). `server restore PATH`: puts a backup in place of the database (with
//! the server stopped). Both read `DATABASE_URL` like the server does.

use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        [] => serve().await,
        ["backup", path] => {
            tool(kabinet_server::backup::backup(&database_url(), path.as_ref()).await)
        }
        ["restore", path] => {
            tool(kabinet_server::backup::restore(&database_url(), path.as_ref()).await)
        }
        _ => {
            eprintln!("usage: server | server backup PATH | server restore PATH");
            std::process::exit(2);
        }
    }
}

fn database_url() -> String {
    app::platform::Config::from_env("127.0.0.1:3000".parse().expect("address")).database_url
}

fn tool(result: Result<kabinet_server::backup::Report, kabinet_server::backup::BackupError>) {
    match result {
        Ok(report) => println!("{report}"),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}

async fn serve() {
    let state = match kabinet_server::state_from_env().await {
        Ok(state) => state,
        Err(e) => {
            tracing::error!("{e}");
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
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
