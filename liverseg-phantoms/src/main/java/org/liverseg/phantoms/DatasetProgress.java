package org.liverseg.phantoms;

/**
 * Told about each case as {@link PhantomGenerator#writeDataset} finishes writing it. Calls come
 * from worker threads, one at a time (never concurrently), with {@code done} counting up to {@code
 * total}.
 */
@FunctionalInterface
public interface DatasetProgress {

  /** A listener that ignores progress. */
  DatasetProgress NONE = (caseId, done, total) -> {};

  /**
   * Case {@code caseId} has been written; {@code done} of {@code total} cases are finished.
   *
   * @param caseId the case's id, e.g. {@code liver_3}
   * @param done cases finished so far, 1..total
   * @param total cases to write
   */
  void caseWritten(String caseId, int done, int total);
}
