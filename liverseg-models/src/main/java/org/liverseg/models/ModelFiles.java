package org.liverseg.models;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.liverseg.io.AtomicFiles;
import org.liverseg.plan.Plan;

/**
 * Saves and loads models: DL4J's {@link ModelSerializer} zip plus JSON entries of ours (the {@link
 * ModelSpec}; for a model trained from a plan, the {@link Plan} ({@value #PLAN_ENTRY}) and the
 * inference settings ({@value #INFERENCE_ENTRY}, see {@code
 * org.liverseg.models.prediction.InferenceSettings}); for checkpoints, the trainer's state). Model
 * files without a plan, written before plans existed, still load: they carry their fixed
 * preprocessing in the spec.
 *
 * <p>Writes are atomic ({@link AtomicFiles}): the zip is written completely under a temporary name
 * in the target's folder and then renamed over it, so a process killed at any moment, or a full
 * disk, leaves either the previous file or the new one, never a torn one, and no temporary file.
 * The zip is written with plain {@link ZipOutputStream}s, not with the zip file system, which
 * prints stack traces, skips entries it fails to write and leaves its {@code zipfstmp*.tmp} files
 * behind when the disk fills up. Paths of any {@link java.nio.file.FileSystem} work.
 *
 * <p>Every error names the file.
 */
public final class ModelFiles {

  /** Zip entry that holds the {@link ModelSpec} as JSON. */
  public static final String SPEC_ENTRY = "liverseg-model-spec.json";

  /** Zip entry that holds the {@link Plan} a model was trained with, as JSON. */
  public static final String PLAN_ENTRY = "liverseg-plan.json";

  /** Zip entry that holds how a model predicts whole scans (its inference settings), as JSON. */
  public static final String INFERENCE_ENTRY = "liverseg-inference.json";

  private static final Gson GSON =
      new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

  private ModelFiles() {}

  /**
   * A loaded model and its description.
   *
   * @param network the network as saved (configuration and weights)
   * @param spec what the file says about it
   */
  public record Loaded(ComputationGraph network, ModelSpec spec) {

    /**
     * The zoo architecture the file records, rebuilt as a description (its outputs, size divisor,
     * parameters); empty for files written before the model zoo.
     */
    public Optional<Architecture> architecture() {
      return spec.zooArchitecture().map(a -> ModelZoo.builder(a).build());
    }
  }

  /**
   * Writes {@code net} (with updater state when {@code withUpdater}), {@code spec} and any extra
   * JSON entries to {@code file}, atomically, creating its folder if needed.
   *
   * @param extraJsonEntries zip entry name (a plain file name, e.g. {@code
   *     liverseg-trainer-state.json}: DL4J refuses zips with folders) to JSON text
   * @throws IOException {@code "cannot write <file>: <reason>"}; the previous file is left as it
   *     was
   */
  public static void save(
      ComputationGraph net,
      ModelSpec spec,
      Path file,
      boolean withUpdater,
      Map<String, String> extraJsonEntries)
      throws IOException {
    Map<String, String> entries = new LinkedHashMap<>(extraJsonEntries);
    entries.put(SPEC_ENTRY, GSON.toJson(spec));
    for (String name : entries.keySet()) {
      if (name.contains("/")) {
        throw new IllegalArgumentException(
            "zip entry \""
                + name
                + "\" must be a plain name: DL4J's ModelSerializer rejects folders in the zip");
      }
    }
    Path target = file.toAbsolutePath();
    Files.createDirectories(target.getParent());
    AtomicFiles.write(target, out -> writeZip(net, withUpdater, entries, target, out));
  }

