//! Deduplication in PostgreSQL (feature `postgres`): for several receiver instances behind a
//! load balancer, and for a handler that marks its event done **inside its own transaction**,
//! so that updating the order and recording the notification commit together.
//!
//! ```no_run
//! # async fn example(
//! #     mut orders_db: tokio_postgres::Client,
//! #     event: &doku_partner_support::inbound::Event<doku_partner_support::json::Json>,
//! # ) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
//! use doku_partner_support::inbound::postgres::PostgresStore;
//!
//! let tx = orders_db.transaction().await?;
//! tx.execute("UPDATE orders SET paid = true WHERE invoice = $1", &[&"INV-1"]).await?;
//! PostgresStore::complete_in(&tx, event.claim(), event.keep_until()).await?;
//! tx.commit().await?;
//! # Ok(()) }
//! ```

use tokio_postgres::{Client, GenericClient, NoTls};

use super::store::{Claim, ClaimOutcome, DedupStore, StoreError};

/// The table (`until` is the lease's end while claimed, the retention's end once done); run it
/// in your own migrations, or let [`PostgresStore::create_table`] do it.
pub const SCHEMA: &str = "CREATE TABLE IF NOT EXISTS doku_inbound_dedup (
    request_id TEXT PRIMARY KEY,
    token TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('claimed', 'done')),
    until BIGINT NOT NULL
)";

const CLAIM: &str = "INSERT INTO doku_inbound_dedup (request_id, token, state, until)
    VALUES ($1, $2, 'claimed', $3)
    ON CONFLICT (request_id) DO UPDATE
      SET token = excluded.token, state = 'claimed', until = excluded.until
      WHERE doku_inbound_dedup.until <= $4
    RETURNING token";

const COMPLETE: &str = "UPDATE doku_inbound_dedup SET state = 'done', until = $3
    WHERE request_id = $1 AND token = $2";

/// Handled `Request-Id`s in a PostgreSQL table, shared by every receiver that uses it.
#[derive(Debug)]
pub struct PostgresStore {
    client: Client,
}

impl PostgresStore {
    /// Uses a connected client (its connection task must be running).
    pub fn new(client: Client) -> Self {
        PostgresStore { client }
    }

    /// Connects without TLS (a database on the same host or network; bring your own client
    /// for TLS) and spawns the connection on the current tokio runtime.
    pub async fn connect(config: &str) -> Result<Self, StoreError> {
        let (client, connection) = tokio_postgres::connect(config, NoTls)
            .await
            .map_err(|e| StoreError::new("cannot connect to PostgreSQL", e))?;
        tokio::spawn(async move {
            // The client reports a closed connection on its next query.
            let _ = connection.await;
        });
        Ok(Self::new(client))
    }

    /// Creates the table if it does not exist ([`SCHEMA`]).
    pub async fn create_table(&self) -> Result<(), StoreError> {
        self.client
            .batch_execute(SCHEMA)
            .await
            .map_err(|e| StoreError::new("cannot create the deduplication table", e))
    }

    /// The client.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Marks the claimed id done inside the caller's transaction (or on any client): commit it
    /// with the partner's own writes. The receiver's own completion afterwards is then a no-op
    /// repeat. `keep_until` is [`Event::keep_until`](super::Event::keep_until).
    pub async fn complete_in<C: GenericClient + Sync>(
        client: &C,
        claim: &Claim,
        keep_until: i64,
    ) -> Result<(), StoreError> {
        let updated = client
            .execute(
                COMPLETE,
                &[&claim.request_id(), &claim.token(), &keep_until],
            )
            .await
            .map_err(|e| StoreError::new("cannot mark the Request-Id done", e))?;
        if updated == 1 {
            Ok(())
        } else {
            Err(StoreError::lost(claim))
        }
    }
}

impl DedupStore for PostgresStore {
    async fn claim(
        &self,
        request_id: &str,
        now: i64,
        lease_until: i64,
    ) -> Result<ClaimOutcome, StoreError> {
        let claim = Claim::new(request_id);
        // INSERT .. ON CONFLICT DO UPDATE locks the row: of concurrent claims, one wins.
        let won = self
            .client
            .query_opt(CLAIM, &[&request_id, &claim.token(), &lease_until, &now])
            .await
            .map_err(|e| StoreError::new("cannot claim the Request-Id", e))?;
        if won.is_some_and(|row| row.get::<_, &str>(0) == claim.token()) {
            return Ok(ClaimOutcome::Claimed(claim));
        }
        let state = self
            .client
            .query_opt(
                "SELECT state FROM doku_inbound_dedup WHERE request_id = $1",
                &[&request_id],
            )
            .await
            .map_err(|e| StoreError::new("cannot read the Request-Id's state", e))?;
        Ok(match state.as_ref().map(|row| row.get::<_, &str>(0)) {
            Some("done") => ClaimOutcome::Done,
            _ => ClaimOutcome::InProgress,
        })
    }

    async fn complete(&self, claim: &Claim, keep_until: i64) -> Result<(), StoreError> {
        Self::complete_in(&self.client, claim, keep_until).await
    }

    async fn release(&self, claim: &Claim) -> Result<(), StoreError> {
        self.client
            .execute(
                "DELETE FROM doku_inbound_dedup
                 WHERE request_id = $1 AND token = $2 AND state = 'claimed'",
                &[&claim.request_id(), &claim.token()],
            )
            .await
            .map_err(|e| StoreError::new("cannot release the claim", e))?;
        Ok(())
    }

    async fn purge(&self, now: i64) -> Result<u64, StoreError> {
        self.client
            .execute("DELETE FROM doku_inbound_dedup WHERE until <= $1", &[&now])
            .await
            .map_err(|e| StoreError::new("cannot purge expired ids", e))
    }
}
