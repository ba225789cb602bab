package org.liverseg.examples;

import java.util.List;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.phantoms.PhantomGenerator;
import org.liverseg.phantoms.PhantomSize;
import org.liverseg.sampling.BatchCollator;
import org.liverseg.sampling.GridAggregator;
import org.liverseg.sampling.GridSampler;
import org.liverseg.sampling.Patch;

/**
 * Feature example: tile a volume into overlapping patches with a {@link GridSampler}, pass them in
 * batches through a "model" (here the identity), and put them back together with a {@link
 * GridAggregator}: the result equals the input, which is what makes whole-volume inference with
 * patches correct.
 *
 * <pre>
 * mvn -B -pl liverseg-examples -am package -DskipTests   # once: the jar and target/lib/
 * java -cp liverseg-examples/target/liverseg-examples-0.1.0-SNAPSHOT.jar org.liverseg.examples.PatchTiling
 * </pre>
 */
public final class PatchTiling {

  private PatchTiling() {}

  /** Runs the example. */
  public static void main(String[] args) {
    Subject subject =
        PhantomGenerator.builder().size(PhantomSize.SMALL).seed(1).build().generate(0);
    GridSampler grid = new GridSampler(subject, Shape.of(48, 48, 32), new int[] {8});
    System.out.printf(
        "%s -> %d patches of %s, x starts %s%n",
        subject.shape(), grid.size(), grid.patchSize(), java.util.Arrays.toString(grid.starts(0)));
    for (GridAggregator.Mode mode : GridAggregator.Mode.values()) {
      GridAggregator aggregator = new GridAggregator(grid, mode);
      for (List<Patch> batch : grid.batches(4)) {
        float[] identity = BatchCollator.collate(batch, "ct");
        aggregator.add(identity, batch.stream().map(Patch::location).toList());
      }
      ScalarImage out = aggregator.output();
      float[] a = out.voxels();
      float[] b = subject.scalarImage("ct").voxels();
      double maxError = 0;
      for (int i = 0; i < a.length; i++) {
        maxError = Math.max(maxError, Math.abs(a[i] - b[i]));
      }
      System.out.printf("%-7s largest difference to the input: %.3g HU%n", mode, maxError);
    }
  }
}
