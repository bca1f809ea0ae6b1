//! Work that may take longer than a frame: one generic [`Worker`] (a named thread, a job
//! channel and a reply channel) serves the reader ([`reader`]), photo preparation
//! ([`photos`]) and the 数据 screen's tasks ([`data`]). The app sends jobs after the frame and
//! collects replies at the start of the next one; the thread wakes the UI when a reply is in.
//!
//! Tests may run a worker inline: the job runs on the calling thread when sent and its reply
//! waits in the same channel, so screens behave the same, deterministically.

pub mod data;
pub mod photos;
pub mod reader;
pub mod safety;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use crate::ui::error::UiError;

/// A piece of background work and what it answers.
pub trait Job: Send + 'static {
    /// The answer.
    type Reply: Send + 'static;

    /// True when this job, still queued, is no longer wanted because `newer` was queued after
    /// it (the user changed the filter again). Such a job is dropped unanswered.
    fn superseded_by(&self, newer: &Self) -> bool {
        let _ = newer;
        false
    }

    /// Jobs queued together run lowest first (what the user waits for before decoration).
    fn priority(&self) -> u8 {
        0
    }

    /// The answer when running this job panicked (in our code or a dependency's): the job
    /// fails with `message` and the worker goes on with the next one.
    fn panic_reply(&self, message: &str) -> Self::Reply;
}

