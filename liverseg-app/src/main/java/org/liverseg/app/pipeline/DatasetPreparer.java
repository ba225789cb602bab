package org.liverseg.app.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.liverseg.io.msd.MsdDataset;
import org.liverseg.phantoms.DatasetProgress;
import org.liverseg.phantoms.PhantomGenerator;

/**
 * Step 1 of the pipeline: makes sure the data folder holds a dataset in MSD Task03_Liver layout,
 * generating synthetic phantoms into it when it is missing or empty, and opens it. A folder that is
 * not empty but has no {@code dataset.json} is left alone (an error), so that a wrong path never
 * gets phantoms written over someone's files.
 */
public final class DatasetPreparer {

  private DatasetPreparer() {}

  /** Whether {@code dir} does not exist or is an empty folder. */
  public static boolean isEmpty(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return true;
    }
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }

  /**
   * Generates phantoms into {@code data.dir()} if it is missing or empty, then opens the dataset.
   *
   * @param progress told about each written phantom
   * @return the opened dataset and whether phantoms were generated
   * @throws IllegalArgumentException if the folder is neither empty nor an MSD dataset
   */
  public static Prepared prepare(RunConfig.Data data, DatasetProgress progress) throws IOException {
    Path dir = Path.of(data.dir());
    boolean generated = false;
    if (isEmpty(dir)) {
      PhantomGenerator.builder()
          .size(data.phantomSize())
          .seed(data.phantomSeed())
          .build()
          .writeDataset(dir, data.phantomCases(), progress);
      generated = true;
    } else if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("data folder " + dir + " is a file, not a folder");
    } else if (!Files.exists(dir.resolve(MsdDataset.DESCRIPTOR))) {
      throw new IllegalArgumentException(
          "data folder "
              + dir
              + " is not empty and has no "
              + MsdDataset.DESCRIPTOR
              + "; give an MSD Task03_Liver folder or an empty/new folder for phantoms");
    }
    return new Prepared(MsdDataset.open(dir), generated);
  }

  /**
   * The dataset ready for use.
   *
   * @param dataset the opened dataset
   * @param generated whether phantoms were generated into the folder just now
   */
  public record Prepared(MsdDataset dataset, boolean generated) {}
}
