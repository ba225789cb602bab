package org.liverseg.spark;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import scala.collection.Iterator;

/**
 * Driver-side progress of a job: every task adds its cases' results to a named accumulator, whose
 * per-task update Spark hands to listeners with the task's end event (only for successful tasks, so
 * a failed attempt's cases are not reported twice); this listener passes each result on to a {@link
 * CaseListener}. Results arrive per task: one case per task (the job's default) gives one line per
 * case as it finishes. {@link #drain} reports whatever the listener bus had not delivered yet when
 * the job returned, so every case is reported exactly once.
 */
final class ProgressListener extends SparkListener {

  private final long accumulatorId;
  private final CaseListener listener;
  private final int total;
  private final Set<String> reported = ConcurrentHashMap.newKeySet();
  private int finished;

  ProgressListener(long accumulatorId, CaseListener listener, int total) {
    this.accumulatorId = accumulatorId;
    this.listener = listener;
    this.total = total;
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    if (!end.taskInfo().successful()) {
      return;
    }
    Iterator<AccumulableInfo> it = end.taskInfo().accumulables().iterator();
    while (it.hasNext()) {
      AccumulableInfo info = it.next();
      if (info.id() == accumulatorId && info.update().isDefined()) {
        Object update = info.update().get();
        if (update instanceof List<?> results) {
          for (Object r : results) {
            if (r instanceof CaseResult c) {
              report(c);
            }
          }
        }
      }
    }
  }

  /** Reports the results not reported yet (after the job). */
  void drain(List<CaseResult> results) {
    results.forEach(this::report);
  }

  private synchronized void report(CaseResult r) {
    if (reported.add(r.caseId())) {
      listener.caseFinished(r, ++finished, total);
    }
  }
}
