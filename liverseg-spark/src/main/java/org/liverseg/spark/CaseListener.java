package org.liverseg.spark;

/**
 * Told on the driver about each case of a job as it finishes (when its task ends), once per case,
 * in finishing order; the calls come from Spark's listener thread, one at a time.
 */
@FunctionalInterface
public interface CaseListener {

  /**
   * A case finished.
   *
   * @param result its row
   * @param finished how many cases have finished, this one included
   * @param total how many cases the job has
   */
  void caseFinished(CaseResult result, int finished, int total);
}
