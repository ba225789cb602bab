package org.liverseg.io.nifti;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A gzip encoder that writes what Python's gzip module (and so nibabel) writes: one member, no file
 * name, mtime 0 (deterministic output), XFL 4 at level 1 or 2 at level 9, OS 255. Closing it
 * finishes the gzip stream but leaves the underlying stream open (the caller syncs and closes it).
 */
final class GzipOutput extends OutputStream {

  private final OutputStream out;
  private final Deflater deflater;
  private final CRC32 crc = new CRC32();
  private final byte[] buf = new byte[1 << 17];
  private long size;
  private boolean finished;

  GzipOutput(OutputStream out, int level) throws IOException {
    this.out = out;
    this.deflater = new Deflater(level, true);
    int xfl = level == 1 ? 4 : level == 9 ? 2 : 0;
    out.write(new byte[] {0x1F, (byte) 0x8B, 8, 0, 0, 0, 0, 0, (byte) xfl, (byte) 0xFF});
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return;
    }
    crc.update(b, off, len);
    size += len;
    deflater.setInput(b, off, len);
    while (!deflater.needsInput()) {
      int n = deflater.deflate(buf, 0, buf.length, Deflater.NO_FLUSH);
      if (n > 0) {
        out.write(buf, 0, n);
      }
    }
  }

  /** Ends the deflate stream and writes the trailer; the underlying stream stays open. */
  void finish() throws IOException {
    if (finished) {
      return;
    }
    finished = true;
    deflater.finish();
    while (!deflater.finished()) {
      int n = deflater.deflate(buf, 0, buf.length, Deflater.NO_FLUSH);
      out.write(buf, 0, n);
    }
    long c = crc.getValue();
    out.write(new byte[] {(byte) c, (byte) (c >> 8), (byte) (c >> 16), (byte) (c >> 24),
        (byte) size, (byte) (size >> 8), (byte) (size >> 16), (byte) (size >> 24)});
  }

  /** Finishes the gzip stream and frees the deflater; the underlying stream stays open. */
  @Override
  public void close() throws IOException {
    try {
      finish();
    } finally {
      deflater.end();
    }
  }
}
