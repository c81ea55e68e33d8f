//! Signing as a sub-merchant: the [`Credentials`] of a brand DOKU approved, from Get Business
//! Data's brand, without its shared key passing through a plain `String`.

use crate::endpoints::get_business_data::response::Brand;
use crate::support::{Credentials, SecretKey};

impl Brand {
    /// The brand's own credentials: its ID (`BRN-...`, the sub-merchant's Client-Id) and its
    /// shared key, to sign calls as the sub-merchant (its payments, once DOKU approved the
    /// business). The key moves from the reply's [`Secret`](crate::support::Secret) into the
    /// [`SecretKey`] as a zeroizing copy; neither is ever a plain `String`.
    ///
    /// ```no_run
    /// # async fn demo(partner: doku_partner::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// use doku_partner::endpoints::get_business_data::{Query, Request};
    /// use doku_partner::{Client, Environment};
    ///
    /// let brand_id = "BRN-0104-1678960841263".parse()?;
    /// let reply = partner.send(Request::new(brand_id, Query::Personal)).await?;
    /// let brand = &reply.data.brands[0];
    /// let sub_merchant = Client::builder(brand.credentials(), Environment::Sandbox).build()?;
    /// # let _ = sub_merchant; Ok(()) }
    /// ```
    pub fn credentials(&self) -> Credentials {
        Credentials::new(self.id.clone(), SecretKey::from(self.shared_key.clone()))
    }
}

#[cfg(test)]
mod tests {
    use crate::endpoints::GetBusinessData;
    use crate::endpoints::get_business_data::Response;
    use crate::support::Endpoint;

    #[test]
    fn a_brand_gives_its_own_credentials() {
        let (_, sample) = GetBusinessData::EXAMPLES[0];
        let response: Response = serde_json::from_str(sample).unwrap();
        let credentials = response.brands[0].credentials();
        assert_eq!(credentials.client_id(), "BRN-0104-1678960841263");
        assert_eq!(
            credentials.secret_key().expose_secret(),
            "SK-ViEeAojc5K0nBrL41ou4"
        );
        assert!(!format!("{credentials:?}").contains("SK-ViEe"));
    }
}
