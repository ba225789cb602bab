package org.liverseg.app.pipeline;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the enum settings of a {@link RunConfig} are named in {@code config.json} and on the command
 * line: lower case with hyphens ({@code LIVER_TUMOUR} is {@code "liver-tumour"}), as the strings of
 * earlier versions were, so their files still load.
 */
final class ConfigNames {

  private ConfigNames() {}

  /** The name of {@code value}: lower case, hyphens for underscores. */
  static String of(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The names of every value of {@code type}, e.g. {@code "argmax, liver-tumour, tuned"}. */
  static String valid(Class<? extends Enum<?>> type) {
    return Arrays.stream(type.getEnumConstants())
        .map(Object::toString)
        .collect(Collectors.joining(", "));
  }

  /**
   * The value of {@code type} named {@code name}, ignoring case (for the command line).
   *
   * @param what what the value is, for the message (e.g. "preset")
   * @throws IllegalArgumentException {@code "unknown <what> '<name>'; valid: ..."}
   */
  static <E extends Enum<E>> E parse(Class<E> type, String name, String what) {
    for (E e : type.getEnumConstants()) {
      if (e.toString().equalsIgnoreCase(name.trim())) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        "unknown " + what + " '" + name + "'; valid: " + valid(type));
  }
}
