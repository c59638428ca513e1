//! The whole SiS flow: log in (implicitly), publish a vehicle, option it, withdraw it.
//!
//! ```sh
//! SIS_USERNAME=... SIS_PASSWORD=... cargo run --example sis
//! ```
//! `SIS_SERVER` points it at another server (default: the documented `sis::SERVER`).

use partner_clients::sis::{types, Client, Credentials, SERVER};

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
        &env_or("SIS_SERVER", SERVER),
        Credentials::new(env("SIS_USERNAME")?, env("SIS_PASSWORD")?),
    )?;

    let vehicle: types::VehicleStockItem = serde_json::from_value(serde_json::json!({
        "IdDms": 1001,
        "Operation": "I",
        "FkStockTipologia": 4,
        "FkStockStatus": 1,
        "Dmarca": "FIAT",
        "Dmodello": "Panda",
        "Telaio": "ZFA31200000123456",
        "mnyPrezzo": 9900.00,
        "AnnoImm": 2021,
        "MeseImm": 3
    }))?;
    let inserted = client.stock(&vehicle).await?;
    println!("inserted: return_id {:?}", inserted.return_id);

    let option = types::OptionStockRequest {
        id_dms: 1001,
        id_funz_dms: 7,
        data_fine_opzione: chrono::NaiveDate::from_ymd_opt(2030, 1, 31),
    };
    println!(
        "optioned: {:?}",
        client.option_stock(&option).await?.message
    );

    let withdraw: types::VehicleStockItem = serde_json::from_value(serde_json::json!({
        "IdDms": 1001, "DataVendita": "2030-02-01", "Operation": "D"
    }))?;
    println!("withdrawn: {:?}", client.stock(&withdraw).await?.message);
    Ok(())
}
