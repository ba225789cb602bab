package org.liverseg.io.nifti;

import static org.liverseg.io.nifti.NiftiFormatException.Problem.BAD_EXTENT;
import static org.liverseg.io.nifti.NiftiFormatException.Problem.BAD_HEADER_FIELD;
import static org.liverseg.io.nifti.NiftiFormatException.Problem.BAD_SCALING;
import static org.liverseg.io.nifti.NiftiFormatException.Problem.BAD_VOX_OFFSET;
import static org.liverseg.io.nifti.NiftiFormatException.Problem.EMPTY_FILE;
import static org.liverseg.io.nifti.NiftiFormatException.Problem.MISSING_IMAGE_FILE;
import static org.liverseg.io.nifti.NiftiFormatException.Problem.TOO_LARGE;
import static org.liverseg.io.nifti.NiftiFormatException.Problem.TRUNCATED_DATA;
import static org.liverseg.io.nifti.NiftiFormatException.Problem.TRUNCATED_HEADER;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads NIfTI-1/2 and Analyze files: locates the files, sniffs gzip, parses and validates the
 * header, reads extensions, checks that the file can hold the data before allocating anything, then
 * streams the voxels through {@link VoxelDecoder}.
 *
 * <p>Size checks: a plain file must hold {@code vox_offset + data} bytes. A gzip file cannot
 * decompress to more than about 1032 times its size (deflate's limit), so a header promising more
 * is rejected at once; the trailer's length (only a hint, mod 2^32 and of the last member) is then
 * compared with the promise, and if it disagrees the stream is first inflated without storing, to
 * count, before the voxel array is allocated.
 */
final class NiftiReader {

  /** Largest number of values one Java array may hold. */
  static final long MAX_VALUES = Integer.MAX_VALUE - 8;

  /** Deflate's largest expansion ratio (1032:1) plus slack for headers and small files. */
  private static final long MAX_INFLATE_RATIO = 1032;

  private NiftiReader() {}

  /** A header with its open stream, positioned just after the extensions. */
  static final class Opened implements Closeable {
    final NiftiFiles files;
    final NiftiHeader header;
    final long dataOffset;
    final RawFile raw;
    final InputStream in;
    final long consumed;

    Opened(
        NiftiFiles files,
        NiftiHeader header,
        long dataOffset,
        RawFile raw,
        InputStream in,
        long consumed) {
      this.files = files;
      this.header = header;
      this.dataOffset = dataOffset;
      this.raw = raw;
      this.in = in;
      this.consumed = consumed;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /** An opened file: its channel, size and whether its content is gzip. */
  record RawFile(Path path, FileChannel channel, long size, boolean gzip) {

    static RawFile open(Path path, Consumer<String> warn) throws IOException {
      FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
      try {
        long size = ch.size();
        if (size == 0) {
          throw new NiftiFormatException(path, EMPTY_FILE, "file is empty (0 bytes)");
        }
        ByteBuffer magic = ByteBuffer.allocate(2);
        ch.read(magic, 0);
        boolean gz =
            magic.position() == 2 && (magic.get(0) & 0xFF) == 0x1F && (magic.get(1) & 0xFF) == 0x8B;
        boolean named = NiftiFiles.namedGz(path);
        if (gz && !named) {
          warn.accept(
              "content is gzip-compressed but the name does not end in .gz; reading it decompressed");
        } else if (!gz && named) {
          warn.accept("name ends in .gz but the content is not gzip-compressed; reading it as is");
        }
        return new RawFile(path, ch, size, gz);
      } catch (IOException | RuntimeException e) {
        ch.close();
        throw e;
      }
    }

    /** A stream of the (decompressed) content from the start. */
    InputStream stream(Consumer<String> warn) throws IOException {
      channel.position(0);
      InputStream in = Channels.newInputStream(channel);
      return gzip ? new GzipInput(in, path, warn) : in;
    }

    /**
     * Inflates the whole file through a separate channel, without storing, and counts the bytes.
     */
    long countDecompressed() throws IOException {
      try (GzipInput counter = new GzipInput(Files.newInputStream(path), path, s -> {})) {
        return counter.drain();
      }
    }

    /** The gzip trailer's ISIZE field (length mod 2^32 of the last member). */
    long gzipSizeHint() throws IOException {
      if (size < 18) {
        return -1;
      }
      ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
      channel.read(b, size - 4);
      return b.getInt(0) & 0xFFFFFFFFL;
    }
  }

  /** Reads only the header (and extensions) of {@code file}. */
  static NiftiHeader readHeader(Path file, Consumer<String> warn) throws IOException {
    try (Opened o = open(file, warn)) {
      return o.header;
    }
  }

  /** Reads header and voxels as floats. */
  static float[] readFloats(Opened o, Consumer<String> warn) throws IOException {
    try (InputStream data = dataStream(o, warn)) {
      float[] values = new VoxelDecoder(o.header, o.files.data()).readFloats(data);
      finish(data);
      return values;
    }
  }

  /** Reads header and voxels as labels. */
  static byte[] readLabels(Opened o, Consumer<String> warn) throws IOException {
    try (InputStream data = dataStream(o, warn)) {
      byte[] values = new VoxelDecoder(o.header, o.files.data()).readLabels(data);
      finish(data);
      return values;
    }
  }

  /** For gzip: reads to the end so that every member's CRC and length are checked. */
  private static void finish(InputStream data) throws IOException {
    if (data instanceof GzipInput g) {
      g.drain();
    }
  }

  /** Opens {@code file}, reads and validates its header and extensions. */
  static Opened open(Path file, Consumer<String> warn) throws IOException {
    NiftiFiles files = NiftiFiles.forReading(file);
    RawFile raw = RawFile.open(files.header(), warn);
    InputStream in = raw.stream(warn);
    try {
      List<String> warnings = new ArrayList<>();
      byte[] fixed = new byte[540];
      int got = in.readNBytes(fixed, 0, 348);
      if (got == 0) {
        throw new NiftiFormatException(
            files.header(), EMPTY_FILE, "file holds no bytes after decompression");
      }
      NiftiVersion size = HeaderCodec.sniffSize(fixed, got, files.header());
      if (size == NiftiVersion.NIFTI2 && got == 348) {
        got += in.readNBytes(fixed, 348, 540 - 348);
      }
      NiftiHeader.Builder b =
          HeaderCodec.decode(fixed, got, files.pair(), files.header(), warnings);
      NiftiHeader partial = b.build();
      long dataOffset = validate(partial, files.header(), warnings);
      long consumed = partial.version().headerSize();
      byte[] extender = in.readNBytes(4);
      consumed += extender.length;
      List<NiftiExtension> extensions = new ArrayList<>();
      if (extender.length == 4 && extender[0] != 0) {
        long limit = partial.isSingleFile() ? dataOffset : Long.MAX_VALUE;
        if (partial.isSingleFile() && limit - consumed < 16) {
          // nibabel reads no extension here either, silently; say why there are none
          warnings.add(
              "the extension flag is set, but vox_offset "
                  + dataOffset
                  + " leaves "
                  + (limit - consumed)
                  + " bytes for extensions, fewer than the 16 of the smallest; reading none");
        }
        consumed =
            readExtensions(
                in, consumed, limit, partial.byteOrder(), files.header(), extensions, warnings);
      }
      NiftiHeader header = b.extensions(extensions).warnings(warnings).build();
      warnings.forEach(warn);
      return new Opened(files, header, dataOffset, raw, in, consumed);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /** Checks the header fields; returns the data offset. Adds warnings for tolerated problems. */
  private static long validate(NiftiHeader h, Path file, List<String> warnings)
      throws NiftiFormatException {
    long[] dim = h.dim();
    for (int i = 1; i <= h.rank(); i++) {
      if (dim[i] <= 0) {
        throw new NiftiFormatException(
            file,
            BAD_EXTENT,
            "dim["
                + i
                + "] is "
                + dim[i]
                + ", every extent dim[1.."
                + h.rank()
                + "] must be positive");
      }
    }
    long values;
    try {
      values = Math.multiplyExact(h.voxelCount(), h.datatype().components());
      h.dataBytes();
    } catch (ArithmeticException e) {
      throw new NiftiFormatException(
          file,
          TOO_LARGE,
          "the extents "
              + java.util.Arrays.toString(h.shape())
              + " multiply to more than 2^63 values");
    }
    if (values > MAX_VALUES) {
      throw new NiftiFormatException(
          file,
          TOO_LARGE,
          "the extents "
              + java.util.Arrays.toString(h.shape())
              + " hold "
              + values
              + " values, more than one Java array can ("
              + MAX_VALUES
              + ")");
    }
    if (h.bitpix() != h.datatype().bitpix()) {
      warnings.add(
          "bitpix is "
              + h.bitpix()
              + " but datatype "
              + h.datatype().numpyName()
              + " has "
              + h.datatype().bitpix()
              + " bits; using the datatype");
    }
    boolean nifti = h.version() != NiftiVersion.ANALYZE75;
    double slope = h.sclSlope();
    if (nifti) {
      if (!Double.isFinite(slope) || slope == 0) {
        warnings.add("scl_slope is " + slope + ": no scaling (scl_inter ignored)");
      } else if (!Double.isFinite(h.sclInter())) {
        throw new NiftiFormatException(
            file,
            BAD_SCALING,
            "scl_slope is "
                + slope
                + " but scl_inter is "
                + h.sclInter()
                + "; a valid slope needs a finite intercept");
      }
      double qfac = h.pixdim()[0];
      if (qfac != 1 && qfac != -1) {
        warnings.add("qfac (pixdim[0]) is " + qfac + ", expected 1 or -1; using 1");
      }
    }
    double[] pixdim = h.pixdim();
    for (int i = 1; i <= 3; i++) {
      if (pixdim[i] < 0) {
        warnings.add("pixdim[" + i + "] is " + pixdim[i] + " (negative); using its absolute value");
      } else if (pixdim[i] == 0 || Double.isNaN(pixdim[i])) {
        warnings.add("pixdim[" + i + "] is " + pixdim[i] + "; using 1");
      }
    }
    if (nifti && h.sformCode() == 0 && h.qformCode() != 0) {
      double[] q = h.quaternion();
      if (Double.isNaN(Quaternions.quaternionA(q[0], q[1], q[2]))) {
        throw new NiftiFormatException(
            file,
            BAD_HEADER_FIELD,
            "qform quaternion (b, c, d) = ("
                + q[0]
                + ", "
                + q[1]
                + ", "
                + q[2]
                + ") has b^2 + c^2 + d^2 > 1, so it is not a rotation");
      }
    }
    try {
      h.affine();
    } catch (IllegalArgumentException e) {
      throw new NiftiFormatException(
          file,
          BAD_HEADER_FIELD,
          "the affine the header describes ("
              + (h.sformCode() != 0 ? "sform" : h.qformCode() != 0 ? "qform" : "pixdim")
              + ") is invalid: "
              + e.getMessage(),
          e);
    }
    double off = h.voxOffset();
    if (!Double.isFinite(off) || off < 0) {
      throw new NiftiFormatException(
          file, BAD_VOX_OFFSET, "vox_offset is " + off + ", expected a non-negative byte offset");
    }
    if (off != Math.floor(off)) {
      warnings.add("vox_offset " + off + " is not an integer; using " + (long) off);
    }
    long offset = (long) off;
    if (h.isSingleFile()) {
      long min = h.version().minimumSingleFileOffset();
      if (offset < min) {
        warnings.add("vox_offset " + off + " is inside the header of a single file; using " + min);
        offset = min;
      }
    }
    return offset;
  }

  /** Reads {@code esize/ecode} blocks until {@code limit} (or the end of a pair's header file). */
  private static long readExtensions(
      InputStream in,
      long consumed,
      long limit,
      ByteOrder order,
      Path file,
      List<NiftiExtension> out,
      List<String> warnings)
      throws IOException {
    boolean single = limit != Long.MAX_VALUE;
    while (!single || limit - consumed >= 16) {
      byte[] def = in.readNBytes(8);
      if (def.length == 0 && !single) {
        return consumed;
      }
      if (def.length < 8) {
        if (single) {
          throw new NiftiFormatException(
              file,
              TRUNCATED_HEADER,
              "file ends inside the header extensions, at byte "
                  + (consumed + def.length)
                  + " (vox_offset is "
                  + limit
                  + ")");
        }
        warnings.add("ignored " + def.length + " bytes after the last header extension");
        return consumed + def.length;
      }
      consumed += 8;
      ByteBuffer bb = ByteBuffer.wrap(def).order(order);
      long esize = bb.getInt(0) & 0xFFFFFFFFL;
      int ecode = bb.getInt(4);
      if (esize < 16) {
        warnings.add(
            "header extension with esize "
                + esize
                + " (at least 16 expected); ignoring it and the rest");
        return consumed;
      }
      if (single && esize - 8 > limit - consumed) {
        warnings.add(
            "header extension (ecode "
                + ecode
                + ", esize "
                + esize
                + ") runs past vox_offset "
                + limit
                + "; ignoring it and the rest");
        return consumed;
      }
      if (esize % 16 != 0) {
        warnings.add("header extension esize " + esize + " is not a multiple of 16");
      }
      if (esize - 8 > Integer.MAX_VALUE - 64) {
        warnings.add(
            "header extension (ecode "
                + ecode
                + ") of "
                + esize
                + " bytes is too large; ignoring the rest");
        return consumed;
      }
      // readNBytes allocates as bytes arrive, so a lying esize costs nothing
      byte[] content = in.readNBytes((int) (esize - 8));
      consumed += content.length;
      if (content.length < esize - 8) {
        if (single) {
          throw new NiftiFormatException(
              file,
              TRUNCATED_HEADER,
              "file ends inside header extension (ecode " + ecode + ", esize " + esize + ")");
        }
        warnings.add(
            "header extension (ecode "
                + ecode
                + ") runs past the end of the header file; ignoring it");
        return consumed;
      }
      out.add(new NiftiExtension(ecode, content));
    }
    return consumed;
  }

  /**
   * A stream positioned at the first voxel byte, after checking that the file can hold the data.
   */
  private static InputStream dataStream(Opened o, Consumer<String> warn) throws IOException {
    NiftiHeader h = o.header;
    long offset = o.dataOffset;
    long needed = offset + h.dataBytes();
    RawFile raw;
    InputStream in;
    long consumed;
    if (o.files.pair()) {
      try {
        raw = RawFile.open(o.files.data(), warn);
      } catch (NoSuchFileException e) {
        throw new NiftiFormatException(
            o.files.header(),
            MISSING_IMAGE_FILE,
            "image file " + o.files.data().getFileName() + " of this header does not exist",
            e);
      } catch (NiftiFormatException e) {
        if (e.problem() == EMPTY_FILE && h.dataBytes() > 0) {
          throw new NiftiFormatException(
              o.files.data(),
              TRUNCATED_DATA,
              "image file is empty but the header "
                  + o.files.header().getFileName()
                  + " promises "
                  + h.dataBytes()
                  + " bytes",
              e);
        }
        throw e;
      }
      in = null;
      consumed = 0;
    } else {
      raw = o.raw;
      in = o.in;
      consumed = o.consumed;
    }
    Path file = raw.path();
    try {
      if (!raw.gzip()) {
        if (offset > raw.size()) {
          throw new NiftiFormatException(
              file,
              BAD_VOX_OFFSET,
              "vox_offset " + offset + " is past the end of the " + raw.size() + "-byte file");
        }
        if (raw.size() < needed) {
          throw new NiftiFormatException(
              file,
              TRUNCATED_DATA,
              "file holds "
                  + (raw.size() - offset)
                  + " data bytes after vox_offset "
                  + offset
                  + ", the header promises "
                  + h.dataBytes()
                  + " ("
                  + describe(h)
                  + ")");
        }
        raw.channel().position(offset);
        return Channels.newInputStream(raw.channel());
      }
      long bound = raw.size() * MAX_INFLATE_RATIO + (1 << 16);
      if (needed > bound) {
        throw new NiftiFormatException(
            file,
            offset > bound ? BAD_VOX_OFFSET : TRUNCATED_DATA,
            "a gzip file of "
                + raw.size()
                + " bytes decompresses to at most "
                + bound
                + " bytes, but the header puts "
                + h.dataBytes()
                + " data bytes ("
                + describe(h)
                + ") at offset "
                + offset);
      }
      long hint = raw.gzipSizeHint();
      boolean hintAgrees = hint == (needed & 0xFFFFFFFFL) || (needed < (1L << 32) && hint > needed);
      if (!hintAgrees) {
        long total = raw.countDecompressed();
        if (total < offset) {
          throw new NiftiFormatException(
              file,
              BAD_VOX_OFFSET,
              "vox_offset "
                  + offset
                  + " is past the end of the data, which decompresses to "
                  + total
                  + " bytes");
        }
        if (total < needed) {
          throw new NiftiFormatException(
              file,
              TRUNCATED_DATA,
              "decompressed file holds "
                  + (total - offset)
                  + " data bytes after vox_offset "
                  + offset
                  + ", the header promises "
                  + h.dataBytes()
                  + " ("
                  + describe(h)
                  + ")");
        }
      }
      if (in == null) {
        in = raw.stream(warn);
      }
      long skip = offset - consumed;
      if (skip < 0) {
        throw new AssertionError("extensions read past the data offset");
      }
      byte[] scratch = new byte[(int) Math.min(1 << 16, Math.max(skip, 1))];
      while (skip > 0) {
        int n = in.read(scratch, 0, (int) Math.min(scratch.length, skip));
        if (n < 0) {
          throw new NiftiFormatException(
              file,
              BAD_VOX_OFFSET,
              "vox_offset " + offset + " is past the end of the" + " decompressed data");
        }
        skip -= n;
      }
      return in;
    } catch (IOException | RuntimeException e) {
      if (o.files.pair()) {
        if (in != null) {
          in.close();
        }
        raw.channel().close();
      }
      throw e;
    }
  }

  private static String describe(NiftiHeader h) {
    return java.util.Arrays.toString(h.shape()) + " " + h.datatype().numpyName();
  }
}
