package org.liverseg.models.training;

/** Callbacks from {@link SegmentationTrainer}; both default to doing nothing. */
public interface TrainingProgressListener {

    /**
     * After every training iteration.
     *
     * @param epoch     1-based epoch
     * @param iteration iterations done so far in the whole run
     * @param loss      this batch's loss per voxel
     */
    default void iterationDone(int epoch, long iteration, double loss) {
    }

    /** After every epoch (and its validation, if any). */
    default void epochDone(EpochReport report) {
    }
}
