package org.liverseg.models;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Deep supervision as nnU-Net does it: besides the full-resolution prediction, the decoder stages
 * at 1/2, 1/4, ... of the resolution get their own softmax output, trained against the labels
 * downsampled to their grid, with loss weights proportional to 1, 1/2, 1/4, ... normalised to sum
 * 1. nnU-Net gives the coarsest decoder stage weight 0; here that output is simply not built, so an
 * architecture with {@code L} resolution stages has {@code L - 2} outputs.
 *
 * <p>Targets are downsampled like nnU-Net v2 (batchgeneratorsv2 {@code
 * DownsampleSegForDSTransform}: {@code interpolate(seg, mode='nearest-exact')}): at factor {@code
 * f} the target voxel {@code i} is the label of voxel {@code f * i + f / 2} along each axis. On a
 * one-hot array that picks one voxel per block, so the result is one-hot again.
 *
 * <p>The loss: DL4J sums each output's cross-entropy over its voxels, so an output at factor {@code
 * f} covers {@code f^3} times fewer voxels; {@link #lossScale} multiplies its class weights by
 * {@code weight * f^3} so that the total is {@code sum_k weight_k * mean_k(CE)} times the
 * full-resolution voxel count, the quantity nnU-Net minimises up to that constant.
 *
 * <p>Use: a trainer of an architecture with several outputs passes {@link #targets} of its one-hot
 * label batch as the label arrays (or installs this object as the {@link MultiDataSetPreProcessor}
 * of a single-label iterator).
 */
public final class DeepSupervision implements MultiDataSetPreProcessor {

  private final int[] factors;

  private DeepSupervision(int[] factors) {
    this.factors = factors;
  }

  /** The targets {@code architecture}'s outputs need, in its output order. */
  public static DeepSupervision of(Architecture architecture) {
    return new DeepSupervision(
        architecture.outputs().stream().mapToInt(Architecture.Output::downsampling).toArray());
  }

  /**
   * The outputs of a network with deep supervision over {@code count} resolutions (1 = no deep
   * supervision): {@value Architecture#OUTPUT} at factor 1, then {@code output_ds1} at 2, {@code
   * output_ds2} at 4, ..., with nnU-Net's weights.
   */
  public static List<Architecture.Output> outputs(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("at least one output, got " + count);
    }
    double sum = 0;
    for (int k = 0; k < count; k++) {
      sum += Math.pow(0.5, k);
    }
    List<Architecture.Output> out = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      out.add(new Architecture.Output(outputName(k), 1 << k, Math.pow(0.5, k) / sum));
    }
    return List.copyOf(out);
  }

  /** The output layer at factor {@code 2^k}: {@value Architecture#OUTPUT}, output_ds1, ... */
  public static String outputName(int k) {
    return k == 0 ? Architecture.OUTPUT : Architecture.OUTPUT + "_ds" + k;
  }

  /** The 1x1x1 convolution that feeds {@link #outputName(int)}: head, head_ds1, ... */
  public static String logitsName(int k) {
    return k == 0 ? "head" : "head_ds" + k;
  }

  /**
   * The factor by which an output's class weights are multiplied: its loss weight times the voxels
   * it has fewer than the input ({@code downsampling^3}).
   */
  public static double lossScale(Architecture.Output o) {
    return o.lossWeight() * Math.pow(o.downsampling(), 3);
  }

  /** Downsampling factor of each output. */
  public int[] factors() {
    return factors.clone();
  }

  /**
   * The label arrays for every output from one-hot labels {@code [N, C, D, H, W]} at full
   * resolution: the first is {@code oneHot} itself, the others its nearest-exact downsamplings.
   *
   * @throws IllegalArgumentException if the array is not rank 5 or D, H, W are not multiples of the
   *     coarsest factor
   */
  public INDArray[] targets(INDArray oneHot) {
    INDArray[] out = new INDArray[factors.length];
    for (int i = 0; i < factors.length; i++) {
      out[i] = downsample(oneHot, factors[i]);
    }
    return out;
  }

  /** Replaces the single label array of {@code batch} by {@link #targets}. */
  @Override
  public void preProcess(MultiDataSet batch) {
    INDArray[] labels = batch.getLabels();
    if (labels == null || labels.length != 1) {
      throw new IllegalArgumentException(
          "deep supervision expects one full-resolution label array, got "
              + (labels == null ? "none" : labels.length));
    }
    batch.setLabels(targets(labels[0]));
    batch.setLabelsMaskArray(null);
  }

  /**
   * nnU-Net's nearest-exact downsampling of labels {@code [N, C, D, H, W]} by {@code factor} along
   * D, H and W: voxel {@code factor * i + factor / 2}. Factor 1 returns the array itself.
   */
  public static INDArray downsample(INDArray labels, int factor) {
    if (labels.rank() != 5) {
      throw new IllegalArgumentException(
          "labels must be rank 5 [N, C, D, H, W], got " + Arrays.toString(labels.shape()));
    }
    if (factor < 1) {
      throw new IllegalArgumentException("downsampling factor must be >= 1, got " + factor);
    }
    if (factor == 1) {
      return labels;
    }
    long[] s = labels.shape();
    for (int a = 2; a < 5; a++) {
      if (s[a] % factor != 0) {
        throw new IllegalArgumentException(
            "labels "
                + Arrays.toString(s)
                + ": D, H and W must be multiples of the downsampling factor "
                + factor);
      }
    }
    int off = factor / 2;
    // [N, C, D/f, f, H/f, f, W/f, f], then element f/2 of every block axis
    INDArray blocks =
        (labels.ordering() == 'c' && !labels.isView() ? labels : labels.dup('c'))
            .reshape(
                'c',
                s[0],
                s[1],
                s[2] / factor,
                factor,
                s[3] / factor,
                factor,
                s[4] / factor,
                factor);
    return blocks
        .get(
            NDArrayIndex.all(),
            NDArrayIndex.all(),
            NDArrayIndex.all(),
            NDArrayIndex.point(off),
            NDArrayIndex.all(),
            NDArrayIndex.point(off),
            NDArrayIndex.all(),
            NDArrayIndex.point(off))
        .dup('c');
  }

  @Override
  public String toString() {
    return "DeepSupervision" + Arrays.toString(factors);
  }
}
