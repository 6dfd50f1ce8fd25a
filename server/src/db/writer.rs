//! Durable saves, committed in groups on SQLite.
//!
//! SQLite lets one connection write at a time. With several pool connections writing, each save
//! waits for the file lock in `busy_timeout`'s sleeps (growing to 100 ms) and pays an fsync of its
//! own: 64 people saving at once got 0.22 of what the disk can commit, p99 138 ms. Here one writer
//! connection takes every save queued while its last commit ran, runs each in a savepoint of one
//! transaction and commits them together: one fsync for the group, no lock waits. A save is
//! answered only after the commit that holds it has returned, so `kill -9` loses nothing that was
//! acknowledged; a save that fails rolls back to its savepoint alone and the others still commit.
//!
//! PostgreSQL groups concurrent commits itself and lets writers run side by side, so there each
//! save is simply its own transaction on the pool.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;

use futures_util::FutureExt;
use sqlx::{AnyConnection, AnyPool};
use tokio::sync::{mpsc, oneshot};

use crate::error::{Error, Result};

/// What a save does on the connection it is given, inside its transaction.
pub type WriteFuture<'c, T> = Pin<Box<dyn Future<Output = Result<T>> + Send + 'c>>;

/// The most saves one commit takes: bounds how long a group holds the write lock.
const MAX_GROUP: usize = 256;
/// Saves waiting for the writer; beyond this, callers wait to be queued (back-pressure).
const QUEUE: usize = 1024;

#[derive(Clone)]
pub struct Writes(Inner);

#[derive(Clone)]
enum Inner {
    Group(mpsc::Sender<Job>),
    Pool(AnyPool),
}

/// A queued save: runs on the writer's transaction and says whether its work stays.
type Job = Box<dyn for<'c> FnOnce(&'c mut AnyConnection) -> Pin<Box<dyn Future<Output = Ran> + Send + 'c>> + Send>;

/// A save that ran: kept (answered once the commit's outcome is known) or failed (answered).
enum Ran {
    Kept(Answer),
    Failed,
}

/// Tells a kept save's caller how the commit that held it went.
type Answer = Box<dyn FnOnce(std::result::Result<(), &sqlx::Error>) + Send>;

impl Writes {
    /// Saves queue for the one connection `connect` opens, which commits them in groups.
    ///
    /// The writer runs on a thread of its own. A group is a chain of statements, each a round trip
    /// to the connection's worker thread; as one task among a wave of requests on the shared
    /// runtime, the writer waited its turn after every one of them, and the chain, not the disk,
    /// set the pace. The connection is opened from that thread, after [`pin_to_one_core`].
    pub async fn group_commit<C>(connect: C) -> anyhow::Result<Self>
    where
        C: Future<Output = anyhow::Result<AnyPool>> + Send + 'static,
    {
        let (queue, jobs) = mpsc::channel(QUEUE);
        let (opened, open) = oneshot::channel();
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
        std::thread::Builder::new().name("nes-sqlite-writer".into()).spawn(move || {
            pin_to_one_core();
            runtime.block_on(async move {
                match connect.await {
                    Ok(writer) => {
                        let _ = opened.send(Ok(()));
                        write_groups(writer, jobs).await;
                    }
                    Err(error) => {
                        let _ = opened.send(Err(error));
                    }
                }
            });
        })?;
        open.await.map_err(|_| anyhow::anyhow!("the SQLite writer stopped before opening its connection"))??;
        Ok(Self(Inner::Group(queue)))
    }

    /// Each save is its own transaction on `pool`.
    pub fn pooled(pool: AnyPool) -> Self {
        Self(Inner::Pool(pool))
    }

    /// Runs `work` in a transaction and returns its result once that is durable. An error from
    /// `work` undoes its own changes only.
    pub async fn transaction<T, F>(&self, work: F) -> Result<T>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut AnyConnection) -> WriteFuture<'c, T> + Send + 'static,
    {
        match &self.0 {
            Inner::Pool(pool) => {
                let mut tx = pool.begin().await?;
                let value = work(&mut tx).await?;
                tx.commit().await?;
                Ok(value)
            }
            Inner::Group(queue) => {
                let (answer, answered) = oneshot::channel();
                let job: Job = Box::new(move |conn| {
                    Box::pin(async move {
                        match work(conn).await {
                            Ok(value) => Ran::Kept(Box::new(move |committed| {
                                let _ = answer.send(committed.map(|()| value).map_err(Error::shared_database));
                            })),
                            Err(error) => {
                                let _ = answer.send(Err(error));
                                Ran::Failed
                            }
                        }
                    })
                });
                queue.send(job).await.map_err(|_| Error::database_unavailable())?;
                // No answer means the save never reached a transaction (see `commit_group`).
                answered.await.unwrap_or_else(|_| Err(Error::database_unavailable()))
            }
        }
    }
}

/// Keeps the writer thread, and the worker thread sqlx starts from it for its connection, on the
/// first core this process may use. The two hand every statement back and forth: on two cores each
/// hand-off wakes the other core (on a virtual machine, through the hypervisor), about 50 µs a
/// statement on the 2-core machine of README's benchmark against 10 µs on one core, and the p99 of
/// its wave of saves fell from 21–32 ms to 16–20 ms. Where pinning is not allowed it runs unpinned.
fn pin_to_one_core() {
    let first = core_affinity::get_core_ids().and_then(|cores| cores.into_iter().next());
    if !first.is_some_and(core_affinity::set_for_current) {
        tracing::debug!("the SQLite writer runs unpinned");
    }
}

/// The writer: whatever queued while the last group committed is the next group.
async fn write_groups(writer: AnyPool, mut jobs: mpsc::Receiver<Job>) {
    let mut group = Vec::with_capacity(MAX_GROUP);
    while jobs.recv_many(&mut group, MAX_GROUP).await > 0 {
        commit_group(&writer, group.drain(..)).await;
    }
}

/// One transaction for `jobs`, a savepoint each. A job dropped unrun (no transaction could be
/// begun, or it panicked) is answered 503 through its closed channel.
///
/// Each statement is a hop to the connection's worker thread, which is most of what a save costs,
/// so a kept save's savepoint is never released on its own: the group's COMMIT releases them all,
/// and `ROLLBACK TO` undoes just the newest of that name, the failed save's.
async fn commit_group(writer: &AnyPool, jobs: impl Iterator<Item = Job>) {
    let mut tx = match writer.begin().await {
        Ok(tx) => tx,
        Err(error) => return tracing::warn!("cannot begin a group commit: {error}"),
    };
    let mut kept = Vec::new();
    for job in jobs {
        if let Err(error) = sqlx::query("SAVEPOINT save").execute(&mut *tx).await {
            tracing::warn!("cannot begin a savepoint: {error}");
            continue;
        }
        // A bug in one save must not stop the writer, or every later save would fail.
        match AssertUnwindSafe(job(&mut tx)).catch_unwind().await {
            Ok(Ran::Kept(answer)) => kept.push(answer),
            Ok(Ran::Failed) | Err(_) => {
                if let Err(error) = sqlx::query("ROLLBACK TO save").execute(&mut *tx).await {
                    tracing::warn!("cannot roll back a savepoint: {error}");
                }
            }
        }
    }
    let committed = tx.commit().await;
    if let Err(error) = &committed {
        tracing::warn!("group commit of {} saves failed: {error}", kept.len());
    }
    for answer in kept {
        answer(committed.as_ref().map(|_| ()));
    }
}
