package dev.vigil.common.template;

/**
 * What a map lookup with a missing key yields, Go's {@code missingkey} option.
 */
public enum MissingKey {
  /** missingkey=default (or invalid): no value, printed {@code <no value>}. */
  DEFAULT,
  /** missingkey=zero: the zero value of the map's element type (see {@link TypedMap}). */
  ZERO,
  /** missingkey=error: execution stops with {@code map has no entry for key "k"}. */
  ERROR;

  /** Parses Go's option text: {@code missingkey=default|invalid|zero|error}. */
  public static MissingKey parseOption(String option) {
    return switch (option) {
      case "missingkey=default", "missingkey=invalid" -> DEFAULT;
      case "missingkey=zero" -> ZERO;
      case "missingkey=error" -> ERROR;
      case "" -> throw new IllegalArgumentException("empty option string");
      default -> throw new IllegalArgumentException("unrecognized option: " + option);
    };
  }
}
