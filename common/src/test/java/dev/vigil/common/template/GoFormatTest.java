package dev.vigil.common.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Expected strings are Go's fmt outputs (documented in the fmt package and its fmt_test.go). */
class GoFormatTest {
  private static void check(String format, Object arg, String want) {
    assertThat(GoFormat.sprintf(format, arg)).as("%s of %s", format, arg).isEqualTo(want);
  }

  @Test
  void floatsWithV() {
    check("%v", 1e6, "1e+06");
    check("%v", 0.1, "0.1");
    check("%v", 3.14, "3.14");
    check("%v", 100000.0, "100000");
    check("%v", 1234567.0, "1.234567e+06");
    check("%v", 1e-5, "1e-05");
    check("%v", 0.0001, "0.0001");
    check("%v", 1.0, "1");
    check("%v", -0.0, "-0");
    check("%v", 1e21, "1e+21");
    check("%v", 1e100, "1e+100");
    check("%v", Double.NaN, "NaN");
    check("%v", Double.POSITIVE_INFINITY, "+Inf");
    check("%v", Double.NEGATIVE_INFINITY, "-Inf");
    check("%v", 2e23, "2e+23");
    check("%v", 1.5f, "1.5");
    check("%v", Double.MIN_VALUE, "5e-324");
    check("%v", 1e-323, "1e-323");
    check("%v", 2.5e-323, "2.5e-323");
    check("%v", Float.MIN_VALUE, "1e-45");
  }

  @Test
  void floatVerbs() {
    check("%f", 1.0, "1.000000");
    check("%.2f", 3.14159, "3.14");
    check("%.0f", 2.5, "2");
    check("%.0f", 3.5, "4");
    check("%.1f", 0.25, "0.2");
    check("%.2f", 1.005, "1.00");
    check("%e", 1234.5678, "1.234568e+03");
    check("%E", 1234.5678, "1.234568E+03");
    check("%.3e", 0.0, "0.000e+00");
    check("%g", 1234.5678, "1234.5678");
    check("%.4g", 1234567.0, "1.235e+06");
    check("%.4g", 1.234567, "1.235");
    check("%.4g", 0.0, "0");
    check("%.4g", 12.345, "12.35");
    check("%.4g", 1.2345, "1.234");
    check("%.4g", 100.0, "100");
    check("%.4g", 0.00001234, "1.234e-05");
    check("%.4g", Double.POSITIVE_INFINITY, "+Inf");
    check("%.4g", Double.NaN, "NaN");
    check("%G", 1e-10, "1E-10");
    check("%8.3f", 3.14159, "   3.142");
    check("%-8.3f|", 3.14159, "3.142   |");
    check("%08.3f", -3.14159, "-003.142");
    check("%+.3f", 3.14159, "+3.142");
    check("% .3f", 3.14159, " 3.142");
    check("%+f", Double.POSITIVE_INFINITY, "+Inf");
    check("%5.1f", Double.NaN, "  NaN");
    check("%#g", 1.0, "1.00000");
    check("%#.0f", 1.0, "1.");
    check("%F", 1.5, "1.500000");
    check("%x", 1.0, "0x1p+00");
    check("%x", 3.5, "0x1.cp+01");
    check("%X", 3.5, "0X1.CP+01");
    check("%x", 0.0, "0x0p+00");
    check("%x", -0.1, "-0x1.999999999999ap-04");
    check("%.3x", 1.0, "0x1.000p+00");
    check("%b", 1.0, "4503599627370496p-52");
  }

  @Test
  void integers() {
    check("%d", 42L, "42");
    check("%5d", 42L, "   42");
    check("%-5d|", 42L, "42   |");
    check("%05d", -42L, "-0042");
    check("%+d", 42L, "+42");
    check("%x", 255L, "ff");
    check("%X", 255L, "FF");
    check("%#x", 255L, "0xff");
    check("%o", 8L, "10");
    check("%#o", 8L, "010");
    check("%O", 8L, "0o10");
    check("%b", 5L, "101");
    check("%c", 65L, "A");
    check("%q", 65L, "'A'");
    check("%U", 0x1F600L, "U+1F600");
    check("%#U", 65L, "U+0041 'A'");
    check("%.3d", 7L, "007");
    check("%.0d", 0L, "");
    check("%v", 7, "7");
    check("%x", -255L, "-ff");
  }

  @Test
  void stringsAndBools() {
    check("%s", "foo", "foo");
    check("%q", "foo\n\"bar\"", "\"foo\\n\\\"bar\\\"\"");
    check("%#q", "foo", "`foo`");
    check("%+q", "héllo", "\"h\\u00e9llo\"");
    check("%x", "hi", "6869");
    check("% x", "hi", "68 69");
    check("%#x", "hi", "0x6869");
    check("%X", "hi", "6869");
    check("%.2s", "héllo", "hé");
    check("%5s|", "ab", "   ab|");
    check("%-5s|", "ab", "ab   |");
    check("%t", true, "true");
    check("%v", false, "false");
    check("%T", "x", "string");
    check("%T", 1L, "int");
    check("%T", 1.0, "float64");
    check("%T", null, "<nil>");
  }

