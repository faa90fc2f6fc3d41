package dev.vigil.common.template;

import java.util.Arrays;
import java.util.List;

/**
 * Go's {@code fmt.Sprint}, {@code Sprintln} and {@code Sprintf} over Java values, as the template
 * engine and template functions print them.
 *
 * <p>Values map to Go types as described by the engine: {@link Long} and {@link Integer} are int,
 * {@link Double} float64, {@link String} string, {@link Boolean} bool, lists and arrays slices,
 * maps maps (keys printed sorted), records structs, null nil. Supported verbs: %v %+v %#v %T %d
 * %s %q %f %F %e %E %g %G %x %X %o %O %b %t %c %U %% (%x %X %b also for floats), with flags
 * {@code - + # 0 space}, width,
 * precision, {@code *} and explicit argument indexes {@code %[n]d}. Stateless and thread-safe.
 */
public final class GoFormat {
  private GoFormat() {}

  /** fmt.Sprintf. */
  public static String sprintf(String format, Object... args) {
    return Printer.sprintf(format, Arrays.asList(args));
  }

  /** fmt.Sprintf over a list of arguments (a single list argument goes to the varargs form). */
  public static String sprintfArgs(String format, List<?> args) {
    return Printer.sprintf(format, args);
  }

  /** fmt.Sprint: spaces between operands when neither side is a string. */
  public static String sprint(Object... args) {
    return Printer.sprint(Arrays.asList(args));
  }

  /** fmt.Sprint over a list of arguments. */
  public static String sprintArgs(List<?> args) {
    return Printer.sprint(args);
  }

  /** fmt.Sprintln: spaces between all operands and a final newline. */
  public static String sprintlnArgs(List<?> args) {
    return Printer.sprintln(args);
  }

  /** The Go type name of a value as %T prints it ({@code string}, {@code float64}, ...). */
  public static String typeName(Object value) {
    return GoValues.typeName(value);
  }

  /** strconv.Quote. */
  public static String quote(String s) {
    return GoQuote.quote(s, false);
  }

  /** strconv.FormatFloat(v, fmt, prec, 64) for the 'e', 'E', 'f', 'g' and 'G' formats. */
  public static String formatFloat(double v, char fmt, int prec) {
    return GoFloats.format(v, fmt, prec, 64);
  }
}
