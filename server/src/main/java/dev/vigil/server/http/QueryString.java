package dev.vigil.server.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes the query string of a URL ({@code a=1&b=x+y&c=%2F}) into its parameters, in order, as
 * Armeria's and Go's parsers agree on them: {@code +} is a space, {@code %XX} a byte, the bytes
 * UTF-8. Anything where parsers differ (a {@code ;}, a bad escape, an empty name) is not decoded
 * here: the caller leaves such requests to Armeria. Plain loops over bytes: it runs once per
 * lean request, mostly before the JIT compiled it.
 */
final class QueryString {
  private QueryString() {}

  /** The parameters of {@code b[from, to)}, or null when it is not plain. */
  static Map<String, List<String>> parse(byte[] b, int from, int to) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    byte[] scratch = new byte[to - from];
    int i = from;
    while (i < to) {
      int end = i;
      int eq = -1;
      while (end < to && b[end] != '&') {
        byte c = b[end];
        if (c == ';' || c == '#' || (c >= 0 && c <= ' ') || c == 127) {
          return null; // parsers differ, or the request line is malformed
        }
        if (b[end] == '=' && eq < 0) {
          eq = end;
        }
        end++;
      }
      if (end > i) {
        int nameEnd = eq < 0 ? end : eq;
        if (nameEnd == i) {
          return null;
        }
        String name = decode(b, i, nameEnd, scratch);
        String value = eq < 0 ? "" : decode(b, eq + 1, end, scratch);
        if (name == null || value == null) {
          return null;
        }
        List<String> values = out.get(name);
        if (values == null) {
          values = new ArrayList<>(1);
          out.put(name, values);
        }
        values.add(value);
      }
      i = end + 1;
    }
    return out;
  }

  /** Percent- and plus-decodes {@code b[from, to)}; null on a malformed escape. */
  private static String decode(byte[] b, int from, int to, byte[] scratch) {
    int n = 0;
    boolean plain = true;
    for (int i = from; i < to; i++) {
      byte c = b[i];
      if (c == '%') {
        if (i + 2 >= to) {
          return null;
        }
        int hi = hex(b[i + 1]);
        int lo = hex(b[i + 2]);
        if (hi < 0 || lo < 0) {
          return null;
        }
        scratch[n++] = (byte) (hi << 4 | lo);
        i += 2;
        plain = false;
      } else if (c == '+') {
        scratch[n++] = ' ';
        plain = false;
      } else {
        scratch[n++] = c;
        plain &= c >= 0;
      }
    }
    return plain ? new String(b, from, to - from, StandardCharsets.ISO_8859_1)
        : new String(scratch, 0, n, StandardCharsets.UTF_8);
  }

  private static int hex(byte c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
