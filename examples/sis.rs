//! The whole SiS flow: log in (implicitly), publish a vehicle, option it, withdraw it.
//!
//! ```sh
//! SIS_USERNAME=... SIS_PASSWORD=... cargo run --example sis
//! ```
//! `SIS_SERVER` points it at another server (default: the documented `sis::SERVER`).

use std::num::NonZeroU32;

use partner_clients::sis::{types, Client, Credentials, SERVER};
use rust_decimal::Decimal;

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

    let vehicle: types::VehicleStockItem = types::VehicleStockItem::builder()
        .id_dms(1001)
        .operation(types::VehicleStockItemOperation::Insert)
        .fk_stock_tipologia(types::StockTypology::try_from(4)?)
        .fk_stock_status(types::StockStatus::try_from(1)?)
        .dmarca("FIAT".to_owned())
        .dmodello("Panda".to_owned())
        .telaio("ZFA31200000123456".to_owned())
        .mny_prezzo(Decimal::new(9900, 0))
        .anno_imm(2021)
        .mese_imm(NonZeroU32::new(3))
        .try_into()?;
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

    let withdraw: types::VehicleStockItem = types::VehicleStockItem::builder()
        .id_dms(1001)
        .data_vendita(chrono::NaiveDate::from_ymd_opt(2030, 2, 1))
        .operation(types::VehicleStockItemOperation::Delete)
        .try_into()?;
    println!("withdrawn: {:?}", client.stock(&withdraw).await?.message);
    Ok(())
}
