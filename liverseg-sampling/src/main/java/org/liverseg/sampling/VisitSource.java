package org.liverseg.sampling;

import java.util.List;
import org.liverseg.sampling.EpochPlan.Visit;

/**
 * Where a {@link PatchQueue}'s epoch iterator gets the patches of each subject visit, in visit
 * order: computed on the spot ({@link SynchronousVisits}) or by background workers ({@link
 * WorkerPool}).
 */
interface VisitSource extends AutoCloseable {

  /**
   * The patches of the visit, waiting for them if needed. Visits are taken in increasing sequence.
   *
   * @throws PatchQueueException naming the subject if producing them failed or the wait was
   *     interrupted (the thread's interrupt flag is then set again)
   * @throws IllegalStateException if the source was closed
   */
  List<Patch> take(Visit visit);

  /**
   * The consumer has handed out {@code patches} patches: the buffer has room for that many more.
   */
  void release(int patches);

  /** Stops all work; returns once no thread of the source is alive (or a bounded wait expired). */
  @Override
  void close();
}
