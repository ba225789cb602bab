package org.liverseg.io.nifti;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.liverseg.io.Image;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;

/**
 * Writes images as NIfTI files: {@code .nii}, {@code .nii.gz}, {@code .hdr/.img} and {@code
 * .hdr.gz/.img.gz}, chosen by the file name. Immutable and thread-safe; configure one with {@link
 * #builder()}.
 *
 * <p>By default the header is what nibabel writes for {@code nib.save(Nifti1Image(data, affine))}:
 * NIfTI-1, little-endian, sform = the affine with code 2 (aligned), the qform quaternion, qfac and
 * pixdim filled from the same affine with qform code 0, slope 1 and intercept 0, {@code vox_offset}
 * 352 plus the extensions; in addition {@code xyzt_units} says millimetres. Gzip uses level 1,
 * nibabel's default, with mtime 0 so equal images give equal files.
 *
 * <p>Writing is atomic per file: the bytes go to a temporary file in the target's folder, which is
 * then renamed over the target, so a crash never leaves a half-written image under the final name
 * (for pairs the {@code .img} is renamed first, then the {@code .hdr}); a failed write deletes the
 * temporary file. {@link Builder#sync} also forces the bytes to disk before the rename.
 *
 * <p>Gzip output is compressed in parallel in 1 MiB blocks (pigz's scheme: one gzip member, each
 * block primed with the previous 32 KiB), so writing scales with cores and stays byte-identical
 * whatever the thread count.
 */
public final class NiftiWriter {

  /** nibabel's default gzip level ({@code Opener.default_compresslevel}). */
  public static final int DEFAULT_COMPRESSION_LEVEL = 1;

  private final NiftiDataType dataType;
  private final ByteOrder byteOrder;
  private final NiftiVersion version;
  private final int level;
  private final NiftiHeader template;
  private final List<NiftiExtension> extensions;
  private final double slope;
  private final double inter;
  private final int threads;
  private final boolean sync;

  private NiftiWriter(Config c) {
    this.dataType = c.dataType;
    this.byteOrder = c.byteOrder;
    this.version = c.version;
    this.level = c.level;
    this.template = c.template;
    this.extensions = c.extensions == null ? null : List.copyOf(c.extensions);
    this.slope = c.slope;
    this.inter = c.inter;
    this.threads = c.threads;
    this.sync = c.sync;
  }

  /** A builder with the defaults described above (datatype chosen per image: float32 or uint8). */
  public static Builder builder() {
    return new Config();
  }

  /** Configures a {@link NiftiWriter}; every setting is optional. */
  public interface Builder {
    /**
     * The on-disk datatype. Unset: float32 for scalar images, uint8 for label maps. Integer types
     * are written by rounding; values out of range are an error.
     */
    Builder dataType(NiftiDataType type);

    /** The byte order (default little-endian). */
    Builder byteOrder(ByteOrder order);

    /** NIfTI-1 (default) or NIfTI-2. */
    Builder version(NiftiVersion version);

    /** The gzip level 0..9 for {@code .gz} names (default 1, as nibabel). */
    Builder compressionLevel(int level);

    /**
     * A header whose descriptive fields are kept: {@code descrip}, {@code aux_file}, intent, slice
     * timing, {@code cal_min/max}, {@code toffset}, {@code xyzt_units}, {@code dim_info}, {@code
     * pixdim[4..7]}, the transform codes (if either is set), its byte order and version (unless set
     * here), and its extensions (unless set here). Shape, datatype, affine and offset always come
     * from the image and this writer; its scaling is not reused.
     */
    Builder template(NiftiHeader header);

    /** Extensions to write (replacing the template's). */
    Builder extensions(List<NiftiExtension> extensions);

    /**
     * Stores {@code value = raw * slope + inter}: values are written as {@code rint((value - inter)
     * / slope)} for integer types. Default: no scaling (1, 0).
     */
    Builder scaling(double slope, double inter);

    /**
     * Threads compressing {@code .gz} output in 1 MiB blocks (default: the available processors).
     * The bytes written do not depend on it.
     */
    Builder threads(int threads);

