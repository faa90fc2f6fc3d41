package dev.vigil.bench.peer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A benchmark's {@code --key value} / {@code --key=value} options, checked against the names it
 * knows; flags (no value) are listed separately. Bad input fails with the usage text.
 */
public final class Options {
  private final Map<String, String> values;

  private Options(Map<String, String> values) {
    this.values = values;
  }

  public static Options parse(String[] args, List<String> known, Set<String> flags, String usage) {
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + a + "'\n" + usage);
      }
      String key = a.substring(2);
      String value;
      int eq = key.indexOf('=');
      if (eq >= 0) {
        value = key.substring(eq + 1);
        key = key.substring(0, eq);
      } else if (flags.contains(key)) {
        value = "true";
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException("--" + key + " needs a value\n" + usage);
      }
      if (!known.contains(key)) {
        throw new IllegalArgumentException("unknown option --" + key + "\n" + usage);
      }
      opts.put(key, value);
    }
    return new Options(opts);
  }

  public boolean has(String key) {
    return values.containsKey(key);
  }

  public String get(String key, String dflt) {
    return values.getOrDefault(key, dflt);
  }

  /** A positive integer option. */
  public int positive(String key, int dflt) {
    String v = values.get(key);
    if (v == null) {
      return dflt;
    }
    int n = Integer.parseInt(v);
    if (n < 1) {
      throw new IllegalArgumentException("--" + key + " must be at least 1, got " + n);
    }
    return n;
  }

  /** A non-negative integer option. */
  public int nonNegative(String key, int dflt) {
    String v = values.get(key);
    if (v == null) {
      return dflt;
    }
    int n = Integer.parseInt(v);
    if (n < 0) {
      throw new IllegalArgumentException("--" + key + " must be at least 0, got " + n);
    }
    return n;
  }
}
