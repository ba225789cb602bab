package org.liverseg.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

class NativeThreadsTest {

  @Test
  void setsTheOpenMpThreadCountAtRunTime() {
    Nd4j.getExecutioner(); // loads the native backend, whose OpenMP settings are read below
    var ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
    int before = ops.ompGetMaxThreads();
    try {
      NativeThreads.apply(1);
      assertEquals(1, ops.ompGetMaxThreads());
      NativeThreads.apply(0); // 0 leaves the setting alone
      assertEquals(1, ops.ompGetMaxThreads());
    } finally {
      ops.setOmpNumThreads(before);
    }
  }

  @Test
  void theSettingBelongsToTheCallingThread() throws Exception {
    Nd4j.getExecutioner();
    var ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
    NativeThreads.apply(1);
    int[] seen = new int[2];
    Thread other =
        new Thread(
            () -> {
              seen[0] = ops.ompGetMaxThreads();
              NativeThreads.apply(3);
              seen[1] = ops.ompGetMaxThreads();
            });
    other.start();
    other.join();
    // another thread neither saw this thread's 1 nor changed it with its 3 (libgomp keeps the
    // value per thread): each Spark task sets its own
    assertEquals(3, seen[1]);
    assertEquals(1, ops.ompGetMaxThreads());
  }
}
