package org.liverseg.app.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.liverseg.app.pipeline.RunConfig;
import org.liverseg.io.Shape;
import org.liverseg.io.nifti.NiftiDataType;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The values of options that are lists of numbers or names, and their picocli converters. A value
 * is checked completely when the command line is parsed, so a bad one is a usage error (exit code
 * 2, with picocli's "Invalid value for option" and the reason) before any file is read; every
 * number must be finite ({@code NaN}, {@code Infinity} and overflowing literals such as {@code
 * 1e400} are refused).
 */
final class OptionValues {

  private OptionValues() {}

  /**
   * {@code LO,HI} with either side empty for no bound: {@code --clamp}.
   *
   * @param lo the lower bound, or null
   * @param hi the upper bound, or null
   */
  record Bounds(Double lo, Double hi) {
    /** Parses {@code LO,HI}. */
    static final class Converter implements ITypeConverter<Bounds> {
      @Override
      public Bounds convert(String value) {
        String[] p = value.split(",", -1);
        if (p.length != 2 || (p[0].isBlank() && p[1].isBlank())) {
          throw new TypeConversionException(
              "needs LO,HI with at least one bound (e.g. -100,400 or -100,), got '" + value + "'");
        }
        Double lo = p[0].isBlank() ? null : number(p[0]);
        Double hi = p[1].isBlank() ? null : number(p[1]);
        if (lo != null && hi != null && lo > hi) {
          throw new TypeConversionException(
              "lower bound " + lo + " is above the upper bound " + hi);
        }
        return new Bounds(lo, hi);
      }
    }
  }

  /** {@code LO,HI} with {@code LO < HI}: {@code --rescale}. */
  record Range(double lo, double hi) {
    /** Parses {@code LO,HI}. */
    static final class Converter implements ITypeConverter<Range> {
      @Override
      public Range convert(String value) {
        double[] v = numbers(value);
        if (v.length != 2 || !(v[0] < v[1])) {
          throw new TypeConversionException("needs LO,HI with LO < HI, got '" + value + "'");
        }
        return new Range(v[0], v[1]);
      }
    }
  }

  /**
   * One spacing (isotropic) or three, in mm, positive: {@code --resample}.
   *
   * @param mm the spacings as given (1 or 3)
   */
  record Spacing(List<Double> mm) {
    /** The spacings as an array. */
    double[] toArray() {
      return mm.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Parses {@code S} or {@code SX,SY,SZ}. */
    static final class Converter implements ITypeConverter<Spacing> {
      @Override
      public Spacing convert(String value) {
        double[] v = numbers(value);
        if (v.length != 1 && v.length != 3) {
          throw new TypeConversionException(
              "needs 1 or 3 spacings in mm (S or SX,SY,SZ), got '" + value + "'");
        }
        for (double s : v) {
          if (!(s > 0)) {
            throw new TypeConversionException("spacings must be positive, got '" + value + "'");
          }
        }
        return new Spacing(Arrays.stream(v).boxed().toList());
      }
    }
  }

  /** {@code X,Y,Z}, positive: {@code --crop-or-pad}, {@code --patch}. */
  static final class ShapeConverter implements ITypeConverter<Shape> {
    @Override
    public Shape convert(String value) {
      String[] p = value.split(",", -1);
      if (p.length != 3) {
        throw new TypeConversionException(
            "needs 3 comma-separated integers X,Y,Z, got '" + value + "'");
      }
      int[] v = new int[3];
      for (int i = 0; i < 3; i++) {
        v[i] = integer(p[i]);
        if (v[i] <= 0) {
          throw new TypeConversionException("extents must be positive, got '" + value + "'");
        }
      }
      return Shape.of(v);
    }
  }

  /**
   * Filters per U-Net level, positive: {@code --filters}.
   *
   * @param perLevel the filter counts, from the top level down
   */
  record Filters(List<Integer> perLevel) {
    /** Parses {@code F1,F2,...}. */
    static final class Converter implements ITypeConverter<Filters> {
      @Override
      public Filters convert(String value) {
        List<Integer> f = new ArrayList<>();
        for (String p : value.split(",", -1)) {
          int n = integer(p);
          if (n <= 0) {
            throw new TypeConversionException("filters must be positive, got '" + value + "'");
          }
          f.add(n);
        }
        return new Filters(List.copyOf(f));
      }
    }
  }

  /** The on-disk datatypes {@code transform --dtype} writes. */
  static final class DataTypeConverter implements ITypeConverter<NiftiDataType> {
    private static final List<NiftiDataType> TYPES =
        List.of(
            NiftiDataType.UINT8,
            NiftiDataType.INT16,
            NiftiDataType.INT32,
            NiftiDataType.FLOAT32,
            NiftiDataType.FLOAT64);

    @Override
    public NiftiDataType convert(String value) {
      for (NiftiDataType t : TYPES) {
        if (t.numpyName().equalsIgnoreCase(value.trim())) {
          return t;
        }
      }
      throw new TypeConversionException(
          "unknown datatype '"
              + value
              + "'; valid: "
              + String.join(", ", TYPES.stream().map(NiftiDataType::numpyName).toList()));
    }
  }

  /** {@code cpu}, {@code course} or {@code tiny}, ignoring case: {@code --preset}. */
  /** Parses a phantom size ({@code full}, {@code small}, {@code tiny}). */
  static final class PhantomSizeConverter
      implements ITypeConverter<org.liverseg.phantoms.PhantomSize> {
    @Override
    public org.liverseg.phantoms.PhantomSize convert(String value) {
      try {
        return org.liverseg.phantoms.PhantomSize.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** Parses a preset name ({@code cpu}, {@code course}, {@code tiny}). */
  static final class PresetConverter implements ITypeConverter<RunConfig.Preset> {
    @Override
    public RunConfig.Preset convert(String value) {
      try {
        return RunConfig.Preset.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** Comma-separated finite numbers. */
  static double[] numbers(String value) {
    return Arrays.stream(value.split(",", -1)).mapToDouble(OptionValues::number).toArray();
  }

  /** A finite number. */
  static double number(String s) {
    double v;
    try {
      v = Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + s + "' is not a number");
    }
    if (!Double.isFinite(v)) {
      throw new TypeConversionException("'" + s.trim() + "' is not a finite number");
    }
    return v;
  }

  /** An integer. */
  static int integer(String s) {
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + s + "' is not an integer");
    }
  }
}
