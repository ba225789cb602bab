package org.liverseg.sampling;

import java.util.List;
import org.liverseg.sampling.EpochPlan.Visit;

/** A {@link VisitSource} without threads: each visit is produced in the consumer when taken. */
final class SynchronousVisits implements VisitSource {

  private final VisitWork work;
  private boolean closed;

  SynchronousVisits(VisitWork work) {
    this.work = work;
  }

  @Override
  public List<Patch> take(Visit visit) {
    if (closed) {
      throw new IllegalStateException("the queue was closed");
    }
    try {
      return work.run(visit);
    } catch (RuntimeException | Error e) {
      throw work.failure(visit, e);
    }
  }

  @Override
  public void release(int patches) {}

  @Override
  public void close() {
    closed = true;
  }
}
