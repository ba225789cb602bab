package org.liverseg.examples.pipeline;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.sampling.BatchCollator;
import org.liverseg.sampling.GridAggregator;
import org.liverseg.sampling.GridSampler;
import org.liverseg.sampling.Patch;
import org.liverseg.transforms.label.KeepLargestComponent;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Whole-volume prediction (pipeline step 5) with a trained network: a {@link GridSampler} tiles the
 * preprocessed volume, batches of patches go through the network, a {@link GridAggregator} puts the
 * softmax probabilities back together, and the arg-max gives the label map, optionally reduced to
 * the largest connected liver (labels 1 and 2 together, so tumours stay inside it).
 *
 * <p>This is the examples module's own adapter over liverseg-sampling and a DL4J graph, written
 * while liverseg-models has no whole-volume predictor yet. Not thread-safe (DL4J graphs are not).
 */
public final class VolumeSegmenter {

  private final ComputationGraph net;
  private final Shape patchSize;
  private final int overlap;
  private final int batchSize;
  private final GridAggregator.Mode mode;
  private final boolean keepLargestLiver;
  private final String imageName;

  /**
   * @param net a trained segmentation graph: input {@code [b, 1, z, y, x]}, softmax output {@code [b, C, z, y, x]}
   * @param patchSize the grid's patch size (the training patch size)
   * @param overlap the grid's overlap on every axis (even)
   * @param batchSize patches per forward pass
   * @param mode how overlapping patch outputs are combined
   * @param keepLargestLiver whether to keep only the largest connected liver component
   * @param imageName the scalar image fed to the network (e.g. "ct")
   */
  public VolumeSegmenter(ComputationGraph net, Shape patchSize, int overlap, int batchSize, GridAggregator.Mode mode,
      boolean keepLargestLiver, String imageName) {
    this.net = requireNonNull(net, "net");
    this.patchSize = requireNonNull(patchSize, "patchSize");
    checkArgument(overlap >= 0 && overlap % 2 == 0, "overlap must be even and >= 0, got %s", overlap);
    checkArgument(batchSize > 0, "batch size must be positive, got %s", batchSize);
    this.overlap = overlap;
    this.batchSize = batchSize;
    this.mode = requireNonNull(mode, "mode");
    this.keepLargestLiver = keepLargestLiver;
    this.imageName = requireNonNull(imageName, "imageName");
  }

  /** The aggregation mode named in a configuration ("crop", "average" or "hann"). */
  public static GridAggregator.Mode mode(String name) {
    return GridAggregator.Mode.valueOf(name.toUpperCase(java.util.Locale.ROOT));
  }

  /**
   * The predicted labels and class probabilities.
   *
   * @param labels arg-max labels on the preprocessed subject's grid
   * @param probabilities softmax probabilities, one channel per class, on the same grid
   */
  public record Segmentation(LabelMap labels, ScalarImage probabilities) {}

  /** Segments a preprocessed subject (same preprocessing as in training). */
  public Segmentation segment(Subject preprocessed) {
    GridSampler grid = new GridSampler(preprocessed, patchSize, new int[] {overlap});
    GridAggregator aggregator = new GridAggregator(grid, mode);
    long[] shape = null;
    for (List<Patch> batch : grid.batches(batchSize)) {
      float[] input = BatchCollator.collate(batch, List.of(imageName));
      shape = BatchCollator.shape(batch, List.of(imageName));
      INDArray out = net.outputSingle(false, Nd4j.create(input, shape, 'c'));
      aggregator.add(out.dup('c').data().asFloat(), batch.stream().map(Patch::location).toList());
      out.close();
    }
    ScalarImage probabilities = aggregator.output();
    LabelMap labels = argMax(probabilities);
    if (keepLargestLiver) {
      Subject s = Subject.builder(preprocessed.id()).image("prediction", labels).build();
      labels = KeepLargestComponent.builder().labels(1, 2).build().apply(s).labelMap("prediction");
    }
    return new Segmentation(labels, probabilities);
  }

  /** The channel with the highest value at each voxel (the first on ties). */
  public static LabelMap argMax(ScalarImage probabilities) {
    ImageGeometry g = probabilities.geometry();
    int n = g.shape().voxelsAsInt();
    int classes = g.channels();
    float[] p = probabilities.voxels();
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      int best = 0;
      float bestValue = p[i];
      for (int c = 1; c < classes; c++) {
        float v = p[c * n + i];
        if (v > bestValue) {
          bestValue = v;
          best = c;
        }
      }
      labels[i] = (byte) best;
    }
    return LabelMap.of(new ImageGeometry(g.shape(), 1, g.affine()), labels);
  }

  /**
   * The class-weighted cross-entropy per voxel, {@code mean(-w[y] log p[y])}, the same quantity as
   * the training loss per voxel, so that validation and training losses can be compared.
   */
  public static double weightedCrossEntropy(ScalarImage probabilities, LabelMap truth, double[] weights) {
    checkArgument(probabilities.shape().equals(truth.shape()), "probabilities %s and labels %s differ in shape",
        probabilities.shape(), truth.shape());
    int n = truth.shape().voxelsAsInt();
    float[] p = probabilities.voxels();
    byte[] y = truth.labels();
    double sum = 0;
    for (int i = 0; i < n; i++) {
      int c = y[i] & 0xFF;
      checkArgument(c < probabilities.channels() && c < weights.length, "label %s outside the %s classes", c,
          probabilities.channels());
      sum -= weights[c] * Math.log(Math.max(p[c * n + i], 1e-10f));
    }
    return sum / n;
  }
}
