package org.liverseg.sampling;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.liverseg.io.Subject;
import org.liverseg.sampling.EpochPlan.Visit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background workers that load, transform and sample subject visits ahead of the consumer, with
 * bounded memory: at most {@code capacity} patches are ready but not yet handed out, and each
 * worker holds at most one subject.
 *
 * <p>Workers take visits in sequence order and run on through epoch boundaries (the plan is
 * deterministic, so the next epoch can be prepared while this one drains). A worker first loads and
 * samples its subject, then reserves room for the visit's patches; reservations are granted
 * strictly in sequence order, which rules out deadlock (the visits the consumer waits for always
 * come first) and lets the last subject of a fill be loaded while the buffer is still full. Then it
 * detaches the patches, drops the subject and publishes the result (or the failure).
 *
 * <p>{@link #close()} wakes and interrupts every worker and waits for them to end (at most {@link
 * #JOIN_MILLIS} each, which only a transform ignoring interruption can use up).
 */
final class WorkerPool implements VisitSource {

  /** Longest wait for one worker to end in {@link #close()}. */
  static final long JOIN_MILLIS = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);

  /** A failed visit's result. */
  private record Failure(Throwable cause) {}

  private final EpochPlan plan;
  private final VisitWork work;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Map<Long, Object> results = new HashMap<>();
  private final List<Thread> threads = new ArrayList<>();
  private long nextToTake;
  private long nextToReserve;
  private int free;
  private boolean closed;

  WorkerPool(
      EpochPlan plan, VisitWork work, int workers, int capacity, long firstSequence, String name) {
    this.plan = plan;
    this.work = work;
    this.free = capacity;
    this.nextToTake = firstSequence;
    this.nextToReserve = firstSequence;
    for (int w = 0; w < workers; w++) {
      Thread t = new Thread(this::run, name + "-worker-" + w);
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);
  }

  private void run() {
    while (true) {
      long sequence;
      lock.lock();
      try {
        if (closed) {
          return;
        }
        sequence = nextToTake++;
      } finally {
        lock.unlock();
      }
      Visit visit = plan.visit(sequence);
      List<Patch> patches = null;
      Throwable failure = null;
      try {
        Subject subject = work.load(visit);
        patches = work.sample(subject, visit);
      } catch (Throwable t) {
        failure = t;
      }
      if (!reserve(sequence, failure == null ? visit.count() : 0)) {
        return; // closed
      }
      if (failure == null) {
        try {
          patches = work.finish(patches);
        } catch (Throwable t) {
          failure = t;
        }
      }
      publish(sequence, failure == null ? patches : new Failure(failure));
    }
  }

  /** Waits for this visit's turn and room for {@code count} patches; false if the pool closed. */
  private boolean reserve(long sequence, int count) {
    lock.lock();
    try {
      while (!closed && (nextToReserve != sequence || free < count)) {
        changed.await();
      }
      if (closed) {
        return false;
      }
      free -= count;
      nextToReserve++;
      changed.signalAll();
      return true;
    } catch (InterruptedException e) {
      return false; // only close() interrupts workers
    } finally {
      lock.unlock();
    }
  }

  private void publish(long sequence, Object result) {
    lock.lock();
    try {
      if (!closed) {
        results.put(sequence, result);
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<Patch> take(Visit visit) {
    Object result;
    lock.lock();
    try {
      while (!results.containsKey(visit.sequence())) {
        if (closed) {
          throw new IllegalStateException("the queue was closed");
        }
        changed.await();
      }
      result = results.remove(visit.sequence());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      String id = work.subjectId(visit);
      throw new PatchQueueException(
          String.format(
              "PatchQueue: interrupted while waiting for the patches of subject %s"
                  + " (dataset index %d, epoch %d)",
              id, visit.subjectIndex(), visit.epoch()),
          id,
          e);
    } finally {
      lock.unlock();
    }
    if (result instanceof Failure f) {
      throw work.failure(visit, f.cause());
    }
    @SuppressWarnings("unchecked")
    List<Patch> patches = (List<Patch>) result;
    return patches;
  }

  @Override
  public void release(int patches) {
    lock.lock();
    try {
      free += patches;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      results.clear();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    threads.forEach(Thread::interrupt);
    boolean interrupted = false;
    for (Thread t : threads) {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(JOIN_MILLIS);
      while (t.isAlive() && System.nanoTime() < deadline) {
        try {
          t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        } catch (InterruptedException e) {
          interrupted = true; // finish closing, then restore the flag
        }
      }
      if (t.isAlive()) {
        LOG.warn(
            "queue worker {} did not end within {} ms of close(); its transform ignores interruption",
            t.getName(),
            JOIN_MILLIS);
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