  /**
   * DL4J's entries and ours, in one zip. ModelSerializer writes a complete zip and offers no way to
   * add entries, so its zip goes to a temporary file next to the target first and is copied entry
   * by entry (recompressed at the fastest level: float weights hardly compress anyway).
   */
  private static void writeZip(
      ComputationGraph net,
      boolean withUpdater,
      Map<String, String> entries,
      Path target,
      OutputStream out)
      throws IOException {
    Path dl4j = AtomicFiles.temporarySibling(target);
    try {
      try (OutputStream o =
          Files.newOutputStream(dl4j, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ModelSerializer.writeModel(net, o, withUpdater);
      }
      ZipOutputStream zip = new ZipOutputStream(out);
      zip.setLevel(Deflater.BEST_SPEED);
      try (ZipInputStream in = new ZipInputStream(Files.newInputStream(dl4j))) {
        for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
          if (!entries.containsKey(e.getName())) {
            zip.putNextEntry(new ZipEntry(e.getName()));
            in.transferTo(zip);
            zip.closeEntry();
          }
        }
      }
      for (Map.Entry<String, String> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
      zip.finish();
    } finally {
      Files.deleteIfExists(dl4j);
    }
  }

  /** {@link #save(ComputationGraph, ModelSpec, Path, boolean, Map)} without extra entries. */
  public static void save(ComputationGraph net, ModelSpec spec, Path file, boolean withUpdater)
      throws IOException {
    save(net, spec, file, withUpdater, Map.of());
  }

  /**
   * Loads network (with updater state if present and {@code withUpdater}) and spec from {@code
   * file}.
   *
   * @throws IOException naming the file: missing, not a zip, not a liverseg model, or a network
   *     DL4J cannot restore
   */
  public static Loaded load(Path file, boolean withUpdater) throws IOException {
    ModelSpec spec = readSpec(file);
    ComputationGraph net;
    try {
      if (file.getFileSystem() == FileSystems.getDefault()) {
        net = ModelSerializer.restoreComputationGraph(file.toFile(), withUpdater);
      } else {
        try (InputStream in = Files.newInputStream(file)) {
          net = ModelSerializer.restoreComputationGraph(in, withUpdater);
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new IOException(file + ": cannot load the network: " + reason(e), e);
    }
    Loaded loaded = new Loaded(net, spec);
    if (spec.network() != null) {
      // The recorded architecture must describe the saved network: same parameters, same outputs.
      Architecture a = loaded.architecture().orElseThrow();
      List<String> outputs = a.outputs().stream().map(Architecture.Output::name).toList();
      if (a.parameterCount() != net.numParams()
          || !outputs.equals(net.getConfiguration().getNetworkOutputs())) {
        throw new IOException(
            file
                + ": the network ("
                + net.numParams()
                + " parameters, outputs "
                + net.getConfiguration().getNetworkOutputs()
                + ") is not the recorded architecture "
                + a
                + " ("
                + a.parameterCount()
                + " parameters, outputs "
                + outputs
                + ")");
      }
    }
    return loaded;
  }

  /** Reads only the {@link ModelSpec} of a model file. */
  public static ModelSpec readSpec(Path file) throws IOException {
    String json =
        readEntry(file, SPEC_ENTRY)
            .orElseThrow(
                () ->
                    new IOException(
                        file
                            + " has no "
                            + SPEC_ENTRY
                            + " entry: not a liverseg model file (plain DL4J zip?)"));
    try {
      ModelSpec spec = GSON.fromJson(json, ModelSpec.class);
      // Re-run the record's validation (Gson bypasses constructors).
      PreprocessingSpec p = spec.preprocessing();
      ArchitectureSpec a = spec.network();
      if (a != null) {
        // Fails here, naming the file, for an unknown architecture or invalid parameters.
        a = new ArchitectureSpec(a.name(), a.parameters());
        ModelZoo.builder(a).build();
      }
      return new ModelSpec(
          spec.name(),
          spec.architecture(),
          new PreprocessingSpec(
              p.targetShape(), p.windowLow(), p.windowHigh(), p.patchSize(), p.classes()),
          a);
    } catch (JsonParseException | NullPointerException | IllegalArgumentException e) {
      throw new IOException(file + ": invalid " + SPEC_ENTRY + ": " + e.getMessage(), e);
    }
  }

  /**
   * The plan of a model file, if it has one (files written before plans have none).
   *
   * @throws IOException naming the file if the entry is present but not a valid plan
   */
  public static Optional<Plan> readPlan(Path file) throws IOException {
    Optional<String> json = readEntry(file, PLAN_ENTRY);
    if (json.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Plan.fromJson(json.get()));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": invalid " + PLAN_ENTRY + ": " + e.getMessage(), e);
    }
  }

  /**
   * The text of a zip entry of {@code file}, if present.
   *
   * @throws NoSuchFileException if the file does not exist
   * @throws IOException {@code "<file>: not a model file (not a zip archive)"} and the like
   */
  public static Optional<String> readEntry(Path file, String entry) throws IOException {
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString(), null, "model file does not exist");
    }
    try {
      if (file.getFileSystem() == FileSystems.getDefault()) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
          ZipEntry e = zip.getEntry(entry);
          if (e == null) {
            return Optional.empty();
          }
          try (InputStream in = zip.getInputStream(e)) {
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
          }
        }
      }
      // another file system (no java.io.File): the zip file system, read-only
      try (FileSystem zip = FileSystems.newFileSystem(file, Map.of())) {
        Path p = zip.getPath(entry);
        return Files.exists(p)
            ? Optional.of(Files.readString(p, StandardCharsets.UTF_8))
            : Optional.empty();
      }
    } catch (ZipException e) {
      throw new IOException(file + ": not a model file (not a zip archive)", e);
    } catch (IOException e) {
      throw new IOException(file + ": cannot read it: " + reason(e), e);
    }
  }

  private static String reason(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.lines().findFirst().get();
  }

  /** Shared JSON settings for the entries we write (NaN allowed). */
  public static Gson gson() {
    return GSON;
  }
}
