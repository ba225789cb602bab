package org.liverseg.models.zoo;

import com.google.gson.JsonObject;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.liverseg.models.Architecture;
import org.liverseg.models.ArchitectureBuilder;
import org.liverseg.models.DeepSupervision;
import org.liverseg.models.NetworkSettings;
import org.liverseg.models.Norm;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;

/**
 * MONAI's {@code SegResNet} ({@value #NAME}; Myronenko 2018, "3D MRI brain tumor segmentation using
 * autoencoder regularization", without the variational branch), with MONAI's defaults: {@code
 * init_filters=8, blocks_down=(1, 2, 2, 4), blocks_up=(1, 1, 1)}, group norm with 8 groups, ReLU,
 * non-trainable (trilinear) upsampling, no dropout.
 *
 * <p>An initial 3x3x3 convolution to {@code widths[0]} channels; per encoder stage {@code i} a
 * 3x3x3 convolution with stride 2 from {@code widths[i-1]} to {@code widths[i]} (not in stage 0)
 * and {@code blocksDown[i]} residual blocks; per decoder stage, from the bottom up, a 1x1x1
 * convolution halving the channels, trilinear 2x upsampling ({@code align_corners=False}), the
 * encoder output of that resolution added, and {@code blocksUp} residual blocks; finally norm, ReLU
 * and a 1x1x1 convolution to the classes. A residual block is pre-activation: {@code x +
 * conv(relu(norm(conv(relu(norm(x))))))} with 3x3x3 convolutions. All convolutions are without bias
 * except the last (MONAI's {@code get_conv_layer}). Widths must double from stage to stage.
 * Normalisation: {@link Norm#GROUP} (default, {@link Builder#groups} groups), {@link Norm#INSTANCE}
 * or {@link Norm#BATCH}. No deep supervision (MONAI's SegResNet has none).
 *
 * <p>D, H and W must be multiples of {@code 2^(stages-1)}.
 */
public final class SegResNet implements Architecture {

  /** Zoo name. */
  public static final String NAME = "segresnet";

  /** MONAI's encoder blocks per stage, extended with 4s beyond four stages. */
  static final int[] MONAI_BLOCKS_DOWN = {1, 2, 2, 4};

  private static final String BLOCKS_DOWN = "blocksDown";
  private static final String BLOCKS_UP = "blocksUp";
  private static final String GROUPS = "groups";

  private final NetworkSettings settings;
  private final int[] widths;
  private final int[] blocksDown;
  private final int[] blocksUp;
  private final Norm norm;
  private final int groups;

  private SegResNet(
      NetworkSettings settings,
      int[] widths,
      int[] blocksDown,
      int[] blocksUp,
      Norm norm,
      int groups) {
    this.settings = settings;
    this.widths = widths;
    this.norm = norm;
    this.groups = groups;
    int stages = widths.length;
    if (stages < 2) {
      throw new IllegalArgumentException(
          NAME + " needs at least 2 stages, got widths " + Arrays.toString(widths));
    }
    for (int i = 1; i < stages; i++) {
      if (widths[i] != 2 * widths[i - 1]) {
        throw new IllegalArgumentException(
            NAME
                + ": widths must double from stage to stage (f, 2f, 4f, ...), got "
                + Arrays.toString(widths));
      }
    }
    this.blocksDown = blocksDown != null ? blocksDown : monaiBlocksDown(stages);
    this.blocksUp = blocksUp != null ? blocksUp : ones(stages - 1);
    if (this.blocksDown.length != stages) {
      throw new IllegalArgumentException(
          NAME
              + ": blocksDown "
              + Arrays.toString(this.blocksDown)
              + " must have one entry per stage of widths "
              + Arrays.toString(widths));
    }
    if (this.blocksUp.length != stages - 1) {
      throw new IllegalArgumentException(
          NAME
              + ": blocksUp "
              + Arrays.toString(this.blocksUp)
              + " must have one entry per decoder stage ("
              + (stages - 1)
              + "), coarsest first");
    }
    if (norm == Norm.GROUP) {
      for (int w : widths) {
        if (w % groups != 0) {
          throw new IllegalArgumentException(
              NAME
                  + ": every width must be a multiple of the "
                  + groups
                  + " norm groups, got "
                  + Arrays.toString(widths));
        }
      }
    }
  }

  /** MONAI's defaults: widths 8, 16, 32, 64, blocks down 1, 2, 2, 4, up 1, 1, 1, 8 groups. */
  public static Builder builder() {
    return new Builder();
  }

  static int[] monaiBlocksDown(int stages) {
    int[] b = new int[stages];
    for (int i = 0; i < stages; i++) {
      b[i] = i < MONAI_BLOCKS_DOWN.length ? MONAI_BLOCKS_DOWN[i] : 4;
    }
    return b;
  }

