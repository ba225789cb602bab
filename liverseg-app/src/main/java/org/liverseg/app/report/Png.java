package org.liverseg.app.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.liverseg.io.AtomicFiles;

/** Writes images as PNG files, atomically ({@link AtomicFiles}). */
final class Png {

  private Png() {}

  /** Writes {@code image} to {@code file}. */
  static void write(BufferedImage image, Path file) throws IOException {
    AtomicFiles.write(
        file,
        out -> {
          if (!ImageIO.write(image, "png", out)) {
            throw new IOException("no PNG writer available");
          }
        });
  }
}
