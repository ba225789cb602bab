package org.liverseg.transforms.intensity;

import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/** Runs per-slab work in parallel when the volume is large; slabs write disjoint outputs. */
final class Slabs {

  private static final int PARALLEL_THRESHOLD = 1 << 18;

  private Slabs() {}

  static void forEach(int slabs, int values, IntConsumer body) {
    if (values < PARALLEL_THRESHOLD || slabs < 2) {
      for (int s = 0; s < slabs; s++) {
        body.accept(s);
      }
    } else {
      IntStream.range(0, slabs).parallel().forEach(body);
    }
  }
}
