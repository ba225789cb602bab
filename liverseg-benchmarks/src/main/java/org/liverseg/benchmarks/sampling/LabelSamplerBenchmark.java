package org.liverseg.benchmarks.sampling;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.sampling.BatchCollator;
import org.liverseg.sampling.LabelSampler;
import org.liverseg.sampling.Patch;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link LabelSampler}: 1,000 patches of 96^3 from one 256x256x200 subject (CT float32 + label),
 * label probabilities {0: 0.2, 1: 0.3, 2: 0.5}, the per-subject setup included in every operation.
 * TorchIO 0.20.24 takes 9.3-10.9 s for this on our 2-core machine (its figure includes cropping
 * each patch). {@code collate} says what happens to the patches, in batches of 2 into reused
 * arrays: {@code none} (locations only), {@code ct+label} (CT and labels as float channels, the
 * equivalent of TorchIO's crop) or {@code ct+onehot} (CT plus a 3-class one-hot target, what
 * training feeds the U-Net).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx3g"})
public class LabelSamplerBenchmark {

  private static final int PATCHES = 1000;
  private static final int BATCH = 2;

  /** What is done with the sampled patches. */
  @Param({"none", "ct+label", "ct+onehot"})
  public String collate;

  private Subject subject;
  private LabelSampler sampler;
  private float[] input;
  private float[] ct;
  private float[] target;
  private long seed;

  /** Builds the subject and the reused batch arrays. */
  @Setup(Level.Trial)
  public void setup() {
    subject = LiverVolume.make("liver_0", 0, 1);
    sampler = new LabelSampler(Shape.cube(96), "label", Map.of(0, 0.2, 1, 0.3, 2, 0.5));
    int patch = 96 * 96 * 96;
    input = new float[BATCH * 2 * patch];
    ct = new float[BATCH * patch];
    target = new float[BATCH * 3 * patch];
  }

  /** Per-subject setup plus 1,000 patches (and their collation). */
  @Benchmark
  public void thousandPatches(Blackhole bh) {
    Iterator<Patch> it = sampler.sample(subject, new SplittableRandom(seed++));
    List<Patch> batch = new ArrayList<>(BATCH);
    for (int n = 0; n < PATCHES; n++) {
      batch.add(it.next());
      if (batch.size() == BATCH) {
        switch (collate) {
          case "ct+label" -> BatchCollator.collateInto(batch, List.of("ct", "label"), input);
          case "ct+onehot" -> {
            BatchCollator.collateInto(batch, List.of("ct"), ct);
            BatchCollator.oneHotInto(batch, "label", 3, target);
          }
          default -> bh.consume(batch.get(0).location());
        }
        batch.clear();
      }
    }
    bh.consume(input);
    bh.consume(ct);
    bh.consume(target);
  }
}
