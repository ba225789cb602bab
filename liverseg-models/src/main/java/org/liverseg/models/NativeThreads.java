package org.liverseg.models;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Sets the number of OpenMP threads ND4J's native code uses, at run time (the same effect as {@code
 * OMP_NUM_THREADS}, which a running JVM cannot set for itself).
 *
 * <p>Why it matters: measured on the 2-core machine while other processes kept it busy, one
 * training step of the CPU preset took 5-8 s with 2 OpenMP threads and 1.3-2.3 s with 1, because
 * OpenMP threads wait for each other at every barrier when one of them is descheduled. On an idle
 * machine 2 threads are faster. {@code Nd4j.getEnvironment().setMaxThreads} did not change the
 * OpenMP thread count in ND4J 1.0.0-M2.1.
 *
 * <p>The setting belongs to the calling thread (OpenMP's {@code nthreads-var}, which libgomp keeps
 * per thread; checked by this class's test): call it on the thread that runs the network, e.g. at
 * the start of each Spark task.
 */
public final class NativeThreads {

  private NativeThreads() {}

  /**
   * Uses {@code threads} OpenMP threads from now on in this thread's native calls; 0 leaves the
   * setting alone.
   */
  public static void apply(int threads) {
    if (threads <= 0) {
      return;
    }
    Nd4j.getExecutioner(); // loads the native backend first
    NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
  }
}
