package org.liverseg.io.nifti;

import static org.liverseg.io.nifti.NiftiFormatException.Problem.CORRUPT_GZIP;
import static org.liverseg.io.nifti.NiftiFormatException.Problem.GZIP_CRC_MISMATCH;
import static org.liverseg.io.nifti.NiftiFormatException.Problem.GZIP_LENGTH_MISMATCH;
import static org.liverseg.io.nifti.NiftiFormatException.Problem.TRUNCATED_GZIP;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A gzip decoder (RFC 1952) built for large reads: it inflates straight into the caller's array
 * with one {@link Inflater} call per read, checks every member's CRC-32 and length when the member
 * ends, continues over concatenated members, and ignores (with a warning) non-gzip bytes after the
 * last member, as {@code gunzip} does. Every malformation is a {@link NiftiFormatException} naming
 * the file; a stream that ends early is one too, never a silent short read.
 */
final class GzipInput extends InputStream {

  private static final int FHCRC = 2;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;

  private final InputStream in;
  private final Path file;
  private final Consumer<String> warn;
  private final Inflater inflater = new Inflater(true);
  private final CRC32 crc = new CRC32();
  private final byte[] buf;
  private int pos;
  private int len;
  private long memberBytes;
  private boolean memberDone;
  private boolean eof;
  private long total;

  /**
   * Reads the first member's gzip header from {@code in}.
   *
   * @throws NiftiFormatException if it is not a gzip header
   */
  GzipInput(InputStream in, Path file, Consumer<String> warn) throws IOException {
    this.in = in;
    this.file = file;
    this.warn = warn;
    this.buf = new byte[1 << 18];
    readMemberHeader();
  }

  /** Decompressed bytes returned so far. */
  long total() {
    return total;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    while (!eof) {
      if (memberDone) {
        if (!startNextMember()) {
          eof = true;
          break;
        }
      }
      int n;
      try {
        n = inflater.inflate(b, off, length);
      } catch (DataFormatException e) {
        throw new NiftiFormatException(
            file,
            CORRUPT_GZIP,
            "corrupt gzip data after " + total + " decompressed bytes: " + e.getMessage(),
            e);
      }
      pos = len - inflater.getRemaining();
      if (n > 0) {
        crc.update(b, off, n);
        memberBytes += n;
        total += n;
        return n;
      }
      if (inflater.finished()) {
        readTrailer();
        memberDone = true;
      } else if (inflater.needsDictionary()) {
        throw new NiftiFormatException(
            file,
            CORRUPT_GZIP,
            "gzip data asks for a preset dictionary, which gzip" + " files never use");
      } else if (inflater.needsInput()) {
        if (!fill()) {
          throw new NiftiFormatException(
              file,
              TRUNCATED_GZIP,
              "gzip stream is truncated: it ends inside"
                  + " compressed data after "
                  + total
                  + " decompressed bytes");
        }
        inflater.setInput(buf, pos, len - pos);
      }
    }
    return -1;
  }

  /** Reads and discards everything up to the end of the last member, checking every trailer. */
  long drain() throws IOException {
    byte[] scratch = new byte[1 << 16];
    long skipped = 0;
    int n;
    while ((n = read(scratch, 0, scratch.length)) > 0) {
      skipped += n;
    }
    return skipped;
  }

  @Override
  public void close() throws IOException {
    inflater.end();
    in.close();
  }

  /** Refills the input buffer when all of it was consumed; false at the end of the file. */
  private boolean fill() throws IOException {
    if (pos < len) {
      return true;
    }
    int n = in.read(buf, 0, buf.length);
    if (n <= 0) {
      return false;
    }
    pos = 0;
    len = n;
    return true;
  }

  private int readByte(String what) throws IOException {
    if (!fill()) {
      throw new NiftiFormatException(
          file, TRUNCATED_GZIP, "gzip stream is truncated: it ends inside the " + what);
    }
    return buf[pos++] & 0xFF;
  }

  private void readMemberHeader() throws IOException {
    int id1 = readByte("gzip header");
    int id2 = readByte("gzip header");
    if (id1 != 0x1F || id2 != 0x8B) {
      throw new NiftiFormatException(
          file,
          CORRUPT_GZIP,
          String.format(
              "not a gzip stream: starts with 0x%02x 0x%02x, expected 0x1f 0x8b", id1, id2));
    }
    int method = readByte("gzip header");
    if (method != 8) {
      throw new NiftiFormatException(
          file, CORRUPT_GZIP, "gzip compression method is " + method + ", only 8 (deflate) exists");
    }
    int flags = readByte("gzip header");
    if ((flags & 0xE0) != 0) {
      throw new NiftiFormatException(
          file,
          CORRUPT_GZIP,
          "gzip header has reserved flag bits set (0x" + Integer.toHexString(flags) + ")");
    }
    for (int i = 0; i < 6; i++) {
      readByte("gzip header"); // mtime, xfl, os
    }
    if ((flags & FEXTRA) != 0) {
      int xlen = readByte("gzip header") | readByte("gzip header") << 8;
      for (int i = 0; i < xlen; i++) {
        readByte("gzip extra field");
      }
    }
    if ((flags & FNAME) != 0) {
      while (readByte("gzip file name") != 0) {
        // skip the zero-terminated name
      }
    }
    if ((flags & FCOMMENT) != 0) {
      while (readByte("gzip comment") != 0) {
        // skip the zero-terminated comment
      }
    }
    if ((flags & FHCRC) != 0) {
      readByte("gzip header CRC");
      readByte("gzip header CRC");
    }
    inflater.reset();
    crc.reset();
    memberBytes = 0;
    memberDone = false;
    inflater.setInput(buf, pos, len - pos);
  }

  private void readTrailer() throws IOException {
    long storedCrc = 0;
    for (int i = 0; i < 4; i++) {
      storedCrc |= (long) readByte("gzip trailer") << (8 * i);
    }
    long storedSize = 0;
    for (int i = 0; i < 4; i++) {
      storedSize |= (long) readByte("gzip trailer") << (8 * i);
    }
    if (storedCrc != crc.getValue()) {
      throw new NiftiFormatException(
          file,
          GZIP_CRC_MISMATCH,
          String.format(
              "gzip CRC-32 mismatch: trailer says %08x, data gives %08x (the file is damaged)",
              storedCrc, crc.getValue()));
    }
    if (storedSize != (memberBytes & 0xFFFFFFFFL)) {
      throw new NiftiFormatException(
          file,
          GZIP_LENGTH_MISMATCH,
          "gzip length mismatch: trailer says "
              + storedSize
              + " bytes (mod 2^32), the member decompressed to "
              + memberBytes);
    }
  }

  /** After a member's trailer: starts the next member if one follows. */
  private boolean startNextMember() throws IOException {
    if (!fill()) {
      return false;
    }
    int first = buf[pos] & 0xFF;
    int second;
    if (pos + 1 < len) {
      second = buf[pos + 1] & 0xFF;
    } else {
      // the magic straddles a buffer boundary: keep the first byte and read on
      buf[0] = buf[pos];
      int n = in.read(buf, 1, buf.length - 1);
      pos = 0;
      len = n <= 0 ? 1 : n + 1;
      second = len > 1 ? buf[1] & 0xFF : -1;
    }
    if (first == 0x1F && second == 0x8B) {
      readMemberHeader();
      return true;
    }
    warn.accept("ignored bytes after the end of the gzip data (not another gzip member)");
    return false;
  }
}
