package org.liverseg.app.pipeline;

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
}