  @Test
  void badVerbsMissingAndExtra() {
    check("%d", "foo", "%!d(string=foo)");
    check("%s", 5L, "%!s(int=5)");
    check("%f", 5L, "%!f(int=5)");
    check("%d", 1.5, "%!d(float64=1.5)");
    check("%t", 1L, "%!t(int=1)");
    check("%d", null, "%!d(<nil>)");
    check("%v", null, "<nil>");
    check("%s", null, "%!s(<nil>)");
    assertThat(GoFormat.sprintf("%d %d", 1L)).isEqualTo("1 %!d(MISSING)");
    assertThat(GoFormat.sprintf("%d", 1L, "x", 2L)).isEqualTo("1%!(EXTRA string=x, int=2)");
    assertThat(GoFormat.sprintf("hi", "x")).isEqualTo("hi%!(EXTRA string=x)");
    assertThat(GoFormat.sprintf("%")).isEqualTo("%!(NOVERB)");
    assertThat(GoFormat.sprintf("%!")).isEqualTo("%!!(MISSING)");
    assertThat(GoFormat.sprintf("100%%")).isEqualTo("100%");
    assertThat(GoFormat.sprintf("%[2]d %[1]d", 1L, 2L)).isEqualTo("2 1");
    assertThat(GoFormat.sprintf("%[3]d", 1L, 2L)).isEqualTo("%!d(BADINDEX)");
    assertThat(GoFormat.sprintf("%*d", 5L, 42L)).isEqualTo("   42");
    assertThat(GoFormat.sprintf("%-*d|", 3L, 7L)).isEqualTo("7  |");
    assertThat(GoFormat.sprintf("%.*f", 2L, 3.14159)).isEqualTo("3.14");
    assertThat(GoFormat.sprintf("%*d", "x", 42L)).isEqualTo("%!(BADWIDTH)42");
  }

  @Test
  void compositeValues() {
    check("%v", List.of("a", "b"), "[a b]");
    check("%q", List.of("a", "b"), "[\"a\" \"b\"]");
    check("%d", List.of(1L, 2L), "[1 2]");
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("b", 2L);
    m.put("a", 1L);
    check("%v", m, "map[a:1 b:2]");
    check("%v", Arrays.asList("x", null), "[x <nil>]");
    record Point(long x, String y) {}
    check("%v", new Point(1, "s"), "{1 s}");
    check("%+v", new Point(1, "s"), "{x:1 y:s}");
    check("%v", List.of(), "[]");
    check("%v", TypedMap.ofStrings(Map.of("k", "v")), "map[k:v]");
  }

  @Test
  void flagsApplyToEachElement() {
    check("%3v", List.of(1L, 2L), "[  1   2]");
    check("%-3d|", List.of(1L), "[1  ]|");
    check("%.1f", List.of(1.25, 2.0), "[1.2 2.0]");
  }

  @Test
  void shortestFloatsRoundTrip() {
    long seed = System.nanoTime();
    System.out.println("GoFormatTest.shortestFloatsRoundTrip seed=" + seed);
    java.util.Random r = new java.util.Random(seed);
    for (int i = 0; i < 2000; i++) {
      double d = Double.longBitsToDouble(r.nextLong());
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        continue;
      }
      String v = GoFormat.sprintf("%v", d);
      assertThat(Double.parseDouble(v)).as("seed %d: %s", seed, v).isEqualTo(d);
      String e = GoFormat.sprintf("%.16e", d);
      assertThat(Double.parseDouble(e)).as("seed %d: %s", seed, e).isEqualTo(d);
      String g = GoFormat.sprintf("%.3g", d);
      assertThat(g).as("seed %d", seed).matches("-?\\d(\\.\\d+)?(e[+-]\\d{2,3})?|-?\\d+(\\.\\d+)?");
    }
  }

  @Test
  void sprintSpacing() {
    assertThat(GoFormat.sprint("a", 1L, 2L, "b", "c")).isEqualTo("a1 2bc");
    assertThat(GoFormat.sprint(1L, 2.5)).isEqualTo("1 2.5");
    assertThat(GoFormat.sprintlnArgs(List.of("a", 1L, "b"))).isEqualTo("a 1 b\n");
    assertThat(GoFormat.sprint(List.of("a", "b"))).isEqualTo("[a b]");
    assertThat(GoFormat.sprintArgs(List.of("a", "b"))).isEqualTo("ab");
  }
}
