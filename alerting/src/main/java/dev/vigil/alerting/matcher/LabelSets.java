package dev.vigil.alerting.matcher;

import dev.vigil.common.text.GoQuote;
import dev.vigil.model.Labels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Alertmanager's label-set identity and printing: the 64-bit FNV-1a fingerprint of the sorted
 * label pairs (each name and value followed by the byte 0xff) and the {@code {a="b", c="d"}} form
 * used inside group keys. Both must agree with Alertmanager bit for bit because webhook payloads
 * carry them. Stateless.
 */
public final class LabelSets {
  private LabelSets() {}

  private static final long OFFSET = 0xcbf29ce484222325L;
  private static final long PRIME = 0x100000001b3L;

  public static long fingerprint(Labels labels) {
    long h = OFFSET;
    for (int i = 0; i < labels.size(); i++) {
      h = add(h, labels.name(i));
      h = (h ^ 0xff) * PRIME;
      h = add(h, labels.value(i));
      h = (h ^ 0xff) * PRIME;
    }
    return h;
  }

  private static long add(long h, String s) {
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * PRIME;
    }
    return h;
  }

  /** The fingerprint as Alertmanager prints it: 16 lower-case hex digits. */
  public static String fingerprintString(Labels labels) {
    return String.format("%016x", fingerprint(labels));
  }

  /**
   * Go's {@code model.LabelSet.String()}: {@code name="value"} pairs, sorted as whole strings,
   * joined with ", " in braces.
   */
  public static String format(Labels labels) {
    List<String> parts = new ArrayList<>(labels.size());
    for (int i = 0; i < labels.size(); i++) {
      parts.add(labels.name(i) + "=" + GoQuote.quote(labels.value(i)));
    }
    Collections.sort(parts, LabelSets::compareUtf8);
    return "{" + String.join(", ", parts) + "}";
  }

  /** Byte-wise UTF-8 order, the order Go sorts strings in. */
  public static int compareUtf8(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char ca = a.charAt(i);
      char cb = b.charAt(i);
      if (ca != cb) {
        if (Character.isSurrogate(ca) || Character.isSurrogate(cb)) {
          return Integer.compare(a.codePointAt(i), b.codePointAt(i));
        }
        return Character.compare(ca, cb);
      }
    }
    return Integer.compare(a.length(), b.length());
  }

  /** Prometheus's classic label-name rule {@code [a-zA-Z_][a-zA-Z0-9_]*}. */
  public static boolean isValidLabelName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
          || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
