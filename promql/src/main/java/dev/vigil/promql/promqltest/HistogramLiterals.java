package dev.vigil.promql.promqltest;

import dev.vigil.model.FloatHistogram;
import dev.vigil.model.FloatHistogram.CounterResetHint;
import dev.vigil.promql.value.GoFloats;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Native-histogram literals of the test language ({@code schema:1 sum:5 count:4 z_bucket:1
 * z_bucket_w:0.001 buckets:[1 2] offset:-1 n_buckets:[1] n_offset:0 custom_values:[1 5]
 * counter_reset_hint:gauge}) and the bucket-wise arithmetic that {@code {{a}}+{{b}}xN} series
 * need. Bucket counts are absolute; one span per side holds all buckets, as in Prometheus.
 */
final class HistogramLiterals {
  private HistogramLiterals() {}

  record Parsed(FloatHistogram histogram, boolean hintSet) {}

  /** Parses the text between {@code {{} and {@code }}}. */
  static Parsed parse(String body) {
    Set<String> seen = new HashSet<>();
    int schema = 0;
    double sum = 0;
    double count = 0;
    double zeroCount = 0;
    double zeroThreshold = 0;
    double[] custom = null;
    double[] buckets = new double[0];
    double[] nBuckets = new double[0];
    int offset = 0;
    int nOffset = 0;
    CounterResetHint hint = CounterResetHint.UNKNOWN;
    boolean hintSet = false;
    int i = 0;
    String s = body.strip();
    while (i < s.length()) {
      int colon = s.indexOf(':', i);
      if (colon < 0) {
        throw new IllegalArgumentException("unexpected \"" + s.substring(i)
            + "\" in histogram description, expected key:value");
      }
      String key = s.substring(i, colon).strip();
      if (!seen.add(key)) {
        throw new IllegalArgumentException("duplicate key \"" + key + "\" in histogram");
      }
      int vStart = colon + 1;
      int vEnd;
      if (vStart < s.length() && s.charAt(vStart) == '[') {
        vEnd = s.indexOf(']', vStart);
        if (vEnd < 0) {
          throw new IllegalArgumentException("unterminated bucket list for " + key);
        }
        vEnd++;
      } else {
        vEnd = vStart;
        while (vEnd < s.length() && !Character.isWhitespace(s.charAt(vEnd))) {
          vEnd++;
        }
      }
      String v = s.substring(vStart, vEnd);
      switch (key) {
        case "schema" -> schema = (int) integer(key, v);
        case "sum" -> sum = number(key, v);
        case "count" -> count = number(key, v);
        case "z_bucket" -> zeroCount = number(key, v);
        case "z_bucket_w" -> zeroThreshold = number(key, v);
        case "custom_values" -> custom = list(key, v);
        case "buckets" -> buckets = list(key, v);
        case "n_buckets" -> nBuckets = list(key, v);
        case "offset" -> offset = (int) integer(key, v);
        case "n_offset" -> nOffset = (int) integer(key, v);
        case "counter_reset_hint" -> {
          hintSet = true;
          hint = switch (v) {
            case "unknown" -> CounterResetHint.UNKNOWN;
            case "reset" -> CounterResetHint.COUNTER_RESET;
            case "not_reset" -> CounterResetHint.NOT_COUNTER_RESET;
            case "gauge" -> CounterResetHint.GAUGE;
            default -> throw new IllegalArgumentException(
                "error parsing counter_reset_hint: unknown value " + v);
          };
        }
        default -> throw new IllegalArgumentException(
            "unexpected key \"" + key + "\" in histogram description");
      }
      i = vEnd;
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }
    FloatHistogram h = new FloatHistogram(hint, schema, zeroThreshold, zeroCount, count, sum,
        spans(offset, buckets.length), buckets, spans(nOffset, nBuckets.length), nBuckets,
        custom);
    return new Parsed(h, hintSet);
  }

  private static int[] spans(int offset, int length) {
    return length == 0 ? new int[0] : new int[] {offset, length};
  }

