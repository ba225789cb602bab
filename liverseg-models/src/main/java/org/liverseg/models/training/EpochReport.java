package org.liverseg.models.training;

/**
 * Summary of one training epoch.
 *
 * @param epoch          1-based epoch number
 * @param iterations     iterations (batches) in this epoch
 * @param meanLoss       mean training loss per voxel over the epoch (DL4J's score divided by patch voxels)
 * @param validated      whether validation ran after this epoch
 * @param liverDice      mean per-case validation Dice of the liver (NaN when not validated)
 * @param tumourDice     mean per-case validation Dice of the tumour (NaN when not validated)
 * @param seconds        wall time of the epoch including validation
 * @param improved       whether this epoch's validation was the best so far (a best checkpoint was written)
 */
public record EpochReport(int epoch, int iterations, double meanLoss, boolean validated, double liverDice,
        double tumourDice, double seconds, boolean improved) {
}
