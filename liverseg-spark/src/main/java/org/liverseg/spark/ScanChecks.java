package org.liverseg.spark;

import org.liverseg.io.ScalarImage;
import org.liverseg.models.prediction.SegmentationModel;

/** What a scan must be before a job segments or preprocesses it. */
final class ScanChecks {

  private ScanChecks() {}

  /**
   * Fails unless {@code scan} is one 3D volume (every extent above 1, one channel) whose voxels are
   * all finite: a 2D slice or a 4D series would be padded or cropped into a volume of zeros, and a
   * NaN turns every probability and statistic it touches into NaN, silently. The checks are the
   * library's ({@link SegmentationModel#requireSegmentable}, {@link ScalarImage#requireFinite}), so
   * a job fails a scan with the words {@code liverseg predict} uses.
   *
   * @throws IllegalArgumentException naming the scan's file, what is wrong and where
   */
  static void requireVolume(ScalarImage scan) {
    SegmentationModel.requireSegmentable(scan);
    scan.requireFinite();
  }
}
