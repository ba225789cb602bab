package org.liverseg.benchmarks.sampling;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.sampling.BatchCollator;
import org.liverseg.sampling.GridAggregator;
import org.liverseg.sampling.GridSampler;
import org.liverseg.sampling.Patch;
import org.liverseg.transforms.spatial.PaddingMode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A whole-volume inference pass without a model: {@link GridSampler} over a 256x256x200 CT (patch
 * 96, overlap 16), batches of 4 collated into one reused array, the identity "model", {@link
 * GridAggregator#add} and {@link GridAggregator#output()}. TorchIO 0.20.24 ('average', batch 4):
 * 1.80-2.07 s and 630 MiB peak on our 2-core machine. Run with {@code -prof gc}: {@code
 * gc.alloc.rate.norm} is the bytes allocated per pass (one output volume is 52.4 MB).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx3g"})
public class GridBenchmark {

  private static final int BATCH = 4;

  /** Aggregation mode. */
  @Param({"AVERAGE"})
  public String mode;

  /** Whether the sampler pads by half the overlap (TorchIO's padding_mode). */
  @Param({"false"})
  public boolean padded;

  private Subject subject;
  private float[] batch;

  /** Builds the CT-only subject and the reused batch array. */
  @Setup(Level.Trial)
  public void setup() {
    Subject s = LiverVolume.make("liver_0", 0, 1);
    subject = Subject.builder(s.id()).image("ct", s.image("ct")).build();
    batch = new float[BATCH * 96 * 96 * 96];
  }

  /** One pass: grid, collation, identity model, aggregation, output. */
  @Benchmark
  public ScalarImage gridPass() {
    GridSampler grid =
        new GridSampler(subject, Shape.cube(96), new int[] {16}, padded ? PaddingMode.ZERO : null);
    GridAggregator aggregator = new GridAggregator(grid, GridAggregator.Mode.valueOf(mode));
    for (List<Patch> b : grid.batches(BATCH)) {
      float[] data = b.size() == BATCH ? batch : new float[b.size() * 96 * 96 * 96];
      BatchCollator.collateInto(b, List.of("ct"), data);
      aggregator.add(data, b.stream().map(Patch::location).toList());
    }
    return aggregator.output();
  }
}
