package org.liverseg.spark;

import java.io.IOException;
import java.nio.file.Path;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.models.task03.Task03Model;

/**
 * The one class of liverseg-spark that touches a model: it loads a liverseg model file and segments
 * one NIfTI scan into its mask, exactly as {@code liverseg predict} does (both go through {@link
 * Task03Model}: a model file with a plan segments scans of any voxel size, an older one keeps its
 * fixed CropOrPad preprocessing), after checking that the scan is something a CT model can segment.
 *
 * <p>Not thread-safe (one forward pass at a time); {@link #copy()} gives another thread its own.
 */
public final class CaseSegmenter {

  private final Task03Model model;

  private CaseSegmenter(Task03Model model) {
    this.model = model;
  }

  /**
   * Loads a model file written by {@code liverseg train} or {@code liverseg pipeline}.
   *
   * @throws IOException naming the file if it cannot be read or is not such a model
   */
  public static CaseSegmenter load(Path modelFile) throws IOException {
    return new CaseSegmenter(Task03Model.load(modelFile));
  }

  /** An independent instance for another thread (the weights are copied, not read again). */
  public CaseSegmenter copy() {
    return new CaseSegmenter(model.copy());
  }

  /** The model's name and how it predicts, for logs. */
  public String describe() {
    return model.spec().name() + ", " + model.describe();
  }

  /**
   * A mask and where its time went.
   *
   * @param scan the scan's geometry (the mask's too)
   * @param mask uint8 labels 0, 1, 2 with the scan's shape and affine
   * @param readSeconds reading and checking the scan
   * @param segmentSeconds preprocessing, the network and mapping the mask back
   */
  public record Segmentation(
      ImageGeometry scan, LabelMap mask, double readSeconds, double segmentSeconds) {}

  /**
   * Reads, checks and segments the CT scan {@code image} of case {@code caseId}.
   *
   * @throws IOException if the file cannot be read or is not valid NIfTI (the message names it)
   * @throws IllegalArgumentException if the scan is not one single-channel 3D volume of finite
   *     values
   */
  public Segmentation segment(String caseId, Path image) throws IOException {
    long t0 = System.nanoTime();
    ScalarImage scan = ScalarImage.read(image);
    ScanChecks.requireVolume(scan);
    long t1 = System.nanoTime();
    LabelMap mask = model.segment(scan).mask();
    long t2 = System.nanoTime();
    return new Segmentation(scan.geometry(), mask, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
  }
}
