package org.liverseg.io.msd;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Subject;
import org.liverseg.io.SubjectsDataset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Medical Segmentation Decathlon dataset folder: {@code dataset.json}, {@code imagesTr/}, {@code
 * labelsTr/} and optionally {@code imagesTs/}, e.g. the real {@code Task03_Liver} or one written by
 * {@code org.liverseg.phantoms.PhantomGenerator} (module liverseg-phantoms).
 *
 * <p>Opening reads {@code dataset.json} and the header of every listed file (not the voxels): each
 * training pair becomes a subject with a lazy {@link ScalarImage} named {@value #IMAGE} and a lazy
 * {@link LabelMap} named {@value #LABEL}; each test image a subject with the image only. Subject
 * ids are the file names without extension ({@code liver_7}); metadata {@code image} and {@code
 * label} hold the files' paths.
 *
 * <p>Paths in {@code dataset.json} are relative to the folder ({@code "./imagesTr/liver_0.nii.gz"}
 * as in the Decathlon files). Files on disk that the JSON does not list are ignored (with a logged
 * warning), and so is macOS junk such as {@code ._liver_0.nii.gz}. Every problem found (unreadable
 * JSON, missing files, an image paired with another case's label, duplicate ids, unreadable
 * headers, image and label of different shape or affine) is collected and reported together in one
 * {@link MsdFormatException}.
 */
public final class MsdDataset {

  /** The descriptor's file name. */
  public static final String DESCRIPTOR = "dataset.json";

  /** Folder of training images. */
  public static final String IMAGES_TR = "imagesTr";

  /** Folder of training labels. */
  public static final String LABELS_TR = "labelsTr";

  /** Folder of test images. */
  public static final String IMAGES_TS = "imagesTs";

  /** Default name of the image in each subject. */
  public static final String IMAGE = "ct";

  /** Default name of the label map in each subject. */
  public static final String LABEL = "label";

  private static final Logger LOG = LoggerFactory.getLogger(MsdDataset.class);
  private static final Gson GSON =
      new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

  private final Path root;
  private final MsdDescriptor descriptor;
  private final SubjectsDataset training;
  private final SubjectsDataset test;

  private MsdDataset(
      Path root, MsdDescriptor descriptor, SubjectsDataset training, SubjectsDataset test) {
    this.root = root;
    this.descriptor = descriptor;
    this.training = training;
    this.test = test;
  }

  /**
   * Opens the dataset in {@code root} with default options.
   *
   * @throws MsdFormatException listing every problem found
   * @throws IOException if the folder cannot be listed
   */
  public static MsdDataset open(Path root) throws IOException {
    return builder(root).build();
  }

  /** A builder for opening the dataset in {@code root} with options. */
  public static Builder builder(Path root) {
    return new BuilderImpl(requireNonNull(root, "root"));
  }

  /** The dataset folder. */
  public Path root() {
    return root;
  }

  /** The parsed {@code dataset.json}. */
  public MsdDescriptor descriptor() {
    return descriptor;
  }

  /** The training subjects (image and label), in the order of {@code dataset.json}. */
  public SubjectsDataset training() {
    return training;
  }

  /** The test subjects (image only), in the order of {@code dataset.json}; may be empty. */
  public SubjectsDataset test() {
    return test;
  }

  /**
   * The subject id for a file name: the name without {@code .nii.gz}, {@code .nii}, {@code
   * .hdr(.gz)} or {@code .img(.gz)} ({@code liver_7.nii.gz -> liver_7}).
   */
  public static String subjectId(String fileName) {
    String n = fileName;
    for (String ext : new String[] {".nii.gz", ".nii", ".hdr.gz", ".hdr", ".img.gz", ".img"}) {
      if (n.endsWith(ext)) {
        return n.substring(0, n.length() - ext.length());
      }
    }
    return n;
  }

  /**
   * The path as written in {@code dataset.json} for a file in {@code folder}: {@code
   * ./folder/name}.
   */
  public static String relative(String folder, String fileName) {
    return "./" + folder + "/" + fileName;
  }

  /**
   * Writes {@code descriptor} as {@code root/dataset.json}, atomically (a temporary file in the
   * same folder, then a rename), so a crash never leaves a half-written descriptor.
   */
  public static void writeDescriptor(Path root, MsdDescriptor descriptor) throws IOException {
    Files.createDirectories(root);
    Path target = root.resolve(DESCRIPTOR);
    // a unique name in the same folder (not createTempFile, whose owner-only permissions would
    // stick)
    Path tmp =
        root.resolve(
            "."
                + DESCRIPTOR
                + "."
                + ProcessHandle.current().pid()
                + "."
                + System.nanoTime()
                + ".tmp");
    try {
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        GSON.toJson(descriptor, w);
        w.write(System.lineSeparator());
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Reads and parses {@code root/dataset.json}. */
  public static MsdDescriptor readDescriptor(Path root) throws IOException {
    Path file = root.resolve(DESCRIPTOR);
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      MsdDescriptor d = GSON.fromJson(r, MsdDescriptor.class);
      if (d == null) {
        throw new IOException(file + ": empty JSON");
      }
      return d;
    } catch (JsonParseException e) {
      throw new IOException(file + ": not valid JSON (" + e.getMessage() + ")", e);
    }
  }

  @Override
  public String toString() {
    return "MsdDataset(" + root + ", training=" + training.size() + ", test=" + test.size() + ")";
  }

  /** Options for opening a dataset. */
  public interface Builder {
    /** Name of the image in each subject (default {@value MsdDataset#IMAGE}). */
    Builder imageName(String name);

    /** Name of the label map in each subject (default {@value MsdDataset#LABEL}). */
    Builder labelName(String name);

    /**
     * Largest allowed difference between an image's and its label's affine entries (default {@link
     * Subject#DEFAULT_SPACE_TOLERANCE}).
     */
    Builder spaceTolerance(double tolerance);

    /**
     * Reads {@code dataset.json} and every listed file's header.
     *
     * @throws MsdFormatException listing every problem found
     * @throws IOException if the folder cannot be read
     */
    MsdDataset build() throws IOException;
  }

  private static final class BuilderImpl implements Builder {
    private final Path root;
    private String imageName = IMAGE;
    private String labelName = LABEL;
    private double tolerance = Subject.DEFAULT_SPACE_TOLERANCE;

    BuilderImpl(Path root) {
      this.root = root;
    }

    @Override
    public Builder imageName(String name) {
      this.imageName = requireNonNull(name, "name");
      return this;
    }

    @Override
    public Builder labelName(String name) {
      this.labelName = requireNonNull(name, "name");
      return this;
    }

    @Override
    public Builder spaceTolerance(double t) {
      checkArgument(t >= 0, "space tolerance must be non-negative, got %s", t);
      this.tolerance = t;
      return this;
    }

    @Override
    public MsdDataset build() throws IOException {
      checkArgument(
          !imageName.equals(labelName),
          "image and label names must differ, both are '%s'",
          imageName);
      Path dir = root.toAbsolutePath().normalize();
      if (!Files.isDirectory(dir)) {
        throw new MsdFormatException(root, List.of(root + " is not a folder"));
      }
      List<String> problems = new ArrayList<>();
      MsdDescriptor d;
      try {
        d = readDescriptor(dir);
      } catch (NoSuchFileException e) {
        throw new MsdFormatException(root, List.of(dir.resolve(DESCRIPTOR) + " is missing"));
      } catch (IOException e) {
        throw new MsdFormatException(root, List.of(e.getMessage()));
      }
      List<Subject> train = new ArrayList<>();
      Set<String> ids = new HashSet<>();
      Set<Path> listed = new HashSet<>();
      List<MsdPair> pairs = d.training() == null ? List.of() : d.training();
      if (d.training() == null) {
        problems.add(dir.resolve(DESCRIPTOR) + " has no \"training\" list");
      }
      for (int n = 0; n < pairs.size(); n++) {
        MsdPair p = pairs.get(n);
        String where = DESCRIPTOR + " training[" + n + "]";
        if (p == null || p.image() == null || p.label() == null) {
          problems.add(where + " needs both \"image\" and \"label\"");
          continue;
        }
        Path image = resolve(dir, p.image(), where, problems);
        Path label = resolve(dir, p.label(), where, problems);
        if (image == null || label == null) {
          continue;
        }
        listed.add(image);
        listed.add(label);
        String id = subjectId(image.getFileName().toString());
        String labelId = subjectId(label.getFileName().toString());
        if (!id.equals(labelId)) {
          problems.add(
              where
                  + ": image "
                  + p.image()
                  + " is paired with the label of another case, "
                  + p.label());
          continue;
        }
        if (!ids.add(id)) {
          problems.add(where + ": case " + id + " is listed more than once");
          continue;
        }
        subject(id, image, label, problems).ifPresent(train::add);
      }
      if (d.numTraining() != null && d.numTraining() != pairs.size()) {
        LOG.warn(
            "{}: numTraining is {} but the training list has {} entries",
            dir.resolve(DESCRIPTOR),
            d.numTraining(),
            pairs.size());
      }
      List<Subject> tests = new ArrayList<>();
      List<String> testPaths = d.test() == null ? List.of() : d.test();
      for (int n = 0; n < testPaths.size(); n++) {
        String where = DESCRIPTOR + " test[" + n + "]";
        String t = testPaths.get(n);
        if (t == null) {
          problems.add(where + " is null");
          continue;
        }
        Path image = resolve(dir, t, where, problems);
        if (image == null) {
          continue;
        }
        listed.add(image);
        String id = subjectId(image.getFileName().toString());
        if (!ids.add(id)) {
          problems.add(where + ": case " + id + " is listed more than once");
          continue;
        }
        subject(id, image, null, problems).ifPresent(tests::add);
      }
      if (!problems.isEmpty()) {
        throw new MsdFormatException(root, problems);
      }
      warnUnlisted(dir, listed);
      return new MsdDataset(dir, d, SubjectsDataset.of(train), SubjectsDataset.of(tests));
    }

    private Optional<Subject> subject(String id, Path image, Path label, List<String> problems) {
      try {
        Subject.Builder b =
            Subject.builder(id)
                .spaceTolerance(tolerance)
                .image(imageName, ScalarImage.lazy(image))
                .metadata("image", image.toString());
        if (label != null) {
          b.image(labelName, LabelMap.lazy(label)).metadata("label", label.toString());
        }
        return Optional.of(b.build()); // reads both headers and checks their geometry
      } catch (UncheckedIOException e) {
        problems.add(e.getCause().getMessage());
      } catch (RuntimeException e) {
        problems.add(e.getMessage());
      }
      return Optional.empty();
    }

    /**
     * Resolves a path of dataset.json inside the folder; adds a problem and returns null if it is
     * bad.
     */
    private static Path resolve(Path dir, String relative, String where, List<String> problems) {
      Path p;
      try {
        p = dir.resolve(relative).normalize();
      } catch (RuntimeException e) {
        problems.add(where + ": invalid path " + relative);
        return null;
      }
      if (!p.startsWith(dir)) {
        problems.add(where + ": " + relative + " points outside the dataset folder");
        return null;
      }
      if (!Files.isRegularFile(p)) {
        problems.add(where + ": " + p + " is missing");
        return null;
      }
      return p;
    }

    private static void warnUnlisted(Path dir, Set<Path> listed) throws IOException {
      for (String folder : new String[] {IMAGES_TR, LABELS_TR, IMAGES_TS}) {
        Path f = dir.resolve(folder);
        if (!Files.isDirectory(f)) {
          continue;
        }
        int unlisted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(f)) {
          for (Path p : files) {
            String name = p.getFileName().toString();
            // skip macOS resource forks (._liver_0.nii.gz) and other hidden files
            if (!name.startsWith(".") && name.contains(".nii") && !listed.contains(p.normalize())) {
              unlisted++;
            }
          }
        }
        if (unlisted > 0) {
          LOG.warn(
              "{}: {} image files are not listed in {} and are ignored", f, unlisted, DESCRIPTOR);
        }
      }
    }
  }
}
