package org.liverseg.models;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.liverseg.models.zoo.ResEncUNet;
import org.liverseg.models.zoo.SegResNet;

/**
 * The registry of architectures by name: each entry has a one-line description and a builder with
 * its defaults. The application's run configuration ({@code model.architecture}) and command line
 * ({@code liverseg models}, {@code --architecture NAME}) use these names, and model files record
 * them ({@link ArchitectureSpec}) so that a network can be rebuilt from its file.
 *
 * <table>
 *   <caption>Entries</caption>
 *   <tr><th>name</th><th>defaults</th></tr>
 *   <tr><td>{@value UNet3D#NAME} (default)</td><td>{@link UNet3D#builder()}</td></tr>
 *   <tr><td>{@value UNet3D#ATTENTION_NAME}</td><td>{@code UNet3D.builder().attention(true)
 *       .norm(Norm.BATCH)}</td></tr>
 *   <tr><td>{@value ResEncUNet#NAME}</td><td>{@link ResEncUNet#builder()}</td></tr>
 *   <tr><td>{@value SegResNet#NAME}</td><td>{@link SegResNet#builder()}</td></tr>
 * </table>
 */
public final class ModelZoo {

  /** The architecture used when none is named: the seed's U-Net. */
  public static final String DEFAULT = UNet3D.NAME;

  /**
   * One architecture of the zoo.
   *
   * @param name the name configurations and model files use
   * @param description one line for listings
   * @param defaults a fresh builder with the entry's defaults
   */
  public record Entry(String name, String description, Supplier<Architecture.Builder> defaults) {

    /** Checks for nulls. */
    public Entry {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(defaults, "defaults");
    }

    /** A fresh builder with the entry's defaults. */
    public Architecture.Builder builder() {
      return defaults.get();
    }

    /** The entry's default network description. */
    public Architecture architecture() {
      return builder().build();
    }
  }

  private static final List<Entry> ENTRIES =
      List.of(
          new Entry(
              UNet3D.NAME,
              "the seed's 3D U-Net: 2x(3x3x3 conv + ReLU) per level, max pooling, trilinear"
                  + " upsampling, concatenated skips (default 8/16/32, no normalisation)",
              UNet3D::builder),
          new Entry(
              UNet3D.ATTENTION_NAME,
              "the U-Net with additive attention gates on the skips (Oktay et al. 2018, MONAI"
                  + " AttentionUnet's gate) and batch norm",
              () -> UNet3D.builder().attention(true).norm(Norm.BATCH)),
          new Entry(
              ResEncUNet.NAME,
              "nnU-Net's residual-encoder U-Net (ResEnc): residual blocks 1/3/4/6, strided"
                  + " convolutions, instance norm, leaky ReLU, transposed-convolution upsampling"
                  + " (default 8/16/32/64)",
              ResEncUNet::builder),
          new Entry(
              SegResNet.NAME,
              "MONAI's SegResNet: pre-activation residual blocks 1/2/2/4 with group norm (8"
                  + " groups) and ReLU, strided convolutions, additive skips, trilinear upsampling"
                  + " (default 8/16/32/64)",
              SegResNet::builder));

  private ModelZoo() {}

  /** Every entry, the default first. */
  public static List<Entry> entries() {
    return ENTRIES;
  }

  /** The names of all entries. */
  public static List<String> names() {
    return ENTRIES.stream().map(Entry::name).toList();
  }

  /**
   * The entry named {@code name}.
   *
   * @throws IllegalArgumentException naming the known entries
   */
  public static Entry entry(String name) {
    return ENTRIES.stream()
        .filter(e -> e.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no architecture named \"" + name + "\" in the model zoo; known: " + names()));
  }

  /** A builder with the defaults of the entry named {@code name}. */
  public static Architecture.Builder builder(String name) {
    return entry(name).builder();
  }

  /**
   * A builder for the architecture a model file recorded: the entry's defaults with the recorded
   * parameters applied.
   *
   * @throws IllegalArgumentException for an unknown name or an invalid parameter
   */
  public static Architecture.Builder builder(ArchitectureSpec spec) {
    return builder(spec.name()).parameters(spec.parameters());
  }
}
