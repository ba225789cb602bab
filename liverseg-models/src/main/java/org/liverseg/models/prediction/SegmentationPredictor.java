package org.liverseg.models.prediction;

import java.io.IOException;
import java.nio.file.Path;
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
import org.liverseg.transforms.Transforms;
import org.liverseg.transforms.label.KeepLargestComponent;
import org.liverseg.transforms.spatial.PaddingMode;
import org.nd4j.linalg.api.ndarray.INDArray;

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
 * it is.
 *
 * <p>Not thread-safe: a ComputationGraph must not run two forward passes at once.
 */
public final class SegmentationPredictor {

  private final ComputationGraph network;
  private final Shape patchSize;
  private final int overlap;
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
    this.overlap = b.overlap;
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
   * Time spent in the network's forward passes and in total, in nanoseconds.
   *
   * @param networkNanos time inside {@code ComputationGraph.output}
   * @param totalNanos the whole prediction: tiling, collation, network, aggregation, argmax
   * @param patches number of patches
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
    for (String name : inputImages) {
      try {
        subject.scalarImage(name).requireFinite();
      } catch (NonFiniteVoxelsException e) {
        throw e.in("subject " + subject.id() + ", image '" + name + "'");
      }
    }
    GridSampler sampler =
        new GridSampler(subject, patchSize, new int[] {overlap, overlap, overlap}, padding);
    GridAggregator aggregator = new GridAggregator(sampler, mode);
    PatchBatches batches =
        PatchBatches.over(sampler).batchSize(batchSize).inputs(inputImages.toArray(String[]::new));
    long networkNanos = 0;
    while (batches.hasNext()) {
      try (PatchBatch batch = batches.nextBatch()) {
        long n0 = System.nanoTime();
        INDArray p = network.outputSingle(false, batch.features());
        float[] probs = NativeVolumes.toFloats(p);
        p.close();
        networkNanos += System.nanoTime() - n0;
        requireFiniteProbabilities(subject, probs);
        aggregator.add(probs, batch.locations());
      }
    }
    ScalarImage probabilities = aggregator.output();
    LabelMap map = labels(probabilities);
    return new Prediction(
        map, probabilities, new Timing(networkNanos, System.nanoTime() - t0, sampler.size()));
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
    b.overlap = overlap;
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
      return this;
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
      if (overlap >= Math.min(patchSize.x(), Math.min(patchSize.y(), patchSize.z()))) {
        throw new IllegalArgumentException(
            "overlap " + overlap + " must be smaller than the patch " + patchSize);
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