  private static double number(String key, String v) {
    try {
      return GoSyntax.parseNumber(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("error parsing " + key + " number: " + v);
    }
  }

  private static long integer(String key, String v) {
    Long n = GoSyntax.parseInt(v);
    if (n == null) {
      throw new IllegalArgumentException("error parsing " + key + " number: " + v);
    }
    return n;
  }

  private static double[] list(String key, String v) {
    String inner = v.substring(1, v.length() - 1).strip();
    if (inner.isEmpty()) {
      throw new IllegalArgumentException("empty bucket list for " + key);
    }
    String[] parts = inner.split("\\s+");
    double[] out = new double[parts.length];
    for (int k = 0; k < parts.length; k++) {
      out[k] = number(key, parts[k]);
    }
    return out;
  }

  /** {@code a + b} (or {@code a - b}) bucket by bucket at the coarser schema of the two. */
  static FloatHistogram combine(FloatHistogram a, FloatHistogram b, boolean subtract) {
    double sign = subtract ? -1 : 1;
    int schema = Math.min(a.schema(), b.schema());
    boolean custom = a.schema() == FloatHistogram.CUSTOM_BUCKETS_SCHEMA;
    TreeMap<Integer, Double> pos = buckets(a.positiveSpans(), a.positiveBuckets(), a.schema(),
        schema, custom);
    addInto(pos, buckets(b.positiveSpans(), b.positiveBuckets(), b.schema(), schema, custom),
        sign);
    TreeMap<Integer, Double> neg = buckets(a.negativeSpans(), a.negativeBuckets(), a.schema(),
        schema, custom);
    addInto(neg, buckets(b.negativeSpans(), b.negativeBuckets(), b.schema(), schema, custom),
        sign);
    int[][] pSpans = new int[1][];
    double[] pBuckets = flatten(pos, pSpans);
    int[][] nSpans = new int[1][];
    double[] nBuckets = flatten(neg, nSpans);
    return new FloatHistogram(a.counterResetHint(), schema,
        Math.max(a.zeroThreshold(), b.zeroThreshold()), a.zeroCount() + sign * b.zeroCount(),
        a.count() + sign * b.count(), a.sum() + sign * b.sum(), pSpans[0], pBuckets, nSpans[0],
        nBuckets, a.customValues());
  }

  private static void addInto(Map<Integer, Double> into, Map<Integer, Double> from, double sign) {
    from.forEach((k, v) -> into.merge(k, sign * v, Double::sum));
  }

  private static TreeMap<Integer, Double> buckets(
      int[] spans, double[] counts, int fromSchema, int toSchema, boolean custom) {
    TreeMap<Integer, Double> out = new TreeMap<>();
    int idx = 0;
    int k = 0;
    for (int s = 0; s + 1 < spans.length; s += 2) {
      idx += spans[s];
      for (int j = 0; j < spans[s + 1]; j++, idx++, k++) {
        int target = custom || fromSchema == toSchema
            ? idx : ((idx - 1) >> (fromSchema - toSchema)) + 1;
        out.merge(target, counts[k], Double::sum);
      }
    }
    return out;
  }

  /** Bucket counts in index order; spans[0] receives (offset, length) pairs over runs. */
  private static double[] flatten(TreeMap<Integer, Double> m, int[][] spansOut) {
    List<Integer> spans = new ArrayList<>();
    double[] counts = new double[m.size()];
    int k = 0;
    Integer prev = null;
    for (var e : m.entrySet()) {
      int idx = e.getKey();
      if (prev == null) {
        spans.add(idx);
        spans.add(1);
      } else if (idx == prev + 1) {
        spans.set(spans.size() - 1, spans.get(spans.size() - 1) + 1);
      } else {
        spans.add(idx - prev - 1);
        spans.add(1);
      }
      counts[k++] = e.getValue();
      prev = idx;
    }
    spansOut[0] = spans.stream().mapToInt(Integer::intValue).toArray();
    return counts;
  }

  /** The literal notation, for failure messages. */
  static String format(FloatHistogram h) {
    StringBuilder sb = new StringBuilder("{{");
    List<String> parts = new ArrayList<>();
    if (h.schema() != 0) {
      parts.add("schema:" + h.schema());
    }
    if (h.count() != 0) {
      parts.add("count:" + GoFloats.formatG(h.count()));
    }
    if (h.sum() != 0) {
      parts.add("sum:" + GoFloats.formatG(h.sum()));
    }
    if (h.zeroCount() != 0) {
      parts.add("z_bucket:" + GoFloats.formatG(h.zeroCount()));
    }
    if (h.zeroThreshold() != 0) {
      parts.add("z_bucket_w:" + GoFloats.formatG(h.zeroThreshold()));
    }
    if (h.customValues() != null && h.customValues().length > 0) {
      parts.add("custom_values:" + list(h.customValues()));
    }
    if (h.positiveBuckets().length > 0) {
      parts.add("offset:" + (h.positiveSpans().length > 0 ? h.positiveSpans()[0] : 0));
      parts.add("buckets:" + list(h.positiveBuckets()));
    }
    if (h.negativeBuckets().length > 0) {
      parts.add("n_offset:" + (h.negativeSpans().length > 0 ? h.negativeSpans()[0] : 0));
      parts.add("n_buckets:" + list(h.negativeBuckets()));
    }
    if (h.counterResetHint() != CounterResetHint.UNKNOWN) {
      parts.add("counter_reset_hint:" + switch (h.counterResetHint()) {
        case COUNTER_RESET -> "reset";
        case NOT_COUNTER_RESET -> "not_reset";
        case GAUGE -> "gauge";
        default -> "unknown";
      });
    }
    sb.append(String.join(" ", parts)).append("}}");
    return sb.toString();
  }

  private static String list(double[] v) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < v.length; i++) {
      sb.append(i == 0 ? "" : " ").append(GoFloats.formatG(v[i]));
    }
    return sb.append(']').toString();
  }
}
