package org.liverseg.benchmarks.transforms;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.liverseg.io.Affine;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.transforms.spatial.CropOrPad;
import org.liverseg.transforms.spatial.RandomAffine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hot paths of liverseg-transforms on the volumes of issue 3.
 *
 * <ul>
 *   <li>{@code randomAffine}: a 256x256x200 float32 image (linear) + its uint8 label map (nearest),
 *       rotation 7 degrees about z and scale 1.05 about the centre, the same work as {@code
 *       ../shared/anchors/scipy_affine_bench.py} (scipy 1.10, one thread: 1.51 s on a quiet
 *       machine). Target: at most 0.35 s on 2 cores.
 *   <li>{@code cropOrPad}: 512x512x200 to 256x256x200 on a subject of two float32 images and one
 *       label map: one {@code System.arraycopy} per row; bytes moved = 2 x 117.96 MB (read +
 *       write), so GB/s = 0.236 / seconds.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx8g"})
public class TransformsBenchmark {

  private static final double[] SCALES = {1.05, 1.05, 1.05};
  private static final double[] DEGREES = {0, 0, 7};
  private static final double[] NO_TRANSLATION = {0, 0, 0};

  private Subject ctAndLabel;
  private Subject threeImages;
  private RandomAffine affine;
  private CropOrPad cropOrPad;

  /** Builds the volumes (noise image and thresholded labels, constant 512^2 images). */
  @Setup(Level.Trial)
  public void setup() {
    Shape shape = Shape.of(256, 256, 200);
    SplittableRandom r = new SplittableRandom(0);
    float[] v = new float[shape.voxelsAsInt()];
    byte[] l = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextGaussian();
      l[i] = (byte) (v[i] > 1 ? 1 : 0);
    }
    Affine a = Affine.identity();
    ctAndLabel =
        Subject.builder("affine")
            .image("ct", ScalarImage.of(shape, a, v))
            .image("label", LabelMap.of(new ImageGeometry(shape, 1, a), l))
            .build();
    Shape big = Shape.of(512, 512, 200);
    Affine b = Affine.diagonal(0.7, 0.7, 2.5);
    float[] v1 = new float[big.voxelsAsInt()];
    float[] v2 = new float[big.voxelsAsInt()];
    byte[] lb = new byte[big.voxelsAsInt()];
    Arrays.fill(v1, 1);
    Arrays.fill(v2, 2);
    Arrays.fill(lb, (byte) 1);
    threeImages =
        Subject.builder("croporpad")
            .image("ct", ScalarImage.of(big, b, v1))
            .image("pet", ScalarImage.of(big, b, v2))
            .image("label", LabelMap.of(new ImageGeometry(big, 1, b), lb))
            .build();
    affine = RandomAffine.builder().build();
    cropOrPad = CropOrPad.builder().target(256, 256, 200).build();
  }

  /** RandomAffine's resampling with fixed parameters (image linear + label nearest). */
  @Benchmark
  public Subject randomAffine() {
    return affine.apply(ctAndLabel, SCALES, DEGREES, NO_TRANSLATION);
  }

  /** CropOrPad 512x512x200 -> 256x256x200 of three images. */
  @Benchmark
  public Subject cropOrPad() {
    return cropOrPad.apply(threeImages);
  }
}
