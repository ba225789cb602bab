package org.liverseg.models.prediction;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.LabelMap;
import org.liverseg.io.NonFiniteVoxelsException;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.io.nifti.Nifti;
import org.liverseg.models.batch.PatchBatch;
import org.liverseg.models.batch.PatchBatches;
import org.liverseg.models.layers.NativeVolumes;
import org.liverseg.sampling.GridAggregator;
import org.liverseg.sampling.GridSampler;
import org.liverseg.sampling.Patch;
import org.liverseg.transforms.Transforms;
import org.liverseg.transforms.label.KeepLargestComponent;
import org.liverseg.transforms.spatial.CropOrPad;
import org.liverseg.transforms.spatial.PaddingMode;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Segments whole volumes with a trained network: a {@link GridSampler} tiles the subject, batches
 * of patches (collated by {@link PatchBatches}, as in training) go through the network, the softmax
 * probabilities are blended by a {@link GridAggregator} (Hann window by default), and a {@link
 * LabelDecision} (argmax by default) makes them a {@link LabelMap} on the subject's grid and
 * affine.
 *
 * <p>Optionally only the largest connected component of all foreground classes together (liver plus
 * tumour) is kept, which removes small false-positive blobs away from the liver (tumours lie inside
 * the liver, so they stay); connectivity 26 by default, 6 on request.
 *
 * <p>By default the volume is zero-padded by half the overlap before tiling (TorchIO's default), so
 * that border voxels are not only seen at a patch's edge; {@code padding(null)} tiles the volume as
 * it is. A volume smaller than the patch along some axis is first zero-padded (centred, {@link
 * CropOrPad}) to the patch there, as nnU-Net pads before its sliding window, and the probabilities
 * are cropped back, so any extent can be segmented.
 *
 * <p>The overlap is either a number of voxels (the same on every axis) or, with {@link
 * Builder#tileStep(double)}, a fraction of the patch per axis (nnU-Net's tile step 0.5:
 * neighbouring patches start half a patch apart). With {@link Builder#mirrorAxes(int...)} every
 * batch also goes through the network flipped along each non-empty subset of those axes (test-time
 * mirroring: {@code 2^n} passes), each output is flipped back, and the softmax outputs are averaged
 * before they are blended, as nnU-Net's {@code _internal_maybe_mirror_and_predict} does.
 *
 * <p>Not thread-safe: a ComputationGraph must not run two forward passes at once.
 */
public final class SegmentationPredictor {

  private final ComputationGraph network;
  private final Shape patchSize;
  private final int[] overlap;
  private final int[] mirrorAxes;
  private final int batchSize;
  private final GridAggregator.Mode mode;
  private final List<String> inputImages;
  private final PaddingMode padding;
  private final boolean keepLargestLiver;
  private final int connectivity;
  private final LabelDecision decision;

  private SegmentationPredictor(Builder b) {
    this.network = b.network;
    this.patchSize = b.patchSize;
    this.overlap = b.overlap();
    this.mirrorAxes = b.mirrorAxes.clone();
    this.batchSize = b.batchSize;
    this.mode = b.mode;
    this.inputImages = List.copyOf(b.inputImages);
    this.padding = b.padding;
    this.keepLargestLiver = b.keepLargestLiver;
    this.connectivity = b.connectivity;
    this.decision = b.decision;
  }

  /** Starts a builder; {@code network} and {@code patchSize} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The result of one volume.
   *
   * @param labels argmax labels on the subject's grid (after the optional largest-component step)
   * @param probabilities aggregated class probabilities, one channel per class
   * @param timing where the time went
   */
  public record Prediction(LabelMap labels, ScalarImage probabilities, Timing timing) {}

  /**
   * The blended class probabilities of one volume, before any label decision.
   *
   * @param probabilities one channel per class, on the subject's grid and affine
   * @param timing where the time went
   */
  public record Probabilities(ScalarImage probabilities, Timing timing) {}

  /**
   * Time spent in the network's forward passes and in total, in nanoseconds.
   *
   * @param networkNanos time inside {@code ComputationGraph.output} (every mirrored pass included)
   * @param totalNanos the whole prediction: tiling, collation, network, aggregation, argmax
   * @param patches number of patches (each counted once, however many mirrored passes it had)
   */
  public record Timing(long networkNanos, long totalNanos, int patches) {
    /**
     * Fraction of the time spent outside the network (sampling, collation, aggregation, argmax).
     */
    public double outsideNetworkFraction() {
      return totalNanos == 0 ? 0 : 1.0 - (double) networkNanos / totalNanos;
    }
  }

  /**
   * Segments {@code subject} (which must hold the input images).
   *
   * @throws org.liverseg.io.NonFiniteVoxelsException naming the subject, image and first voxel if
   *     an input image holds NaN or infinite values (they would make the mask silently wrong)
   * @throws IllegalStateException if the network gives NaN or infinite probabilities (NaN weights:
   *     a diverged or damaged model)
   */
  public Prediction predict(Subject subject) {
    long t0 = System.nanoTime();
    Probabilities p = probabilities(subject);
    LabelMap map = labels(p.probabilities());
    return new Prediction(
        map,
        p.probabilities(),
        new Timing(p.timing().networkNanos(), System.nanoTime() - t0, p.timing().patches()));
  }

  /**
   * The blended class probabilities of {@code subject} on its grid, without a label decision: what
   * {@link #predict} labels.
   *
   * @throws org.liverseg.io.NonFiniteVoxelsException as {@link #predict}
   * @throws IllegalStateException as {@link #predict}
   */
  public Probabilities probabilities(Subject subject) {
    return probabilities(subject, null);
  }

  /**
   * {@link #probabilities(Subject)}, taking the network output of every patch that {@code cache}
   * holds from there and storing the others in it (null: no cache).
   *
   * @throws IllegalArgumentException if {@code cache} was filled with other mirror axes
   */
  public Probabilities probabilities(Subject subject, PatchOutputs cache) {
    long t0 = System.nanoTime();
    if (cache != null) {
      cache.requireMirrorAxes(Arrays.stream(mirrorAxes).boxed().toList());
    }
    for (String name : inputImages) {
      try {
        subject.scalarImage(name).requireFinite();
      } catch (NonFiniteVoxelsException e) {
        throw e.in("subject " + subject.id() + ", image '" + name + "'");
      }
    }
    Shape shape = subject.shape();
    boolean small = !patchSize.fitsIn(shape);
    Subject tiled = subject;
    if (small) {
      // nnU-Net pads a volume smaller than the patch (with 0) and crops the prediction back
      int[] padded = new int[3];
      for (int a = 0; a < 3; a++) {
        padded[a] = Math.max(shape.get(a), patchSize.get(a));
      }
      Subject.Builder only = Subject.builder(subject.id());
      for (String name : inputImages) {
        only.image(name, subject.scalarImage(name));
      }
      tiled = CropOrPad.to(Shape.of(padded)).apply(only.build());
    }
    GridSampler sampler = new GridSampler(tiled, patchSize, overlap, padding);
    GridAggregator aggregator = new GridAggregator(sampler, mode);
    long networkNanos = 0;
    int perPatch = -1;
    List<Patch> all = sampler.patches();
    List<Patch> todo = new ArrayList<>();
    for (Patch p : all) {
      float[] kept = cache == null ? null : cache.get(p.location());
      if (kept != null) {
        aggregator.add(kept, List.of(p.location()));
      } else {
        todo.add(p);
      }
    }
    PatchBatches batches =
        PatchBatches.over(todo).batchSize(batchSize).inputs(inputImages.toArray(String[]::new));
    while (batches.hasNext()) {
      try (PatchBatch batch = batches.nextBatch()) {
        long n0 = System.nanoTime();
        float[] probs = forward(batch.features());
        networkNanos += System.nanoTime() - n0;
        requireFiniteProbabilities(subject, probs);
        if (mirrorAxes.length > 0) {
          probs = mirrored(batch.features(), probs);
          networkNanos += mirrorNetworkNanos;
          mirrorNetworkNanos = 0;
        }
        aggregator.add(probs, batch.locations());
        if (cache != null) {
          perPatch = probs.length / batch.size();
          for (int i = 0; i < batch.size(); i++) {
            cache.put(
                batch.locations().get(i),
                Arrays.copyOfRange(probs, i * perPatch, (i + 1) * perPatch));
          }
        }
      }
    }
    ScalarImage probabilities = aggregator.output();
    if (small) {
      probabilities =
          Transforms.inverse(tiled.withImage(freeName(tiled), probabilities))
              .scalarImage(freeName(tiled));
    }
    return new Probabilities(
        probabilities, new Timing(networkNanos, System.nanoTime() - t0, sampler.size()));
  }

  /** Network time of the mirrored passes of the last {@link #mirrored} call. */
  private long mirrorNetworkNanos;

  /** One forward pass: the softmax output {@code [b, classes, z, y, x]} as floats. */
  private float[] forward(INDArray features) {
    INDArray p = network.outputSingle(false, features);
    float[] probs = NativeVolumes.toFloats(p);
    p.close();
    return probs;
  }

  /**
   * The mean of {@code plain} (the unflipped output) and the outputs of every non-empty subset of
   * the mirror axes, each flipped back.
   */
  private float[] mirrored(INDArray features, float[] plain) {
    long[] shape = features.shape(); // [b, c, z, y, x]
    int volumes = (int) (shape[0] * shape[1]);
    float[] input = NativeVolumes.toFloats(features);
    double[] sum = new double[plain.length];
    for (int i = 0; i < plain.length; i++) {
      sum[i] = plain[i];
    }
    int subsets = 1 << mirrorAxes.length;
    int outVolumes = plain.length / patchSize.voxelsAsInt();
    for (int m = 1; m < subsets; m++) {
      boolean[] flip = new boolean[3];
      for (int j = 0; j < mirrorAxes.length; j++) {
        if ((m & (1 << j)) != 0) {
          flip[mirrorAxes[j]] = true;
        }
      }
      float[] flipped = Mirrors.flip(input, volumes, patchSize, flip);
      float[] out;
      try (INDArray x = Nd4j.create(flipped, shape, 'c')) {
        long n0 = System.nanoTime();
        out = forward(x);
        mirrorNetworkNanos += System.nanoTime() - n0;
      }
      out = Mirrors.flip(out, outVolumes, patchSize, flip);
      for (int i = 0; i < out.length; i++) {
        sum[i] += out[i];
      }
    }
    float[] mean = new float[plain.length];
    for (int i = 0; i < mean.length; i++) {
      mean[i] = (float) (sum[i] / subsets);
    }
    return mean;
  }

  /**
   * Segments a preprocessed subject and maps the labels back onto the original scan's grid and
   * affine by undoing the subject's invertible history ({@code CropOrPad}, {@code Pad}, {@code
   * Crop}, flips, {@code Resample}...; see {@link Transforms#inverse(Subject)}).
   *
   * @param preprocessed the subject as the network expects it, with its transform history
   * @return labels on the original grid (voxels cropped away by preprocessing are background)
   */
  public LabelMap predictOnOriginalGrid(Subject preprocessed) {
    LabelMap onGrid = predict(preprocessed).labels();
    String name = freeName(preprocessed);
    return Transforms.inverse(preprocessed.withImage(name, onGrid)).labelMap(name);
  }

  /** Writes labels as an unsigned-byte NIfTI file ({@code .nii} or {@code .nii.gz}). */
  public static void writeNifti(LabelMap labels, Path file) throws IOException {
    Nifti.write(file, labels);
  }

  private static String freeName(Subject s) {
    String name = "prediction";
    while (s.has(name)) {
      name = "_" + name;
    }
    return name;
  }

  /**
   * The labels of aggregated probabilities, on their grid and affine: this predictor's {@link
   * LabelDecision} (argmax by default), then the optional largest-component step. {@link #predict}
   * ends with this.
   */
  public LabelMap labels(ScalarImage probabilities) {
    byte[] labels = decision.labels(probabilities);
    Shape shape = probabilities.geometry().shape();
    if (keepLargestLiver) {
      boolean[] foreground = new boolean[LabelMap.MAX_LABEL + 1];
      for (int c = 1; c < probabilities.geometry().channels(); c++) {
        foreground[c] = true;
      }
      labels = KeepLargestComponent.keepLargest(labels, shape, foreground, connectivity, false);
    }
    return LabelMap.of(new ImageGeometry(shape, 1, probabilities.affine()), labels);
  }

  /** The overlap of neighbouring patches per axis {@code {x, y, z}} (a copy). */
  public int[] overlap() {
    return overlap.clone();
  }

  /** The axes mirrored at test time (empty: none; a copy). */
  public int[] mirrorAxes() {
    return mirrorAxes.clone();
  }

  /** The decision this predictor labels voxels with. */
  public LabelDecision decision() {
    return decision;
  }

  /**
   * A predictor equal to this one but for its label decision (the network is shared, not copied).
   */
  public SegmentationPredictor withDecision(LabelDecision decision) {
    Builder b = new Builder();
    b.network = network;
    b.patchSize = patchSize;
    b.overlapPerAxis = overlap.clone();
    b.mirrorAxes = mirrorAxes.clone();
    b.batchSize = batchSize;
    b.mode = mode;
    b.inputImages = inputImages;
    b.padding = padding;
    b.keepLargestLiver = keepLargestLiver;
    b.connectivity = connectivity;
    return b.decision(decision).build();
  }

  /** Builder of {@link SegmentationPredictor}. */
  public static final class Builder {
    private ComputationGraph network;
    private Shape patchSize;
    private int overlap = 8;
    private int[] overlapPerAxis;
    private double tileStep = Double.NaN;
    private int[] mirrorAxes = new int[0];
    private int batchSize = 4;
    private GridAggregator.Mode mode = GridAggregator.Mode.HANN;
    private List<String> inputImages = List.of("ct");
    private PaddingMode padding = PaddingMode.ZERO;
    private boolean keepLargestLiver;
    private int connectivity = 26;
    private LabelDecision decision = LabelDecision.argmax();

    private Builder() {}

    /** The trained network (input NCDHW, output softmax probabilities). */
    public Builder network(ComputationGraph network) {
      this.network = Objects.requireNonNull(network, "network");
      return this;
    }

    /** Patch size (x, y, z): the spatial input size the network runs on. */
    public Builder patchSize(Shape patchSize) {
      this.patchSize = Objects.requireNonNull(patchSize, "patchSize");
      return this;
    }

    /** Overlap between neighbouring patches in voxels, even (default 8). */
    public Builder overlap(int overlap) {
      if (overlap < 0 || overlap % 2 != 0) {
        throw new IllegalArgumentException("overlap must be even and >= 0, got " + overlap);
      }
      this.overlap = overlap;
      this.overlapPerAxis = null;
      this.tileStep = Double.NaN;
      return this;
    }

    /**
     * Neighbouring patches start {@code step x patch} voxels apart on each axis (nnU-Net's tile
     * step 0.5), in (0, 1]; replaces {@link #overlap(int)}. The overlap of an axis of {@code P}
     * voxels is {@code P - max(1, floor(step x P))}, made even (the grid needs even overlaps) by
     * one more voxel, or one less when one more would reach the patch.
     */
    public Builder tileStep(double step) {
      if (!(step > 0 && step <= 1)) {
        throw new IllegalArgumentException("tile step must be in (0, 1], got " + step);
      }
      this.tileStep = step;
      this.overlapPerAxis = null;
      return this;
    }

    /**
     * Axes ({@code 0} = x, {@code 1} = y, {@code 2} = z of the volume the network sees) to mirror
     * at test time; the outputs of all {@code 2^n} flip combinations are averaged. None by default.
     * Only mirror axes that training flipped: a network never shown a mirrored liver is not helped
     * by one.
     */
    public Builder mirrorAxes(int... axes) {
      int[] sorted = axes.clone();
      Arrays.sort(sorted);
      for (int i = 0; i < sorted.length; i++) {
        if (sorted[i] < 0 || sorted[i] > 2 || (i > 0 && sorted[i] == sorted[i - 1])) {
          throw new IllegalArgumentException(
              "mirror axes must be distinct values of 0, 1, 2, got " + Arrays.toString(axes));
        }
      }
      this.mirrorAxes = sorted;
      return this;
    }

    /** The per-axis overlap these settings give for the patch size. */
    private int[] overlap() {
      if (overlapPerAxis != null) {
        return overlapPerAxis.clone();
      }
      int[] o = new int[3];
      for (int a = 0; a < 3; a++) {
        int p = patchSize.get(a);
        if (Double.isNaN(tileStep)) {
          o[a] = overlap;
          continue;
        }
        int v = p - Math.max(1, (int) Math.floor(tileStep * p));
        if (v % 2 != 0) {
          v = v + 1 < p ? v + 1 : v - 1;
        }
        o[a] = v;
      }
      return o;
    }

    /** Patches per forward pass (default 4). */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /** How overlapping patches are blended (default HANN). */
    public Builder mode(GridAggregator.Mode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** Names of the input images, in channel order (default {@code "ct"}). */
    public Builder inputImages(String... names) {
      if (names.length == 0) {
        throw new IllegalArgumentException("at least one input image name is needed");
      }
      this.inputImages = List.of(names);
      return this;
    }

    /**
     * How the volume is padded by half the overlap before tiling (default zero padding, TorchIO's
     * default); {@code null} tiles without padding.
     */
    public Builder padding(PaddingMode padding) {
      this.padding = padding;
      return this;
    }

    /** Whether only the largest connected component of liver and tumour is kept (default false). */
    public Builder keepLargestLiver(boolean keep) {
      this.keepLargestLiver = keep;
      return this;
    }

    /**
     * Connectivity of the largest-component step: 26 (faces, edges and corners; default) or 6
     * (faces only, as {@code KeepLargestComponent}'s default).
     */
    public Builder connectivity(int connectivity) {
      if (connectivity != 6 && connectivity != 26) {
        throw new IllegalArgumentException("connectivity must be 6 or 26, got " + connectivity);
      }
      this.connectivity = connectivity;
      return this;
    }

    /** How probabilities become labels (default {@link LabelDecision#argmax()}). */
    public Builder decision(LabelDecision decision) {
      this.decision = Objects.requireNonNull(decision, "decision");
      return this;
    }

    /** Validates and builds. */
    public SegmentationPredictor build() {
      if (network == null || patchSize == null) {
        throw new IllegalStateException("SegmentationPredictor needs a network and a patch size");
      }
      int[] o = overlap();
      for (int a = 0; a < 3; a++) {
        if (o[a] >= patchSize.get(a)) {
          throw new IllegalArgumentException(
              "overlap " + Arrays.toString(o) + " must be smaller than the patch " + patchSize);
        }
      }
      return new SegmentationPredictor(this);
    }
  }

  private static void requireFiniteProbabilities(Subject subject, float[] probs) {
    for (float v : probs) {
      if (!Float.isFinite(v)) {
        throw new IllegalStateException(
            "subject "
                + subject.id()
                + ": the network gave non-finite probabilities (NaN or infinite weights: a"
                + " diverged or damaged model); first value "
                + v);
      }
    }
  }
}