  private static int[] ones(int n) {
    int[] a = new int[n];
    Arrays.fill(a, 1);
    return a;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public NetworkSettings settings() {
    return settings;
  }

  /** Channels per stage, finest first. */
  @Override
  public int[] widths() {
    return widths.clone();
  }

  /** Residual blocks per encoder stage. */
  public int[] blocksDown() {
    return blocksDown.clone();
  }

  /** Residual blocks per decoder stage, from the coarsest up (MONAI's order). */
  public int[] blocksUp() {
    return blocksUp.clone();
  }

  /** The normalisation. */
  public Norm norm() {
    return norm;
  }

  /** Groups of the group norm. */
  public int groups() {
    return groups;
  }

  @Override
  public int sizeDivisor() {
    return 1 << (widths.length - 1);
  }

  @Override
  public List<Output> outputs() {
    return DeepSupervision.outputs(1);
  }

  @Override
  public JsonObject parameters() {
    JsonObject o = ArchitectureBuilder.commonParameters(settings, widths, norm, false);
    o.add(BLOCKS_DOWN, ArchitectureBuilder.jsonArray(blocksDown));
    o.add(BLOCKS_UP, ArchitectureBuilder.jsonArray(blocksUp));
    o.addProperty(GROUPS, groups);
    return o;
  }

  @Override
  public Builder toBuilder() {
    return new Builder()
        .copy(this)
        .widths(widths)
        .blocksDown(blocksDown)
        .blocksUp(blocksUp)
        .norm(norm)
        .groups(groups);
  }

  @Override
  public ComputationGraphConfiguration configuration() {
    ComputationGraphConfiguration.GraphBuilder g = Blocks.graph(settings);
    Blocks b = new Blocks(g, settings, norm, groups);
    int stages = widths.length;
    String x = b.conv("init", INPUT, settings.inputChannels(), widths[0], 3, 1, false, identity());
    String[] down = new String[stages];
    for (int i = 0; i < stages; i++) {
      if (i > 0) {
        x = b.conv("down" + i + "_conv", x, widths[i - 1], widths[i], 3, 2, false, identity());
      }
      for (int k = 0; k < blocksDown[i]; k++) {
        x = resBlock(b, "down" + i + "_r" + k, x, widths[i]);
      }
      down[i] = x;
    }
    for (int l = stages - 2; l >= 0; l--) {
      String c = b.conv("up" + l + "_conv", x, widths[l + 1], widths[l], 1, 1, false, identity());
      x = b.add("up" + l + "_add", b.trilinearUp("up" + l, c), down[l]);
      for (int k = 0; k < blocksUp[stages - 2 - l]; k++) {
        x = resBlock(b, "up" + l + "_r" + k, x, widths[l]);
      }
    }
    x = b.normAct("final_norm", x, new ActivationReLU());
    Output o = outputs().get(0);
    String out =
        b.head(DeepSupervision.logitsName(0), o.name(), x, widths[0], DeepSupervision.lossScale(o));
    return Blocks.finish(g, settings, sizeDivisor(), out);
  }

  /** MONAI's pre-activation {@code ResBlock}. */
  private static String resBlock(Blocks b, String name, String in, int channels) {
    String n1 = b.normAct(name + "_norm1", in, new ActivationReLU());
    String c1 = b.conv(name + "_conv1", n1, channels, channels, 3, 1, false, identity());
    String n2 = b.normAct(name + "_norm2", c1, new ActivationReLU());
    String c2 = b.conv(name + "_conv2", n2, channels, channels, 3, 1, false, identity());
    return b.add(name + "_add", c2, in);
  }

  private static ActivationIdentity identity() {
    return new ActivationIdentity();
  }

  @Override
  public String toString() {
    return "SegResNet["
        + settings
        + ", widths="
        + Arrays.toString(widths)
        + ", blocksDown="
        + Arrays.toString(blocksDown)
        + ", blocksUp="
        + Arrays.toString(blocksUp)
        + ", norm="
        + norm
        + (norm == Norm.GROUP ? " (" + groups + " groups)" : "")
        + "]";
  }

  /** Builder of {@link SegResNet}; starts from MONAI's defaults. */
  public static final class Builder extends ArchitectureBuilder<Builder> {
    private int[] blocksDown;
    private int[] blocksUp;
    private int groups = 8;

    private Builder() {
      super(new int[] {8, 16, 32, 64}, Norm.GROUP);
    }

    private Builder copy(SegResNet a) {
      return from(a);
    }

    /** Residual blocks per encoder stage, one per stage (default MONAI's 1, 2, 2, 4, then 4s). */
    public Builder blocksDown(int... perStage) {
      for (int n : perStage) {
        positive(n, "blocksDown " + Arrays.toString(perStage));
      }
      this.blocksDown = perStage.clone();
      return this;
    }

    /**
     * Residual blocks per decoder stage in MONAI's order, from the coarsest up (one per stage but
     * the coarsest encoder stage; default 1 each).
     */
    public Builder blocksUp(int... perStage) {
      for (int n : perStage) {
        positive(n, "blocksUp " + Arrays.toString(perStage));
      }
      this.blocksUp = perStage.clone();
      return this;
    }

    /** Groups of {@link Norm#GROUP} (default 8, MONAI's); every width must be a multiple. */
    public Builder groups(int groups) {
      this.groups = positive(groups, "groups");
      return this;
    }

    @Override
    protected String architectureName() {
      return NAME;
    }

    @Override
    protected Set<Norm> supportedNorms() {
      return EnumSet.of(Norm.GROUP, Norm.INSTANCE, Norm.BATCH);
    }

    @Override
    protected boolean supportsDeepSupervision() {
      return false;
    }

    @Override
    protected Map<String, ParameterReader> ownParameters() {
      return Map.of(
          BLOCKS_DOWN, (k, v) -> blocksDown(integers(k, v)),
          BLOCKS_UP, (k, v) -> blocksUp(integers(k, v)),
          GROUPS, (k, v) -> groups(integer(k, v)));
    }

    @Override
    public SegResNet build() {
      return new SegResNet(
          settings(),
          widths.clone(),
          blocksDown == null ? null : blocksDown.clone(),
          blocksUp == null ? null : blocksUp.clone(),
          norm,
          groups);
    }
  }
}
