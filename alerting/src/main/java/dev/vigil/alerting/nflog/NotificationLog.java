package dev.vigil.alerting.nflog;

import dev.vigil.alerting.snapshot.SnapshotFile;
import dev.vigil.common.bytes.ByteReader;
import dev.vigil.common.bytes.ByteWriter;
import dev.vigil.common.bytes.DecodeException;
import dev.vigil.model.StorageException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Alertmanager's notification log: per (group key, integration) the last notification sent,
 * which the dedup stage consults to decide whether a flush must notify again. Entries expire
 * after the retention; the log is persisted as a snapshot file (docs/format/alerting-state.md) by
 * {@link #snapshot()} and read back on construction, so a restart neither repeats nor forgets
 * notifications. Thread-safe.
 */
public final class NotificationLog {
  static final int MAGIC = 0x564e464c; // "VNFL"
  static final int VERSION = 1;

  private record Key(String groupKey, ReceiverKey receiver) {}

  private final Supplier<Instant> clock;
  private final long retentionMs;
  private final Path file;
  private final Map<Key, NflogEntry> entries = new ConcurrentHashMap<>();

  /** @param file the snapshot file, or null to keep the log in memory only */
  public NotificationLog(Supplier<Instant> clock, long retentionMs, Path file) {
    this.clock = Objects.requireNonNull(clock, "clock");
    if (retentionMs <= 0) {
      throw new IllegalArgumentException("notification log retention must be positive, got " + retentionMs + "ms");
    }
    this.retentionMs = retentionMs;
    this.file = file;
    if (file != null) {
      load();
    }
  }

  /** The last entry for this group and integration, or null. */
  public NflogEntry query(String groupKey, ReceiverKey receiver) {
    return entries.get(new Key(groupKey, receiver));
  }

  /** Records a notification just sent. */
  public void log(ReceiverKey receiver, String groupKey, Set<Long> firing, Set<Long> resolved) {
    Instant now = clock.get();
    entries.put(new Key(groupKey, receiver),
        new NflogEntry(groupKey, receiver, now, firing, resolved, now.plusMillis(retentionMs)));
  }

  public List<NflogEntry> entries() {
    return new ArrayList<>(entries.values());
  }

  /** Drops expired entries; returns how many. */
  public int gc() {
    Instant now = clock.get();
    int before = entries.size();
    entries.values().removeIf(e -> !e.expiresAt().isAfter(now));
    return before - entries.size();
  }

  public void snapshot() {
    if (file == null) {
      return;
    }
    ByteWriter w = new ByteWriter();
    List<NflogEntry> all = entries();
    w.putUvarint(all.size());
    for (NflogEntry e : all) {
      w.putString(e.groupKey());
      w.putString(e.receiver().groupName()).putString(e.receiver().integration()).putUvarint(e.receiver().index());
      w.putVarint(e.timestamp().getEpochSecond()).putUvarint(e.timestamp().getNano());
      putSet(w, e.firingAlerts());
      putSet(w, e.resolvedAlerts());
      w.putVarint(e.expiresAt().getEpochSecond()).putUvarint(e.expiresAt().getNano());
    }
    SnapshotFile.write(file, MAGIC, VERSION, w.toByteArray());
  }

  private static void putSet(ByteWriter w, Set<Long> s) {
    w.putUvarint(s.size());
    for (long v : s) {
      w.putLong(v);
    }
  }

  private void load() {
    byte[] body = SnapshotFile.read(file, MAGIC, VERSION);
    if (body == null) {
      return;
    }
    ByteReader r = new ByteReader(body);
    try {
      int n = r.getUvarintInt();
      for (int i = 0; i < n; i++) {
        String gk = r.getString();
        ReceiverKey rk = new ReceiverKey(r.getString(), r.getString(), r.getUvarintInt());
        Instant ts = Instant.ofEpochSecond(r.getVarint(), r.getUvarint());
        Set<Long> firing = getSet(r);
        Set<Long> resolved = getSet(r);
        Instant exp = Instant.ofEpochSecond(r.getVarint(), r.getUvarint());
        entries.put(new Key(gk, rk), new NflogEntry(gk, rk, ts, firing, resolved, exp));
      }
      if (r.hasRemaining()) {
        throw new DecodeException(r.remaining() + " bytes left over");
      }
    } catch (DecodeException | IllegalArgumentException e) {
      throw new StorageException("snapshot " + file + ": corrupt at body offset " + r.position() + ": " + e.getMessage(), e);
    }
  }

  private static Set<Long> getSet(ByteReader r) {
    int n = r.getUvarintInt();
    Set<Long> s = new HashSet<>();
    for (int i = 0; i < n; i++) {
      s.add(r.getLong());
    }
    return s;
  }
}
