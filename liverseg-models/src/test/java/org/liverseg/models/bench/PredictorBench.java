package org.liverseg.models.bench;

import java.util.Arrays;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.models.Architecture;
import org.liverseg.models.ModelZoo;
import org.liverseg.models.prediction.SegmentationPredictor;
import org.liverseg.phantoms.PhantomGenerator;
import org.liverseg.phantoms.PhantomSize;
import org.liverseg.sampling.GridAggregator;

/**
 * Times whole-volume prediction and the share spent outside the network (tiling, collation,
 * aggregation, argmax). Not a test; see the module README.
 *
 * <pre>
 * PredictorBench ARCHITECTURE[:W1,W2,...] PATCH OVERLAP BATCH [SMALL|FULL] [HANN|AVERAGE|CROP]
 * </pre>
 */
public final class PredictorBench {

  private PredictorBench() {}

  public static void main(String[] args) {
    // a zoo name, optionally with its widths: unet:16,32,64,128 is the network compared with
    // PyTorch
    String[] arch = args[0].split(":", 2);
    Architecture.Builder b = ModelZoo.builder(arch[0]);
    if (arch.length > 1) {
      b.widths(Arrays.stream(arch[1].split(",")).mapToInt(Integer::parseInt).toArray());
    }
    Architecture entry = b.build();
    int patch = Integer.parseInt(args[1]);
    int overlap = Integer.parseInt(args[2]);
    int batch = Integer.parseInt(args[3]);
    PhantomSize size = args.length > 4 ? PhantomSize.valueOf(args[4]) : PhantomSize.SMALL;
    GridAggregator.Mode mode =
        args.length > 5 ? GridAggregator.Mode.valueOf(args[5]) : GridAggregator.Mode.HANN;
    Subject s = PhantomGenerator.builder().size(size).seed(1).threads(1).build().generate(0);
    SegmentationPredictor p =
        SegmentationPredictor.builder()
            .network(entry.newNetwork())
            .patchSize(Shape.cube(patch))
            .overlap(overlap)
            .batchSize(batch)
            .mode(mode)
            .build();
    System.out.println(
        entry
            + " on "
            + s.shape()
            + ", patch "
            + patch
            + ", overlap "
            + overlap
            + ", batch "
            + batch
            + ", "
            + mode);
    for (int i = 0; i < 3; i++) {
      SegmentationPredictor.Timing t = p.predict(s).timing();
      System.out.printf(
          "run %d: %d patches, total %.3f s, network %.3f s, outside network %.1f %%%n",
          i,
          t.patches(),
          t.totalNanos() / 1e9,
          t.networkNanos() / 1e9,
          100 * t.outsideNetworkFraction());
    }
    System.exit(0);
  }
}
