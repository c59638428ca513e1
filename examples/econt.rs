//! e-Cont: list a customer's outstanding invoices with the customer expanded.
//!
//! ```sh
//! ECONT_API_KEY=... ECONT_CUSTOMER=1234 cargo run --example econt      # sandbox
//! ```
//! `ECONT_SERVER` points it at another server (default: the documented `econt::SANDBOX`;
//! `econt::PRODUCTION` is https://api.facturare.md).

use partner_clients::econt::{types, Client, Credentials, ListQuery, SANDBOX};

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
        &env_or("ECONT_SERVER", SANDBOX),
        Credentials::api_key(env("ECONT_API_KEY")?),
    )?;
    let filter = types::InvoiceFilter {
        paid: Some(false),
        closed: Some(false),
        customer: Some(env("ECONT_CUSTOMER")?.parse()?),
        extra: Default::default(),
    };
    let invoices = client
        .invoices(&ListQuery::default().filter(filter).expand("customer"))
        .await?;
    for invoice in invoices {
        let customer = invoice.customer.as_ref().and_then(|c| c.object());
        println!(
            "invoice {} for {:?}; other fields: {:?}",
            invoice.id,
            customer.and_then(|c| c.name.as_deref()),
            invoice.extra.keys().collect::<Vec<_>>()
        );
    }
    Ok(())
}
