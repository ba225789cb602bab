package org.liverseg.spark;

import java.util.Arrays;
import org.apache.spark.TaskContext;

/**
 * A test hook that kills a task once, to check that Spark's retry leaves correct outputs: when the
 * system property {@value #PROPERTY} (of the JVM running the task) lists a case id, the first
 * attempt of the task that segments that case throws {@link InjectedFault} right after the case's
 * mask was renamed into place and before its sidecar is written, the most awkward moment to die.
 * Unset (always, outside tests) it does nothing.
 */
final class FaultInjection {

  /** Comma-separated case ids whose task's first attempt dies. */
  static final String PROPERTY = "liverseg.spark.test.failOnce";

  private FaultInjection() {}

  /** What the hook throws. */
  static final class InjectedFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InjectedFault(String message) {
      super(message);
    }
  }

  /** Throws {@link InjectedFault} if {@code caseId} is listed and this is a first attempt. */
  static void afterMaskWritten(String caseId) {
    String ids = System.getProperty(PROPERTY);
    TaskContext tc = TaskContext.get();
    if (ids == null || tc == null || tc.attemptNumber() > 0) {
      return;
    }
    if (Arrays.stream(ids.split(",")).map(String::trim).anyMatch(caseId::equals)) {
      throw new InjectedFault(
          "injected fault after the mask of case "
              + caseId
              + " (task attempt "
              + tc.attemptNumber()
              + ")");
    }
  }
}
