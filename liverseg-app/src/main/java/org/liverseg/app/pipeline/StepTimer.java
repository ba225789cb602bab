package org.liverseg.app.pipeline;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Wall time of named pipeline steps, in the order they ran, for the report. */
public final class StepTimer {

  /** A step that may throw. */
  @FunctionalInterface
  public interface Step<T> {
    /** Runs the step. */
    T run() throws Exception;
  }

  private final Map<String, Duration> timings = new LinkedHashMap<>();

  /** Runs {@code step} and records its wall time under {@code name} (also when it throws). */
  public <T> T time(String name, Step<T> step) throws Exception {
    long t0 = System.nanoTime();
    try {
      return step.run();
    } finally {
      timings.merge(name, Duration.ofNanos(System.nanoTime() - t0), Duration::plus);
    }
  }

  /** The recorded timings, in order. */
  public Map<String, Duration> timings() {
    return Collections.unmodifiableMap(timings);
  }
}
