package dev.vigil.ingest.relabel;

import dev.vigil.model.GoRegexp;
import dev.vigil.model.LabelNames;
import dev.vigil.model.Labels;
import dev.vigil.model.LabelsBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.regex.Matcher;

/**
 * Applies relabeling steps to a label set with Prometheus's semantics: each step sees the result of
 * the previous one; a {@code keep}/{@code drop}/{@code keepequal}/{@code dropequal} step may drop
 * the set; setting a label to the empty string removes it.
 *
 * <p>Details kept from Prometheus: source values are joined with the separator (absent labels
 * count as empty); {@code replace} does nothing when the regex does not match, removes the
 * (unexpanded) target label when the expanded target name is not a valid label name or the
 * expanded replacement is empty; {@code $1}, {@code ${1}}, {@code $name}, {@code $$} expand as
 * Go's {@code Regexp.Expand} does (a reference to a missing group expands to nothing, {@code $1x}
 * names group "1x"); {@code hashmod} is the big-endian number of the last 8 bytes of the MD5 of the
 * joined value, modulo the (unsigned) modulus; {@code labelmap} matches the label names of the
 * step's input and may set names that are not valid (Prometheus does not check them there).
 * Stateless and thread-safe.
 */
public final class Relabeler {
  private Relabeler() {}

  /** The relabeled set, or null when a step drops it. An empty result is returned as is. */
  public static Labels process(Labels in, List<RelabelConfig> configs) {
    Labels cur = in;
    for (RelabelConfig cfg : configs) {
      cur = apply(cur, cfg);
      if (cur == null) {
        return null;
      }
    }
    return cur;
  }

  /** One step; null when it drops the set. */
  static Labels apply(Labels in, RelabelConfig cfg) {
    String val = join(in, cfg);
    switch (cfg.action()) {
      case DROP -> {
        return cfg.regex().matcher(val).matches() ? null : in;
      }
      case KEEP -> {
        return cfg.regex().matcher(val).matches() ? in : null;
      }
      case DROPEQUAL -> {
        return in.get(cfg.targetLabel()).equals(val) ? null : in;
      }
      case KEEPEQUAL -> {
        return in.get(cfg.targetLabel()).equals(val) ? in : null;
      }
      case REPLACE -> {
        Matcher m = cfg.regex().matcher(val);
        if (!m.matches()) {
          return in;
        }
        String target = GoRegexp.expand(cfg.targetLabel(), m, val);
        if (!LabelNames.isLegacyLabelName(target)) {
          return in.without(cfg.targetLabel());
        }
        String res = GoRegexp.expand(cfg.replacement(), m, val);
        if (res.isEmpty()) {
          return in.without(cfg.targetLabel());
        }
        return in.with(target, res);
      }
      case LOWERCASE -> {
        return in.with(cfg.targetLabel(), mapCase(val, false));
      }
      case UPPERCASE -> {
        return in.with(cfg.targetLabel(), mapCase(val, true));
      }
      case HASHMOD -> {
        long h = md5Tail64(val);
        return in.with(cfg.targetLabel(), Long.toUnsignedString(Long.remainderUnsigned(h, cfg.modulus())));
      }
      case LABELMAP -> {
        LabelsBuilder b = in.toBuilder();
        for (int i = 0; i < in.size(); i++) {
          Matcher m = cfg.regex().matcher(in.name(i));
          if (m.matches()) {
            b.set(GoRegexp.expand(cfg.replacement(), m, in.name(i)), in.value(i));
          }
        }
        return b.build();
      }
      case LABELDROP, LABELKEEP -> {
        boolean drop = cfg.action() == RelabelAction.LABELDROP;
        LabelsBuilder b = null;
        for (int i = 0; i < in.size(); i++) {
          if (cfg.regex().matcher(in.name(i)).matches() == drop) {
            if (b == null) {
              b = in.toBuilder();
            }
            b.delete(in.name(i));
          }
        }
        return b == null ? in : b.build();
      }
      default -> throw new IllegalStateException("unknown relabel action " + cfg.action());
    }
  }

  /**
   * Go's strings.ToUpper/ToLower: rune by rune with the simple case mapping, so "ß" stays "ß" and
   * a final "Σ" lowers to "σ" (Java's String methods would give "SS" and "ς").
   */
  static String mapCase(String s, boolean upper) {
    StringBuilder sb = new StringBuilder(s.length());
    s.codePoints().forEach(cp -> sb.appendCodePoint(upper ? Character.toUpperCase(cp) : Character.toLowerCase(cp)));
    return sb.toString();
  }

  private static String join(Labels in, RelabelConfig cfg) {
    List<String> names = cfg.sourceLabels();
    if (names.size() == 1) {
      return in.get(names.getFirst());
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) {
        sb.append(cfg.separator());
      }
      sb.append(in.get(names.get(i)));
    }
    return sb.toString();
  }

  /** Big-endian value of bytes 8..15 of MD5(s): Prometheus's sum64, whose shifts drop bytes 0..7. */
  static long md5Tail64(String s) {
    byte[] d;
    try {
      d = MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required of every Java platform", e);
    }
    long h = 0;
    for (int i = 8; i < 16; i++) {
      h = (h << 8) | (d[i] & 0xff);
    }
    return h;
  }
}
