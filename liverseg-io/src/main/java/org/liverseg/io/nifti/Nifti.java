package org.liverseg.io.nifti;

import java.io.IOException;
import java.nio.file.Path;
import org.liverseg.io.Image;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;

/**
 * Entry points of the NIfTI codec. Reading is also available as {@link ScalarImage#read(Path)},
 * {@link ScalarImage#lazy(Path)}, {@link LabelMap#read(Path)} and {@link LabelMap#lazy(Path)}.
 *
 * <pre>{@code
 * NiftiHeader h = Nifti.readHeader(Path.of("ct.nii.gz"));      // header only
 * ScalarImage ct = ScalarImage.read(Path.of("ct.nii.gz"));     // float32 voxels, scaled
 * Nifti.write(Path.of("out.nii.gz"), ct, NiftiDataType.INT16); // rounded, range-checked
 * }</pre>
 */
public final class Nifti {

  private static final NiftiWriter DEFAULT = NiftiWriter.builder().build();

  private Nifti() {}

  /**
   * Reads the header and extensions of a {@code .nii}, {@code .nii.gz}, {@code .hdr} (or its {@code
   * .img}), without reading the voxels.
   *
   * @throws NiftiFormatException if the header is malformed (the message names the file)
   */
  public static NiftiHeader readHeader(Path file) throws IOException {
    return NiftiSource.of(file).header();
  }

  /** Writes {@code image} with the given on-disk datatype (format chosen by the file name). */
  public static void write(Path file, Image image, NiftiDataType dataType) throws IOException {
    NiftiWriter.builder().dataType(dataType).build().write(file, image);
  }

  /** Writes a scalar image as float32. */
  public static void write(Path file, ScalarImage image) throws IOException {
    DEFAULT.write(file, image);
  }

  /** Writes a label map as uint8. */
  public static void write(Path file, LabelMap image) throws IOException {
    DEFAULT.write(file, image);
  }

  /**
   * A writer builder for byte order, version, compression, template header, extensions, scaling.
   */
  public static NiftiWriter.Builder writer() {
    return NiftiWriter.builder();
  }
}
