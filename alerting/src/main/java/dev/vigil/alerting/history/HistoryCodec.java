package dev.vigil.alerting.history;

import dev.vigil.common.bytes.ByteReader;
import dev.vigil.common.bytes.ByteWriter;
import dev.vigil.model.Labels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Encodes history events as record payloads (docs/format/alert-history.md). Stateless. */
final class HistoryCodec {
  static final int ALERT_CHANGE = 1;
  static final int NOTIFICATION = 2;

  private HistoryCodec() {}

  static void encode(HistoryEvent e, ByteWriter w) {
    switch (e) {
      case AlertChange c -> {
        w.putByte(ALERT_CHANGE);
        w.putVarint(c.time().toEpochMilli());
        w.putByte(c.kind().ordinal());
        putLabels(w, c.labels());
        putInstant(w, c.startsAt());
        putInstant(w, c.endsAt());
        w.putUvarint(c.by().size());
        c.by().forEach(w::putString);
      }
      case NotificationSent n -> {
        w.putByte(NOTIFICATION);
        w.putVarint(n.time().toEpochMilli());
        w.putString(n.receiver());
        w.putString(n.integration());
        w.putUvarint(n.index());
        w.putString(n.groupKey());
        w.putUvarint(n.firing().size());
        n.firing().forEach(l -> putLabels(w, l));
        w.putUvarint(n.resolved().size());
        n.resolved().forEach(l -> putLabels(w, l));
        w.putString(n.error());
      }
    }
  }

  /** @throws RuntimeException (decode errors) when the payload is malformed */
  static HistoryEvent decode(ByteReader r) {
    int type = r.getByte();
    Instant time = Instant.ofEpochMilli(r.getVarint());
    return switch (type) {
      case ALERT_CHANGE -> {
        int kind = r.getByte();
        AlertChange.Kind[] kinds = AlertChange.Kind.values();
        if (kind >= kinds.length) {
          throw new IllegalArgumentException("unknown alert change kind " + kind);
        }
        Labels labels = getLabels(r);
        Instant start = getInstant(r);
        Instant end = getInstant(r);
        int n = r.getUvarintInt();
        List<String> by = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          by.add(r.getString());
        }
        yield new AlertChange(time, kinds[kind], labels, start, end, by);
      }
      case NOTIFICATION -> {
        String receiver = r.getString();
        String integration = r.getString();
        int index = r.getUvarintInt();
        String groupKey = r.getString();
        List<Labels> firing = getLabelsList(r);
        List<Labels> resolved = getLabelsList(r);
        yield new NotificationSent(time, receiver, integration, index, groupKey, firing, resolved,
            r.getString());
      }
      default -> throw new IllegalArgumentException("unknown history record type " + type);
    };
  }

  private static void putLabels(ByteWriter w, Labels l) {
    w.putUvarint(l.size());
    for (int i = 0; i < l.size(); i++) {
      w.putString(l.name(i));
      w.putString(l.value(i));
    }
  }

  private static Labels getLabels(ByteReader r) {
    int n = r.getUvarintInt();
    String[] pairs = new String[2 * n];
    for (int i = 0; i < 2 * n; i++) {
      pairs[i] = r.getString();
    }
    return Labels.of(pairs);
  }

  private static List<Labels> getLabelsList(ByteReader r) {
    int n = r.getUvarintInt();
    List<Labels> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(getLabels(r));
    }
    return out;
  }

  // a presence byte (0 absent, 1 present) then zig-zag epoch millis
  private static void putInstant(ByteWriter w, Instant t) {
    w.putByte(t == null ? 0 : 1);
    if (t != null) {
      w.putVarint(t.toEpochMilli());
    }
  }

  private static Instant getInstant(ByteReader r) {
    return r.getByte() == 0 ? null : Instant.ofEpochMilli(r.getVarint());
  }
}
