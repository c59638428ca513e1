//! Firmino: list every recurring document, then create a monthly one for a sales document.
//!
//! ```sh
//! FIRMINO_LOGIN=... FIRMINO_PASSWORD=... FIRMINO_SALE_DOCUMENT=19818500 cargo run --example firmino
//! ```
//! `FIRMINO_SERVER` points it at another server (default: the documented `firmino::SERVER`).

use futures::TryStreamExt;
use partner_clients::firmino::{types, Client, Credentials, SERVER};

fn env(name: &str) -> Result<String, Box<dyn std::error::Error>> {
    std::env::var(name).map_err(|_| format!("set {name}").into())
}

/// `name` from the environment, or the vendor's documented host.
fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::new(
        &env_or("FIRMINO_SERVER", SERVER),
        Credentials::new(env("FIRMINO_LOGIN")?, env("FIRMINO_PASSWORD")?),
    )?;

    let all: Vec<_> = client
        .find_all(types::FindQuery::default())
        .try_collect()
        .await?;
    for document in &all {
        println!(
            "{} {} active={} from {}",
            document.id, document.name, document.active, document.start_date
        );
    }

    let created = client
        .add(&types::NewRecurringDocument {
            name: "Abonament".into(),
            id_sale_document: env("FIRMINO_SALE_DOCUMENT")?.parse()?,
            interval_time_type: Some(types::IntervalTimeType::Month),
            start_date: None,
            active: Some(true),
            email: None,
            email_for_confirmation: None,
            hour_to_send: Some("9".into()),
        })
        .await?;
    println!("created recurring document {:?}", created.id);
    Ok(())
}
