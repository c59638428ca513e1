//! QuoParts: import a customer (printing its generated user name, not its password), then
//! submit a quote request for it by ERP code.
//!
//! ```sh
//! QUOPARTS_SERVER=https://... QUOPARTS_USER=... QUOPARTS_PASSWORD=... cargo run --example quoparts
//! ```
//! The document names no host (only `{BASE_URL}`), so `QUOPARTS_SERVER` has no default.

use partner_clients::quoparts::{types, Client, Credentials, CustomerRef, Quote};
use rust_decimal::Decimal;

fn env(name: &str) -> Result<String, Box<dyn std::error::Error>> {
    std::env::var(name).map_err(|_| format!("set {name}").into())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::new(
        &env("QUOPARTS_SERVER")?,
        Credentials::new(env("QUOPARTS_USER")?, env("QUOPARTS_PASSWORD")?),
    )?;

    let customer = types::Customer {
        des_nom: "Rossi S.r.l.".into(),
        des_ind: Some("Via Roma 123".into()),
        des_cta: Some("Milano".into()),
        cod_prn: Some("MI".into()),
        cod_cap: Some("20121".into()),
        cod_eml: Some("info@rossisrl.it".into()),
        cod_pta_iva: "12345678901".into(),
        flg_atv: Some(true),
        cod_cli_erp: "CLI001".into(),
    };
    for outcome in client.import_customers(&[customer]).await? {
        match outcome.result {
            Ok(imported) => println!(
                "{}: QuoParts code {}, user {}",
                outcome.erp_code, imported.customer_code, imported.username
            ),
            Err(why) => println!("{}: not imported: {why:?}", outcome.erp_code),
        }
    }

    let quote = Quote::new(
        CustomerRef::Erp("CLI001".into()),
        "TE001ST",
        "FORD B-Max 1.6 Ti-VCT Benzina",
        vec![types::QuoteArticle {
            des_rgr: "Filtro olio".into(),
            cod_art_pvt: "1883037".into(),
            des_art_pvt: Some("Filtro olio motore".into()),
            imp_lst_pvt: Some(Decimal::new(1457, 2)),
            qta_det_pvt: Some(Decimal::ONE),
        }],
    );
    println!("quote {}", client.import_quote(&quote).await?);
    Ok(())
}
