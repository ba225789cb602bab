package org.liverseg.models.training;

import java.io.IOException;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Callbacks from {@link SegmentationTrainer}, in the order they happen; all default to doing
 * nothing.
 */
public interface TrainingProgressListener {

  /** Before the first iteration of epoch {@code epoch} (1-based). */
  default void epochStarted(int epoch) {}

  /**
   * After every training iteration.
   *
   * @param epoch 1-based epoch
   * @param iteration iterations done so far in the whole run
   * @param loss this batch's loss per voxel
   */
  default void iterationDone(int epoch, long iteration, double loss) {}

  /**
   * After every epoch (and its validation), with what a checkpoint must hold to resume exactly:
   * write your own model file here (e.g. with {@link org.liverseg.models.ModelFiles#save} and the
   * state under {@link TrainerState#ENTRY}), then continue it with {@link
   * SegmentationTrainer.Builder#resumeState}. Called after the trainer's own checkpoints and before
   * {@link #epochDone}; an exception stops training.
   *
   * @param network the network being trained, with its updater state
   * @param state the state after this epoch
   */
  default void checkpoint(ComputationGraph network, TrainerState state) throws IOException {}

  /** After every epoch (and its validation and checkpoints). */
  default void epochDone(EpochReport report) {}
}