    /**
     * Whether to force the data to the storage device before the rename (default false). The rename
     * is atomic either way, so a crashing process never leaves a partial file under the final name;
     * syncing also covers an operating-system crash, at the cost of waiting for the disk.
     */
    Builder sync(boolean sync);

    /** The configured writer. */
    NiftiWriter build();
  }

  private static final class Config implements Builder {
    private NiftiDataType dataType;
    private ByteOrder byteOrder;
    private NiftiVersion version;
    private int level = DEFAULT_COMPRESSION_LEVEL;
    private NiftiHeader template;
    private List<NiftiExtension> extensions;
    private double slope = 1;
    private double inter = 0;
    private int threads = Runtime.getRuntime().availableProcessors();
    private boolean sync;

    @Override
    public Builder dataType(NiftiDataType type) {
      dataType = requireNonNull(type, "type");
      return this;
    }

    @Override
    public Builder byteOrder(ByteOrder order) {
      byteOrder = requireNonNull(order, "order");
      return this;
    }

    @Override
    public Builder version(NiftiVersion v) {
      requireNonNull(v, "version");
      checkArgument(
          v != NiftiVersion.ANALYZE75,
          "writing Analyze 7.5 is not supported; write NIfTI-1 or NIfTI-2");
      version = v;
      return this;
    }

    @Override
    public Builder compressionLevel(int l) {
      checkArgument(l >= 0 && l <= 9, "gzip level must be 0..9, got %s", l);
      level = l;
      return this;
    }

    @Override
    public Builder template(NiftiHeader header) {
      template = requireNonNull(header, "header");
      return this;
    }

    @Override
    public Builder extensions(List<NiftiExtension> ext) {
      extensions = List.copyOf(ext);
      return this;
    }

    @Override
    public Builder scaling(double s, double i) {
      checkArgument(
          Double.isFinite(s) && s != 0 && Double.isFinite(i),
          "scaling needs a finite non-zero slope and a finite intercept, got slope %s, intercept %s",
          s,
          i);
      slope = s;
      inter = i;
      return this;
    }

    @Override
    public Builder threads(int t) {
      checkArgument(t >= 1, "threads must be at least 1, got %s", t);
      threads = t;
      return this;
    }

    @Override
    public Builder sync(boolean s) {
      sync = s;
      return this;
    }

    @Override
    public NiftiWriter build() {
      return new NiftiWriter(this);
    }
  }

  /**
   * The header this writer stores for {@code image} at {@code path}, exactly as it will read back
   * (NIfTI-1 fields rounded to float32). Reads the geometry of a lazy image, not its voxels.
   */
  public NiftiHeader headerFor(Path path, Image image) throws IOException {
    NiftiHeader h = header(NiftiFiles.forWriting(path).pair(), image);
    byte[] fixed = HeaderCodec.encode(h);
    return HeaderCodec.decode(fixed, fixed.length, !h.isSingleFile(), path, new ArrayList<>())
        .extensions(h.extensions())
        .build();
  }

  private NiftiDataType typeFor(Image image) {
    if (dataType != null) {
      return dataType;
    }
    return image instanceof LabelMap ? NiftiDataType.UINT8 : NiftiDataType.FLOAT32;
  }

