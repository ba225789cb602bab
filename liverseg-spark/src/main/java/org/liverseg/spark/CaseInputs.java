package org.liverseg.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.liverseg.io.msd.MsdDataset;
import org.liverseg.io.msd.MsdDescriptor;
import org.liverseg.io.msd.MsdPair;

/**
 * Turns what a user names (NIfTI files, folders of them, MSD {@code dataset.json} files) into the
 * {@link CaseInput}s of a job, on the driver. Only names are looked at, never voxels: a listed file
 * that is missing or broken becomes a {@code failed} row on an executor, not a failed job.
 *
 * <ul>
 *   <li>A NIfTI file ({@code .nii}, {@code .nii.gz}, {@code .hdr}, {@code .hdr.gz}) is one case
 *       named after the file ({@code liver_7.nii.gz} is {@code liver_7}), without a label.
 *   <li>A folder holding a {@code dataset.json} is that MSD dataset (as is the {@code dataset.json}
 *       itself): every training pair is a case with its label, every test image a case without one.
 *       Paths in the JSON are relative to its folder.
 *   <li>Any other folder: the NIfTI files directly in it, sorted by name, without labels (hidden
 *       files such as macOS's {@code ._liver_0.nii.gz} are ignored).
 * </ul>
 *
 * <p>Paths are made absolute, since executors do not share the driver's working folder. Two cases
 * with the same id would write the same mask, so they are an error naming both sources.
 */
public final class CaseInputs {

  private static final String[] NIFTI = {".nii.gz", ".nii", ".hdr.gz", ".hdr"};

  private CaseInputs() {}

  /**
   * The cases of {@code inputs}, in the order given (folders sorted by file name, MSD datasets in
   * the order of their {@code dataset.json}).
   *
   * @throws NoSuchFileException if an input does not exist
   * @throws IOException if a folder or {@code dataset.json} cannot be read
   * @throws IllegalArgumentException if an input is none of the above, names no case, or two cases
   *     share an id
   */
  public static List<CaseInput> resolve(Collection<Path> inputs) throws IOException {
    Map<String, CaseInput> cases = new LinkedHashMap<>();
    for (Path given : inputs) {
      Path in = given.toAbsolutePath().normalize();
      List<CaseInput> found;
      if (Files.isDirectory(in)) {
        found =
            Files.isRegularFile(in.resolve(MsdDataset.DESCRIPTOR)) ? msd(in) : folder(in, given);
      } else if (Files.isRegularFile(in)) {
        if (in.getFileName().toString().equals(MsdDataset.DESCRIPTOR)) {
          found = msd(in.getParent());
        } else {
          String id = caseId(in.getFileName().toString());
          if (id == null) {
            throw new IllegalArgumentException(
                given
                    + " is not a NIfTI file (.nii, .nii.gz, .hdr), a folder or an MSD "
                    + MsdDataset.DESCRIPTOR);
          }
          found = List.of(CaseInput.of(id, in.toString()));
        }
      } else {
        throw new NoSuchFileException(given.toString(), null, "input does not exist");
      }
      for (CaseInput c : found) {
        add(cases, c);
      }
    }
    return List.copyOf(cases.values());
  }

  /**
   * The cases of {@code given}, checked for duplicate ids (for inputs from a table).
   *
   * @throws IllegalArgumentException if two cases share an id
   */
  public static List<CaseInput> distinct(Collection<CaseInput> given) {
    Map<String, CaseInput> cases = new LinkedHashMap<>();
    for (CaseInput c : given) {
      add(cases, c);
    }
    return List.copyOf(cases.values());
  }

  /**
   * The case id of a NIfTI file name ({@code liver_7.nii.gz -> liver_7}), or null if the name is
   * not a NIfTI file's or is hidden.
   */
  public static String caseId(String fileName) {
    if (fileName.startsWith(".")) {
      return null;
    }
    for (String ext : NIFTI) {
      if (fileName.endsWith(ext) && fileName.length() > ext.length()) {
        return fileName.substring(0, fileName.length() - ext.length());
      }
    }
    return null;
  }

  private static void add(Map<String, CaseInput> cases, CaseInput c) {
    CaseInput old = cases.putIfAbsent(c.caseId(), c);
    if (old != null) {
      throw new IllegalArgumentException(
          "two inputs for case "
              + c.caseId()
              + ": "
              + old.image()
              + " and "
              + c.image()
              + " (masks are named by case id)");
    }
  }

  private static List<CaseInput> folder(Path dir, Path given) throws IOException {
    List<CaseInput> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files.sorted()::iterator) {
        String id = caseId(f.getFileName().toString());
        if (id != null && Files.isRegularFile(f)) {
          out.add(CaseInput.of(id, f.toString()));
        }
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(
          "no NIfTI files (.nii, .nii.gz, .hdr) in the folder " + given);
    }
    return out;
  }

  private static List<CaseInput> msd(Path root) throws IOException {
    MsdDescriptor d = MsdDataset.readDescriptor(root);
    Path json = root.resolve(MsdDataset.DESCRIPTOR);
    if (d.training() == null && d.test() == null) {
      throw new IllegalArgumentException(json + " lists neither \"training\" nor \"test\" cases");
    }
    List<CaseInput> out = new ArrayList<>();
    List<MsdPair> training = d.training() == null ? List.of() : d.training();
    for (int i = 0; i < training.size(); i++) {
      MsdPair p = training.get(i);
      if (p == null || p.image() == null) {
        throw new IllegalArgumentException(json + " training[" + i + "] has no \"image\"");
      }
      Path image = root.resolve(p.image()).normalize();
      String label = p.label() == null ? null : root.resolve(p.label()).normalize().toString();
      out.add(new CaseInput(id(image, json), image.toString(), label));
    }
    List<String> test = d.test() == null ? List.of() : d.test();
    for (String t : test) {
      if (t == null) {
        throw new IllegalArgumentException(json + " has a null entry in \"test\"");
      }
      Path image = root.resolve(t).normalize();
      out.add(CaseInput.of(id(image, json), image.toString()));
    }
    return out;
  }

  private static String id(Path image, Path json) {
    String id = caseId(image.getFileName().toString());
    if (id == null) {
      throw new IllegalArgumentException(json + " lists " + image + ", which is not a NIfTI file");
    }
    return id;
  }
}