/// The worker's thread has stopped (it panicked or could not start); the job was not queued.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the background worker `{0}` has stopped")]
pub struct WorkerStopped(pub &'static str);

enum Runner<J: Job> {
    Thread(Sender<J>),
    Inline(Box<dyn FnMut(J) -> J::Reply>, Sender<J::Reply>),
}

/// A background worker for jobs of type `J`.
pub struct Worker<J: Job> {
    name: &'static str,
    runner: Runner<J>,
    replies: Receiver<J::Reply>,
    /// Jobs sent and not yet answered or dropped.
    in_flight: Arc<AtomicUsize>,
}

impl<J: Job> Worker<J> {
    /// Starts a thread called `name`. `make` runs on that thread first and returns the job
    /// handler (it may open its own database connection there); `wake` is called after each
    /// reply so the UI draws it.
    pub fn spawn<F, H>(
        name: &'static str,
        wake: impl Fn() + Send + 'static,
        make: F,
    ) -> std::io::Result<Worker<J>>
    where
        F: FnOnce() -> H + Send + 'static,
        H: FnMut(&J) -> J::Reply,
    {
        let (job_tx, job_rx) = channel::<J>();
        let (thread_replies, replies) = channel();
        let in_flight = Arc::new(AtomicUsize::new(0));
        let thread_in_flight = Arc::clone(&in_flight);
        std::thread::Builder::new()
            .name(name.to_owned())
            .spawn(move || {
                let mut handler = make();
                while let Ok(first) = job_rx.recv() {
                    let mut queued = vec![first];
                    queued.extend(job_rx.try_iter());
                    let count = queued.len();
                    let batch = keep_wanted(queued);
                    thread_in_flight.fetch_sub(count - batch.len(), Ordering::AcqRel);
                    for job in batch {
                        let reply = run_caught(&mut handler, job);
                        thread_in_flight.fetch_sub(1, Ordering::AcqRel);
                        if thread_replies.send(reply).is_err() {
                            // The app is gone.
                            return;
                        }
                        wake();
                    }
                }
            })?;
        Ok(Worker {
            name,
            runner: Runner::Thread(job_tx),
            replies,
            in_flight,
        })
    }

    /// A worker that runs each job on the calling thread when it is sent (tests, and where
    /// no thread is wanted).
    pub fn inline(name: &'static str, handler: impl FnMut(&J) -> J::Reply + 'static) -> Worker<J> {
        let (reply_tx, replies) = channel();
        let mut handler = handler;
        Worker {
            name,
            runner: Runner::Inline(Box::new(move |job| run_caught(&mut handler, job)), reply_tx),
            replies,
            in_flight: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// A worker called `name` for the app: a thread, or inline when `inline` (tests). `make`
    /// builds the job handler, on the thread when there is one.
    pub fn start<F, H>(
        name: &'static str,
        inline: bool,
        wake: impl Fn() + Send + 'static,
        make: F,
    ) -> Result<Worker<J>, UiError>
    where
        F: FnOnce() -> H + Send + 'static,
        H: FnMut(&J) -> J::Reply + 'static,
    {
        if inline {
            return Ok(Worker::inline(name, make()));
        }
        Worker::spawn(name, wake, make).map_err(|e| UiError::Failed(format!("{name}: {e}")))
    }

    /// Queues a job.
    pub fn send(&mut self, job: J) -> Result<(), WorkerStopped> {
        match &mut self.runner {
            Runner::Thread(jobs) => {
                self.in_flight.fetch_add(1, Ordering::AcqRel);
                jobs.send(job).map_err(|_| {
                    self.in_flight.fetch_sub(1, Ordering::AcqRel);
                    WorkerStopped(self.name)
                })
            }
            Runner::Inline(handler, replies) => {
                let reply = handler(job);
                replies.send(reply).map_err(|_| WorkerStopped(self.name))
            }
        }
    }

    /// The replies that arrived since the last call, oldest first.
    pub fn poll(&mut self) -> Vec<J::Reply> {
        self.replies.try_iter().collect()
    }

    /// Waits up to `timeout` for the next reply (tests and command-line use).
    pub fn wait(&mut self, timeout: Duration) -> Option<J::Reply> {
        self.replies.recv_timeout(timeout).ok()
    }

    /// Jobs sent and not yet answered (nor dropped as superseded).
    pub fn busy(&self) -> bool {
        self.in_flight.load(Ordering::Acquire) > 0
    }
}

/// The replies that arrived from `worker`, if it was started (see [`Worker::poll`]).
pub fn replies<J: Job>(worker: &mut Option<Worker<J>>) -> Vec<J::Reply> {
    worker.as_mut().map(Worker::poll).unwrap_or_default()
}

/// The queued jobs that are still wanted, lowest priority value first, in queue order
/// within a priority.
fn keep_wanted<J: Job>(queued: Vec<J>) -> Vec<J> {
    let wanted: Vec<bool> = (0..queued.len())
        .map(|i| {
            !queued[i + 1..]
                .iter()
                .any(|newer| queued[i].superseded_by(newer))
        })
        .collect();
    let mut batch: Vec<J> = queued
        .into_iter()
        .zip(wanted)
        .filter_map(|(job, keep)| keep.then_some(job))
        .collect();
    batch.sort_by_key(Job::priority);
    batch
}

/// Runs one job; a panic becomes the job's failure reply instead of ending the thread.
fn run_caught<J: Job>(handler: &mut impl FnMut(&J) -> J::Reply, job: J) -> J::Reply {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handler(&job))) {
        Ok(reply) => reply,
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown failure".to_owned());
            job.panic_reply(&message)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A test job: a value, the generation of the query it belongs to, and a priority.
    #[derive(Debug, Clone, PartialEq)]
    struct Probe {
        generation: u32,
        value: u32,
        priority: u8,
    }

    impl Job for Probe {
        type Reply = (u32, u32);

        fn superseded_by(&self, newer: &Probe) -> bool {
            newer.generation > self.generation
        }

        fn priority(&self) -> u8 {
            self.priority
        }

        fn panic_reply(&self, _message: &str) -> (u32, u32) {
            (self.generation, u32::MAX)
        }
    }

    fn probe(generation: u32, value: u32) -> Probe {
        Probe {
            generation,
            value,
            priority: 0,
        }
    }

    const TIMEOUT: Duration = Duration::from_secs(10);

    /// A worker whose handler waits for a go-ahead before each job, so a test can queue jobs
    /// behind a running one without sleeping.
    fn gated() -> (Worker<Probe>, Sender<()>, Receiver<u32>) {
        let (go_tx, go_rx) = channel::<()>();
        let (started_tx, started_rx) = channel::<u32>();
        let worker = Worker::spawn(
            "test-worker",
            || {},
            move || {
                move |job: &Probe| {
                    let _sent = started_tx.send(job.value);
                    let _go = go_rx.recv_timeout(TIMEOUT);
                    (job.generation, job.value)
                }
            },
        );
        let Ok(worker) = worker else {
            panic!("cannot start the test worker");
        };
        (worker, go_tx, started_rx)
    }

    #[test]
    fn threaded_worker_answers_in_order_and_wakes() {
        let (wake_tx, wake_rx) = channel::<()>();
        let mut worker = Worker::spawn(
            "test-worker",
            move || {
                let _sent = wake_tx.send(());
            },
            || |job: &Probe| (job.generation, job.value * 2),
        )
        .expect("spawn");
        for value in 1..=3 {
            worker.send(probe(1, value)).expect("send");
        }
        let replies: Vec<_> = (0..3).filter_map(|_| worker.wait(TIMEOUT)).collect();
        assert_eq!(replies, vec![(1, 2), (1, 4), (1, 6)]);
        for _ in 0..3 {
            wake_rx
                .recv_timeout(TIMEOUT)
                .expect("woken after each reply");
        }
        assert!(!worker.busy());
        assert!(worker.poll().is_empty());
    }

    #[test]
    fn queued_jobs_of_an_older_query_are_dropped() {
        let (mut worker, go, started) = gated();
        worker.send(probe(1, 10)).expect("send");
        // The first job runs and waits; these queue up behind it.
        assert_eq!(started.recv_timeout(TIMEOUT), Ok(10));
        worker.send(probe(1, 11)).expect("send");
        worker.send(probe(1, 12)).expect("send");
        worker.send(probe(2, 20)).expect("send");
        worker.send(probe(2, 21)).expect("send");
        assert!(worker.busy());
        for _ in 0..3 {
            go.send(()).expect("go");
        }
        let replies: Vec<_> = (0..3).filter_map(|_| worker.wait(TIMEOUT)).collect();
        assert_eq!(replies, vec![(1, 10), (2, 20), (2, 21)]);
        assert_eq!(worker.wait(Duration::from_millis(50)), None);
        assert!(!worker.busy(), "dropped jobs are not waited for");
    }

    #[test]
    fn queued_jobs_run_by_priority() {
        let (mut worker, go, started) = gated();
        worker.send(probe(1, 1)).expect("send");
        assert_eq!(started.recv_timeout(TIMEOUT), Ok(1));
        let low = Probe {
            generation: 1,
            value: 2,
            priority: 9,
        };
        worker.send(low).expect("send");
        worker.send(probe(1, 3)).expect("send");
        for _ in 0..3 {
            go.send(()).expect("go");
        }
        let order: Vec<u32> = (0..3)
            .filter_map(|_| worker.wait(TIMEOUT))
            .map(|r| r.1)
            .collect();
        assert_eq!(order, vec![1, 3, 2]);
    }

    #[test]
    fn a_panicking_job_fails_alone() {
        let mut worker = Worker::spawn(
            "test-worker",
            || {},
            || {
                |job: &Probe| {
                    if job.value == 0 {
                        panic!("handler failure");
                    }
                    (job.generation, job.value)
                }
            },
        )
        .expect("spawn");
        worker.send(probe(1, 0)).expect("send");
        worker.send(probe(1, 7)).expect("send");
        assert_eq!(worker.wait(TIMEOUT), Some((1, u32::MAX)));
        assert_eq!(worker.wait(TIMEOUT), Some((1, 7)));
    }

    #[test]
    fn inline_worker_answers_at_once() {
        let mut worker = Worker::inline("inline", |job: &Probe| (job.generation, job.value + 1));
        worker.send(probe(3, 4)).expect("send");
        assert!(!worker.busy());
        assert_eq!(worker.poll(), vec![(3, 5)]);
    }
}
