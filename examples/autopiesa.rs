//! The Autopiesa flow: look up IDs by code, upsert a customer, place a web order.
//!
//! ```sh
//! AUTOPIESA_USER=... AUTOPIESA_PASSWORD=... AUTOPIESA_ORGANIZATION=AUTOPIESA-TEST cargo run --example autopiesa
//! ```
//! `AUTOPIESA_SERVER` points it at another server (default: the documented
//! `autopiesa::TEST_SERVER`); `AUTOPIESA_BASE_PATH` overrides the route prefix (default `/api`).

use partner_clients::autopiesa::{
    types, Client, Credentials, DEFAULT_BASE_PATH, SALES_ORDER_SOURCE_WEB, TEST_SERVER,
};
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
    let credentials = Credentials::new(
        env("AUTOPIESA_USER")?,
        env("AUTOPIESA_PASSWORD")?,
        env("AUTOPIESA_ORGANIZATION")?,
    );
    let client = Client::builder(&env_or("AUTOPIESA_SERVER", TEST_SERVER), credentials)
        .base_path(env("AUTOPIESA_BASE_PATH").unwrap_or_else(|_| DEFAULT_BASE_PATH.into()))
        .build()?;

    let delivery_types = client.delivery_types().await?;
    let payment_types = client.payment_types().await?;
    for item in delivery_types.items() {
        println!(
            "delivery type {:?}: {:?}",
            item.delivery_type_code, item.delivery_type_name
        );
    }

    let customer: types::Customer = types::Customer::builder()
        .pin("1850312400123".to_owned())
        .first_name("Andrei")
        .last_name("Popescu")
        .email("andrei.popescu@example.ro")
        .invoicing_address_postal_code("021234")
        .invoicing_address_id("WEB-ADDR-10045")
        .contact_external_id("WEB-CUST-10045")
        .try_into()?;
    client.update_customer(&customer).await?;

    let order: types::SalesOrder = types::SalesOrder::builder()
        .external_number("WEB-2030-000001".to_owned())
        .date(chrono::Utc::now())
        .pin(customer.pin.clone())
        .delivery_address_id(customer.invoicing_address_id.clone())
        .invoicing_address_id(customer.invoicing_address_id.clone())
        .delivery_type_id(
            delivery_types
                .items()
                .first()
                .map(|t| t.delivery_type_id.clone())
                .ok_or("the server lists no delivery type")?,
        )
        .payment_type_id(
            payment_types
                .id_of("CARD")
                .ok_or("the server lists no CARD payment type")?,
        )
        .sales_order_source_id(SALES_ORDER_SOURCE_WEB.to_owned())
        .external_id("WEB-2030-000001".to_owned())
        .products(vec![types::SalesOrderProduct::builder()
            .product_id("BOSCH-0986494524")
            .quantity(Decimal::new(2, 0))
            .unit_price(Decimal::new(14999, 2))
            .is_vat_included(true)
            .try_into()?])
        .try_into()?;
    client.create_sales_order(&order).await?;
    println!("order {} placed", order.external_id.unwrap_or_default());
    Ok(())
}
