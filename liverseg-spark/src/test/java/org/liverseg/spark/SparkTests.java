package org.liverseg.spark;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/** A local Spark session for tests, and a count of the task attempts that failed in it. */
final class SparkTests {

  private SparkTests() {}

  /**
   * The tests' shared session, {@code local[2,2]}: two task threads, and a failed task is retried
   * once (plain {@code local[2]} never retries). Loopback only, no UI. Test classes share it (one
   * Spark start per JVM); Spark stops it when the JVM exits.
   */
  static SparkSession local() {
    return SparkSession.builder()
        .master("local[2,2]")
        .appName("liverseg-spark tests")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate();
  }

  /** Counts failed task attempts. */
  static final class FailedTasks extends SparkListener {
    final AtomicInteger count = new AtomicInteger();

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
      if (!end.taskInfo().successful()) {
        count.incrementAndGet();
      }
    }
  }
}
