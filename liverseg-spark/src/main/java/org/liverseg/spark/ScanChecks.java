package org.liverseg.spark;

import java.nio.file.Path;
import java.util.Locale;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;

/** What a scan must be before a job segments or preprocesses it. */
final class ScanChecks {

  private ScanChecks() {}

  /**
   * Fails unless {@code scan} is one 3D volume (every extent above 1, one channel) whose voxels are
   * all finite: a 2D slice or a 4D series would be padded or cropped into a volume of zeros, and a
   * NaN turns every probability and statistic it touches into NaN, silently.
   *
   * @param file where the scan was read from, for the message
   * @throws IllegalArgumentException naming the file, what is wrong and where
   */
  static void requireVolume(ScalarImage scan, Path file) {
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
      if (!Float.isFinite(v[i]) && bad++ == 0) {
        first = i;
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
