//! The onboarding journal in PostgreSQL (feature `postgres`): for partners who run several
//! workers. The lease row is taken in one statement (`INSERT .. ON CONFLICT DO UPDATE` locks
//! it, so of concurrent workers one wins), and each record renews the lease and writes the
//! step in one statement: the lease's `UPDATE` locks its row until the step is written, and
//! writes nothing when the lease is no longer this worker's.

use tokio_postgres::{Client, NoTls, Row};

use super::journal::{Journal, JournalError, Lease, StepRecord, StepState};

/// The tables; run it in your own migrations, or let [`PostgresJournal::create_tables`] do it.
pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS doku_onboarding_lease (
    onboarding_id TEXT PRIMARY KEY,
    token TEXT NOT NULL,
    until BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS doku_onboarding_step (
    seq BIGSERIAL,
    onboarding_id TEXT NOT NULL,
    step TEXT NOT NULL,
    state TEXT NOT NULL,
    request_id TEXT NOT NULL,
    file_sha256 TEXT,
    doku_id TEXT,
    brand_id TEXT,
    detail TEXT,
    orphaned_request_ids TEXT,
    PRIMARY KEY (onboarding_id, step)
);";

const ACQUIRE: &str = "INSERT INTO doku_onboarding_lease (onboarding_id, token, until)
    VALUES ($1, $2, $3)
    ON CONFLICT (onboarding_id) DO UPDATE
      SET token = excluded.token, until = excluded.until
      WHERE doku_onboarding_lease.until <= $4
    RETURNING token";

const RECORD: &str = "WITH held AS (
        UPDATE doku_onboarding_lease SET until = $3
        WHERE onboarding_id = $1 AND token = $2
        RETURNING onboarding_id
    )
    INSERT INTO doku_onboarding_step (onboarding_id, step, state, request_id, file_sha256,
        doku_id, brand_id, detail, orphaned_request_ids)
    SELECT onboarding_id, $4, $5, $6, $7, $8, $9, $10, $11 FROM held
    ON CONFLICT (onboarding_id, step) DO UPDATE SET
        state = excluded.state, request_id = excluded.request_id,
        file_sha256 = excluded.file_sha256, doku_id = excluded.doku_id,
        brand_id = excluded.brand_id, detail = excluded.detail,
        orphaned_request_ids = excluded.orphaned_request_ids";

/// The onboarding journal in PostgreSQL tables, shared by every worker that uses them.
#[derive(Debug)]
pub struct PostgresJournal {
    client: Client,
}

fn failed(what: &'static str) -> impl FnOnce(tokio_postgres::Error) -> JournalError {
    move |e| JournalError::store(what, e)
}

impl PostgresJournal {
    /// Uses a connected client (its connection task must be running).
    pub fn new(client: Client) -> Self {
        PostgresJournal { client }
    }

    /// Connects without TLS (a database on the same host or network; bring your own client
    /// for TLS) and spawns the connection on the current tokio runtime.
    pub async fn connect(config: &str) -> Result<Self, JournalError> {
        let (client, connection) = tokio_postgres::connect(config, NoTls)
            .await
            .map_err(failed("cannot connect to PostgreSQL"))?;
        tokio::spawn(async move {
            // The client reports a closed connection on its next query.
            let _ = connection.await;
        });
        Ok(Self::new(client))
    }

    /// Creates the tables if they do not exist ([`SCHEMA`]).
    pub async fn create_tables(&self) -> Result<(), JournalError> {
        self.client
            .batch_execute(SCHEMA)
            .await
            .map_err(failed("cannot create the journal's tables"))
    }

    /// The client.
    pub fn client(&self) -> &Client {
        &self.client
    }
}

fn step_of(onboarding: &str, row: &Row) -> Result<StepRecord, JournalError> {
    let step: String = row.get(0);
    let state: String = row.get(1);
    let Some(parsed) = StepState::parse(&state) else {
        return Err(JournalError::Corrupt {
            onboarding: onboarding.to_owned(),
            step,
            state,
        });
    };
    Ok(StepRecord {
        step,
        state: parsed,
        request_id: row.get(2),
        file_sha256: row.get(3),
        doku_id: row.get(4),
        brand_id: row.get(5),
        detail: row.get(6),
        orphaned_request_ids: StepRecord::orphans_from(row.get(7)),
    })
}

impl Journal for PostgresJournal {
    async fn acquire(
        &self,
        onboarding: &str,
        now: i64,
        lease_until: i64,
    ) -> Result<Option<Lease>, JournalError> {
        let lease = Lease::new(onboarding);
        let won = self
            .client
            .query_opt(ACQUIRE, &[&onboarding, &lease.token(), &lease_until, &now])
            .await
            .map_err(failed("cannot take the onboarding's lease"))?;
        Ok(won
            .is_some_and(|row| row.get::<_, &str>(0) == lease.token())
            .then_some(lease))
    }

    async fn steps(&self, onboarding: &str) -> Result<Vec<StepRecord>, JournalError> {
        let rows = self
            .client
            .query(
                "SELECT step, state, request_id, file_sha256, doku_id, brand_id, detail,
                        orphaned_request_ids
                 FROM doku_onboarding_step WHERE onboarding_id = $1 ORDER BY seq",
                &[&onboarding],
            )
            .await
            .map_err(failed("cannot read the onboarding's steps"))?;
        rows.iter().map(|row| step_of(onboarding, row)).collect()
    }

    async fn record(
        &self,
        lease: &Lease,
        record: &StepRecord,
        lease_until: i64,
    ) -> Result<(), JournalError> {
        let written = self
            .client
            .execute(
                RECORD,
                &[
                    &lease.onboarding(),
                    &lease.token(),
                    &lease_until,
                    &record.step,
                    &record.state.as_str(),
                    &record.request_id,
                    &record.file_sha256,
                    &record.doku_id,
                    &record.brand_id,
                    &record.detail,
                    &record.orphans_text(),
                ],
            )
            .await
            .map_err(failed("cannot write the step"))?;
        if written == 1 {
            Ok(())
        } else {
            Err(JournalError::lost(lease))
        }
    }

    async fn release(&self, lease: &Lease) -> Result<(), JournalError> {
        self.client
            .execute(
                "UPDATE doku_onboarding_lease SET until = 0
                 WHERE onboarding_id = $1 AND token = $2",
                &[&lease.onboarding(), &lease.token()],
            )
            .await
            .map_err(failed("cannot release the onboarding's lease"))?;
        Ok(())
    }
}
