package org.liverseg.examples.pipeline;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.Iterables;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.liverseg.io.LabelMap;
import org.liverseg.io.Subject;
import org.liverseg.sampling.BatchCollator;
import org.liverseg.sampling.Patch;
import org.liverseg.sampling.Queue;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Patch-wise training of a segmentation graph (pipeline step 4): each epoch drains the {@link
 * Queue} in batches (CT patches as input, one-hot labels as target), every {@code validateEvery}
 * epochs segments the validation volumes whole and measures loss and Dice, and reports every epoch
 * to the progress display, the metrics CSV and a checkpoint callback.
 *
 * <p>This is the examples module's own loop over liverseg-sampling and a DL4J graph, written while
 * liverseg-models has no trainer yet. Losses are per voxel: DL4J's score (the weighted sum over the
 * voxels of a patch, averaged over the batch) divided by the patch's voxel count.
 */
public final class TrainingLoop {

  /** Called after every epoch, e.g. to write a checkpoint. */
  @FunctionalInterface
  public interface EpochListener {
    /** Epoch {@code m.epoch()} has finished. */
    void epochFinished(EpochMetrics m) throws IOException;
  }

  private final ComputationGraph net;
  private final Queue queue;
  private final int batchSize;
  private final String imageName;
  private final String labelName;
  private final int classes;
  private final List<Subject> validation;
  private final VolumeSegmenter segmenter;
  private final double[] classWeights;

  /**
   * @param net the graph to train (input {@code [b, 1, z, y, x]}, one-hot target {@code [b, C, z, y, x]})
   * @param queue training patches (preprocessed and augmented subjects)
   * @param batchSize patches per step
   * @param imageName scalar image fed to the network
   * @param labelName label map used as target
   * @param classes number of classes
   * @param validation preprocessed validation subjects (may be empty)
   * @param segmenter whole-volume predictor for validation, over the same {@code net}
   * @param classWeights cross-entropy weights, for the validation loss
   */
  public TrainingLoop(ComputationGraph net, Queue queue, int batchSize, String imageName, String labelName,
      int classes, List<Subject> validation, VolumeSegmenter segmenter, double[] classWeights) {
    this.net = requireNonNull(net, "net");
    this.queue = requireNonNull(queue, "queue");
    checkArgument(batchSize > 0, "batch size must be positive, got %s", batchSize);
    this.batchSize = batchSize;
    this.imageName = imageName;
    this.labelName = labelName;
    this.classes = classes;
    this.validation = List.copyOf(validation);
    this.segmenter = segmenter;
    this.classWeights = classWeights.clone();
  }

  /** Optimisation steps per epoch: the queue's patches in batches, the last one possibly smaller. */
  public long iterationsPerEpoch() {
    return (queue.size() + batchSize - 1) / batchSize;
  }

  /**
   * Trains epochs {@code firstEpoch..lastEpoch} (from 1).
   *
   * @param iterationsBefore steps already done (when resuming)
   * @param validateEvery validate every this many epochs, and after the last (0: never)
   */
  public List<EpochMetrics> run(int firstEpoch, int lastEpoch, long iterationsBefore, int validateEvery,
      TrainingProgress progress, EpochListener listener) throws IOException {
    List<EpochMetrics> all = new ArrayList<>();
    long iterations = iterationsBefore;
    for (int epoch = firstEpoch; epoch <= lastEpoch; epoch++) {
      long t0 = System.nanoTime();
      progress.startEpoch(epoch);
      double lossSum = 0;
      long steps = 0;
      long patches = 0;
      for (List<Patch> batch : Iterables.partition(queue, batchSize)) {
        double loss = step(batch);
        lossSum += loss;
        steps++;
        patches += batch.size();
        iterations++;
        progress.iteration(steps, loss);
      }
      double trainSeconds = (System.nanoTime() - t0) / 1e9;
      boolean validate = validateEvery > 0 && !validation.isEmpty()
          && (epoch % validateEvery == 0 || epoch == lastEpoch);
      double[] val = validate ? validate() : new double[] {Double.NaN, Double.NaN, Double.NaN};
      double seconds = (System.nanoTime() - t0) / 1e9;
      EpochMetrics m = new EpochMetrics(epoch, iterations, steps == 0 ? Double.NaN : lossSum / steps, val[0], val[1],
          val[2], seconds, trainSeconds <= 0 ? 0 : patches / trainSeconds);
      progress.endEpoch(m);
      listener.epochFinished(m);
      all.add(m);
    }
    return all;
  }

  /** One optimisation step; returns the loss per voxel. */
  double step(List<Patch> batch) {
    long[] xShape = BatchCollator.shape(batch, List.of(imageName));
    float[] x = BatchCollator.collate(batch, List.of(imageName));
    float[] y = BatchCollator.oneHot(batch, labelName, classes);
    long[] yShape = BatchCollator.oneHotShape(batch, classes);
    try (INDArray features = Nd4j.create(x, xShape, 'c'); INDArray labels = Nd4j.create(y, yShape, 'c')) {
      net.fit(new DataSet(features, labels));
    }
    long voxels = xShape[2] * xShape[3] * xShape[4];
    return net.score() / voxels;
  }

  /** Mean loss, liver Dice and tumour Dice over the validation volumes. */
  private double[] validate() {
    double loss = 0;
    double liver = 0;
    double tumour = 0;
    for (Subject s : validation) {
      VolumeSegmenter.Segmentation seg = segmenter.segment(s);
      LabelMap truth = s.labelMap(labelName);
      loss += VolumeSegmenter.weightedCrossEntropy(seg.probabilities(), truth, classWeights);
      CaseScore score = Dice.score(s.id(), seg.labels(), truth);
      liver += score.diceLiver();
      tumour += score.diceTumour();
    }
    int n = validation.size();
    return new double[] {loss / n, liver / n, tumour / n};
  }
}
