package org.liverseg.models.task03;

import java.io.IOException;
import java.nio.file.Path;
import org.liverseg.io.ScalarImage;
import org.liverseg.models.ModelFiles;
import org.liverseg.models.ModelSpec;
import org.liverseg.models.prediction.Segmentation;
import org.liverseg.models.prediction.SegmentationModel;

/**
 * A liver and tumour model file as {@code liverseg train} and {@code liverseg pipeline} write it,
 * ready to segment CT scans into uint8 masks (0 background, 1 liver, 2 tumour) with each scan's
 * shape and affine. This is the one way a model file becomes masks: {@code liverseg predict},
 * {@code liverseg spark-predict} and liverseg-spark's jobs all load it with {@link #load}, so a
 * file and a scan give the same mask whichever runs them.
 *
 * <p>Two kinds of file exist, and {@link #load} picks by what the file holds:
 *
 * <ul>
 *   <li>with a plan ({@value ModelFiles#PLAN_ENTRY}; every model trained with a plan, the default):
 *       {@link SegmentationModel}, whole-scan prediction of any voxel size and extent;
 *   <li>without one (files written before plans, and models trained with {@code --preset course} or
 *       {@code plan.source none}): {@link CropOrPadModel}, the fixed CropOrPad and HU-window
 *       preprocessing of its run configuration.
 * </ul>
 *
 * <p>Not thread-safe (a network runs one forward pass at a time): give each thread its own {@link
 * #copy()}.
 */
public interface Task03Model {

  /**
   * Loads a model file of either kind.
   *
   * @throws IOException naming the file if it is missing, not a liverseg model file, or holds an
   *     invalid entry
   */
  static Task03Model load(Path file) throws IOException {
    return ModelFiles.readPlan(file).isPresent()
        ? PlannedModel.load(file)
        : CropOrPadModel.load(file);
  }

  /**
   * Segments one CT scan.
   *
   * @throws IllegalArgumentException naming the scan's file if it is not a single-channel 3D image
   * @throws org.liverseg.io.NonFiniteVoxelsException naming the file if a voxel is NaN or infinite
   */
  Segmentation segment(ScalarImage scan);

  /** The file's description (name, architecture, preprocessing). */
  ModelSpec spec();

  /** The native (OpenMP) threads the model's run configuration trained with; 0: ND4J's default. */
  int threads();

  /** This model with {@code n} patches per forward pass (the network is shared, not copied). */
  Task03Model withBatchSize(int n);

  /** An independent model for another thread: the network's weights copied in memory. */
  Task03Model copy();

  /**
   * One line for logs: the network and how it predicts (plan and inference settings, or the fixed
   * preprocessing's label decision).
   */
  String describe();
}