  private NiftiHeader header(boolean pair, Image image) {
    ImageGeometry g = image.geometry();
    NiftiDataType type = typeFor(image);
    int components = type.components();
    checkArgument(
        g.channels() % components == 0,
        "%s needs a multiple of %s channels, the image has %s",
        type.numpyName(),
        components,
        g.channels());
    long volumes = g.channels() / components;
    NiftiHeader.Builder b;
    int qcode = 0;
    int scode = NiftiHeader.XFORM_ALIGNED;
    if (template != null) {
      b = template.toBuilder().glRange(0, 0).spmOrigin(0, 0, 0).warnings(List.of());
      if (template.qformCode() != 0 || template.sformCode() != 0) {
        qcode = template.qformCode();
        scode = template.sformCode();
      }
      if (template.version() == NiftiVersion.ANALYZE75) {
        b.version(NiftiVersion.NIFTI1).xyztUnits(NiftiHeader.UNITS_MM);
      }
    } else {
      b = NiftiHeader.builder().xyztUnits(NiftiHeader.UNITS_MM);
    }
    if (version != null) {
      b.version(version);
    }
    if (byteOrder != null) {
      b.byteOrder(byteOrder);
    }
    if (extensions != null) {
      b.extensions(extensions);
    }
    long[] shape =
        volumes == 1
            ? new long[] {g.shape().x(), g.shape().y(), g.shape().z()}
            : new long[] {g.shape().x(), g.shape().y(), g.shape().z(), volumes};
    double[] pixdim = template == null ? new double[] {1, 1, 1, 1, 1, 1, 1, 1} : template.pixdim();
    if (template != null && template.rank() < 4) {
      pixdim[4] = 1;
    }
    b.shape(shape)
        .datatype(type)
        .singleFile(!pair)
        .pixdim(pixdim)
        .affine(g.affine(), qcode, scode)
        .scaling(slope, inter);
    NiftiHeader draft = b.build();
    long offset = 0;
    if (!pair) {
      offset = draft.version().minimumSingleFileOffset();
      for (NiftiExtension e : draft.extensions()) {
        offset += e.diskSize();
      }
    }
    return b.voxOffset(offset).build();
  }

  /** Writes {@code image} to {@code path} (a lazy image is read first). */
  public void write(Path path, Image image) throws IOException {
    requireNonNull(image, "image");
    NiftiFiles files = NiftiFiles.forWriting(requireNonNull(path, "path"));
    NiftiHeader h = header(files.pair(), image);
    VoxelEncoder encoder = new VoxelEncoder(h, path.toString());
    // convert (and range-check) into the temporary file before anything is renamed
    Body data =
        out -> {
          if (image instanceof ScalarImage s) {
            encoder.write(s.voxels(), out);
          } else {
            encoder.write(((LabelMap) image).labels(), out);
          }
        };
    if (files.pair()) {
      atomicWrite(files.data(), data);
      atomicWrite(files.header(), out -> writeHeader(h, out));
    } else {
      atomicWrite(
          files.header(),
          out -> {
            writeHeader(h, out);
            data.write(out);
          });
    }
  }

  private static void writeHeader(NiftiHeader h, OutputStream out) throws IOException {
    out.write(HeaderCodec.encode(h));
    boolean any = !h.extensions().isEmpty();
    out.write(new byte[] {(byte) (any ? 1 : 0), 0, 0, 0});
    for (NiftiExtension e : h.extensions()) {
      byte[] content = e.content();
      ByteBuffer def = ByteBuffer.allocate(8).order(h.byteOrder());
      def.putInt(e.diskSize()).putInt(e.code());
      out.write(def.array());
      out.write(content);
      out.write(new byte[e.diskSize() - 8 - content.length]);
    }
  }

  /** Something that writes bytes. */
  private interface Body {
    void write(OutputStream out) throws IOException;
  }

  private void atomicWrite(Path target, Body body) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      // say so plainly instead of failing on the hidden temporary file's name
      throw new NoSuchFileException(
          target.toString(), null, "cannot write: the folder " + dir + " does not exist");
    }
    Path tmp =
        dir.resolve(
            "."
                + target.getFileName()
                + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + ".tmp");
    boolean gz = NiftiFiles.namedGz(target);
    boolean done = false;
    try {
      try (FileChannel ch =
          FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        OutputStream raw = Channels.newOutputStream(ch);
        if (gz) {
          try (GzipOutput g = new GzipOutput(raw, level, threads)) {
            body.write(g);
            g.finish();
          }
        } else {
          body.write(raw);
        }
        if (sync) {
          ch.force(true);
        }
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      done = true;
    } finally {
      if (!done) {
        Files.deleteIfExists(tmp);
      }
    }
  }
}
