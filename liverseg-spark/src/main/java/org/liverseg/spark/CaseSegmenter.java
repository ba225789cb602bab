package org.liverseg.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.models.task03.SegmentationModel;

/**
 * The one class of liverseg-spark that touches a model: it loads a liverseg model file and segments
 * one NIfTI scan into its mask, exactly as {@code liverseg predict} does (both go through {@link
 * SegmentationModel}), after checking that the scan is something a CT model can segment.
 *
 * <p>Not thread-safe (one forward pass at a time); {@link #copy()} gives another thread its own.
 */
public final class CaseSegmenter {

  private final SegmentationModel model;

  private CaseSegmenter(SegmentationModel model) {
    this.model = model;
  }

  /**
   * Loads a model file written by {@code liverseg train} or {@code liverseg pipeline}.
   *
   * @throws IOException naming the file if it cannot be read or is not such a model
   */
  public static CaseSegmenter load(Path modelFile) throws IOException {
    return new CaseSegmenter(SegmentationModel.load(modelFile));
  }

  /** An independent instance for another thread (the weights are copied, not read again). */
  public CaseSegmenter copy() {
    return new CaseSegmenter(model.copy());
  }

  /** The model's name and label decision, for logs. */
  public String describe() {
    return model.spec().name() + ", label decision " + model.decisionDescription();
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
    requireSegmentable(scan, image);
    long t1 = System.nanoTime();
    LabelMap mask = model.segment(caseId, scan);
    long t2 = System.nanoTime();
    return new Segmentation(scan.geometry(), mask, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
  }

  /**
   * Fails unless {@code scan} is one 3D volume (every extent above 1, one channel) whose voxels are
   * all finite: a 2D slice or a 4D series would be padded into a volume of zeros, and a NaN would
   * turn every probability it touches into NaN, silently.
   *
   * @throws IllegalArgumentException naming the file, what is wrong and where
   */
  static void requireSegmentable(ScalarImage scan, Path file) {
    ImageGeometry g = scan.geometry();
    Shape s = g.shape();
    if (g.channels() != 1) {
      throw new IllegalArgumentException(
          file + " has " + g.channels() + " channels (a 4D series?); a single CT volume is needed");
    }
    if (s.x() < 2 || s.y() < 2 || s.z() < 2) {
      throw new IllegalArgumentException(
          file + " is not a 3D volume (shape " + s + "); a 3D CT scan is needed");
    }
    float[] v = scan.voxels();
    long bad = 0;
    int first = -1;
    for (int i = 0; i < v.length; i++) {
      if (!Float.isFinite(v[i])) {
        if (bad++ == 0) {
          first = i;
        }
      }
    }
    if (bad > 0) {
      int x = first % s.x();
      int y = (first / s.x()) % s.y();
      int z = first / (s.x() * s.y());
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "%s has %d non-finite voxel%s (NaN or infinite; the first at voxel (%d, %d, %d),"
                  + " value %s)",
              file,
              bad,
              bad == 1 ? "" : "s",
              x,
              y,
              z,
              v[first]));
    }
  }
}
