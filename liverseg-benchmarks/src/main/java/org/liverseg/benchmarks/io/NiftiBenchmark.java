package org.liverseg.benchmarks.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.nifti.Nifti;
import org.liverseg.io.nifti.NiftiDataType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * NIfTI codec timings on a 256x256x200 int16 CT volume (26 MB of voxels): read {@code .nii.gz} and
 * {@code .nii} into float32, write {@code .nii.gz} as int16. By default the volume is built in Java
 * (see {@link CtVolume}); {@code -p dir=/path} reads {@code ct.nii.gz} and {@code ct.nii} from the
 * anchor script instead, so nibabel and liverseg time the very same files.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx4g"})
public class NiftiBenchmark {

  /** Folder holding {@code ct.nii.gz} and {@code ct.nii}; empty: generate them in a temp folder. */
  @Param("")
  public String dir;

  private Path folder;
  private Path gz;
  private Path nii;
  private Path out;
  private ScalarImage image;
  private boolean generated;

  /** Prepares the input files and the image to write. */
  @Setup(Level.Trial)
  public void setup() throws IOException {
    if (dir.isEmpty()) {
      folder = Files.createTempDirectory("liverseg-bench");
      generated = true;
      ScalarImage ct = CtVolume.make(256, 256, 200, 0);
      gz = folder.resolve("ct.nii.gz");
      nii = folder.resolve("ct.nii");
      Nifti.write(gz, ct, NiftiDataType.INT16);
      Nifti.write(nii, ct, NiftiDataType.INT16);
    } else {
      folder = Files.createTempDirectory("liverseg-bench");
      gz = Path.of(dir, "ct.nii.gz");
      nii = Path.of(dir, "ct.nii");
    }
    out = folder.resolve("out.nii.gz");
    image = ScalarImage.read(gz);
  }

  /** Removes what setup wrote. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    Files.deleteIfExists(out);
    if (generated) {
      Files.deleteIfExists(gz);
      Files.deleteIfExists(nii);
    }
    Files.deleteIfExists(folder);
  }

  /** {@code ScalarImage.read} of the int16 {@code .nii.gz} (inflate, CRC, convert to float32). */
  @Benchmark
  public float[] readNiiGz() throws IOException {
    return ScalarImage.read(gz).voxels();
  }

  /** {@code ScalarImage.read} of the int16 {@code .nii}. */
  @Benchmark
  public float[] readNii() throws IOException {
    return ScalarImage.read(nii).voxels();
  }

  /** Writes the image as int16 {@code .nii.gz} at nibabel's level 1, synced and renamed. */
  @Benchmark
  public Path writeNiiGz() throws IOException {
    Nifti.write(out, image, NiftiDataType.INT16);
    return out;
  }
}
