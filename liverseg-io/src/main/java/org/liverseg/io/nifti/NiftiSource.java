package org.liverseg.io.nifti;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.ImageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A NIfTI-1/2 or Analyze file ({@code .nii}, {@code .nii.gz}, {@code .hdr/.img}, gzipped pairs) as
 * an {@link ImageSource}: lazy images call it on first use. The header is read once and cached;
 * each voxel read opens the file anew, so a source holds no open file between reads.
 *
 * <p>Problems that do not stop the reading (see {@link NiftiFormatException} for those that do) are
 * logged once per source as SLF4J warnings and kept in {@link #warnings()}.
 */
public final class NiftiSource implements ImageSource {

  private static final Logger LOG = LoggerFactory.getLogger(NiftiSource.class);

  private final Path path;
  private final Set<String> warnings = new LinkedHashSet<>();
  private volatile NiftiHeader header;

  private NiftiSource(Path path) {
    this.path = requireNonNull(path, "path");
  }

  /** A source for {@code path}; nothing is read yet. */
  public static NiftiSource of(Path path) {
    return new NiftiSource(path);
  }

  @Override
  public Path path() {
    return path;
  }

  /**
   * The header (read on first call).
   *
   * @throws NiftiFormatException if the header is malformed (the message names the file)
   * @throws IOException if the file cannot be read
   */
  public NiftiHeader header() throws IOException {
    NiftiHeader h = header;
    if (h == null) {
      h = NiftiReader.readHeader(path, this::warn);
      header = h;
    }
    return h;
  }

  @Override
  public ImageGeometry readGeometry() throws IOException {
    return header().geometry();
  }

  @Override
  public float[] readFloats() throws IOException {
    try (NiftiReader.Opened o = NiftiReader.open(path, this::warn)) {
      header = o.header;
      return NiftiReader.readFloats(o, this::warn);
    }
  }

  @Override
  public byte[] readLabels() throws IOException {
    try (NiftiReader.Opened o = NiftiReader.open(path, this::warn)) {
      header = o.header;
      return NiftiReader.readLabels(o, this::warn);
    }
  }

  /** The warnings raised so far while reading this file, in order, each once. */
  public List<String> warnings() {
    synchronized (warnings) {
      return ImmutableList.copyOf(new ArrayList<>(warnings));
    }
  }

  private void warn(String message) {
    boolean fresh;
    synchronized (warnings) {
      fresh = warnings.add(message);
    }
    if (fresh) {
      LOG.warn("{}: {}", path, message);
    }
  }

  @Override
  public String toString() {
    return "NiftiSource(" + path + ")";
  }
}
