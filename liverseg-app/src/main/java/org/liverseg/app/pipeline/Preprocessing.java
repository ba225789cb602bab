package org.liverseg.app.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.liverseg.models.task03.CropOrPadModel;
import org.liverseg.transforms.Compose;
import org.liverseg.transforms.Transform;
import org.liverseg.transforms.spatial.RandomAffine;
import org.liverseg.transforms.spatial.RandomFlip;

/**
 * Step 3 of the pipeline: the transforms built from a {@link RunConfig}. Every subject (training,
 * validation, test) goes through {@link #preprocess}: {@code CropOrPad} to the target shape, then
 * the HU window ({@code Clamp}) mapped linearly onto the rescale range. Training subjects then go
 * through {@link #augment}: {@code RandomAffine} (with its probability) and {@code RandomFlip}.
 *
 * <p>The rescale maps the fixed window {@code [clampMin, clampMax]} (not each image's own minimum
 * and maximum) onto the output range, so that one HU value means the same network input in every
 * scan, whatever that scan's range. Cropping comes first so that the intensity steps touch fewer
 * voxels.
 */
public final class Preprocessing {

  private Preprocessing() {}

  /**
   * CropOrPad, Clamp and RescaleIntensity, in that order (deterministic and, for CropOrPad,
   * invertible), after a check that every intensity is finite (an infinity would be clamped into
   * the window unnoticed; the check throws {@link org.liverseg.io.NonFiniteVoxelsException}).
   */
  public static Transform preprocess(RunConfig.Preprocess p) {
    return Compose.of(new RequireFinite(), spatial(p), intensity(p));
  }

  /**
   * The spatial part of {@link #preprocess}: CropOrPad to the target shape. Kept apart so that a
   * prediction made on the preprocessed grid can be mapped back with {@code Transforms.inverse} on
   * a subject whose history holds only invertible steps.
   */
  public static Transform spatial(RunConfig.Preprocess p) {
    return model(p).spatial();
  }

  /** The intensity part of {@link #preprocess}: the HU window mapped onto the rescale range. */
  public static Transform intensity(RunConfig.Preprocess p) {
    return model(p).intensity();
  }

  /**
   * The same settings as the model file's reader sees them: one definition of the transforms for
   * training, the pipeline's predictions and {@code liverseg predict}.
   */
  private static CropOrPadModel.Preprocess model(RunConfig.Preprocess p) {
    return new CropOrPadModel.Preprocess(
        p.targetShape(), p.clampMin(), p.clampMax(), p.rescaleMin(), p.rescaleMax());
  }

  /**
   * The random augmentation of training subjects (the identity when disabled). Random transforms
   * draw from the generator they are applied with, so the PatchQueue's per-visit generators make
   * every epoch reproducible.
   */
  public static Transform augment(RunConfig.Augment a) {
    List<Transform> t = new ArrayList<>();
    if (a.enabled()) {
      if (a.affineProbability() > 0) {
        t.add(
            RandomAffine.builder()
                .scales(a.scaleMin(), a.scaleMax())
                .degrees(a.degrees())
                .p(a.affineProbability())
                .build());
      }
      if (!a.flipAxes().isEmpty() && a.flipProbability() > 0) {
        t.add(
            RandomFlip.builder()
                .axes(a.flipAxes().stream().mapToInt(Integer::intValue).toArray())
                .flipProbability(a.flipProbability())
                .build());
      }
    }
    return Compose.of(t);
  }

  /** Preprocessing followed by augmentation: what training subjects go through. */
  public static Transform training(RunConfig c) {
    return Compose.of(preprocess(c.preprocess()), augment(c.augment()));
  }
}
