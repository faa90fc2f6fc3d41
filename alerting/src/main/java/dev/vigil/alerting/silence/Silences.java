package dev.vigil.alerting.silence;

import dev.vigil.alerting.matcher.LabelMatcher;
import dev.vigil.alerting.matcher.LabelSets;
import dev.vigil.alerting.matcher.MatchType;
import dev.vigil.alerting.snapshot.SnapshotFile;
import dev.vigil.common.bytes.ByteReader;
import dev.vigil.common.bytes.ByteWriter;
import dev.vigil.common.bytes.DecodeException;
import dev.vigil.model.Labels;
import dev.vigil.model.StorageException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The silence store with Alertmanager's update rules: a silence whose matchers are unchanged and
 * whose new times are allowed in its current state is updated in place; otherwise the old one is
 * expired (unless already expired) and a new one with a fresh UUID replaces it. Expired silences
 * stay queryable until {@code endsAt + retention}. Persisted as a snapshot file
 * (docs/format/alerting-state.md) by {@link #snapshot()} and read back on construction.
 * Thread-safe (one lock; silences are few).
 */
public final class Silences {
  static final int MAGIC = 0x5653494c; // "VSIL"
  static final int VERSION = 1;

  private final Supplier<Instant> clock;
  private final long retentionMs;
  private final Path file;
  private final Map<String, Silence> byId = new LinkedHashMap<>();
  private long version;

  /**
   * @param file the snapshot file, or null to keep silences in memory only
   * @throws StorageException when an existing snapshot is corrupt
   */
  public Silences(Supplier<Instant> clock, long retentionMs, Path file) {
    this.clock = Objects.requireNonNull(clock, "clock");
    if (retentionMs <= 0) {
      throw new IllegalArgumentException("silence retention must be positive, got " + retentionMs + "ms");
    }
    this.retentionMs = retentionMs;
    this.file = file;
    if (file != null) {
      load();
    }
  }

  /**
   * Creates or updates a silence and returns its id (new when the silence had to be replaced).
   * @throws SilenceException for an unknown id or an invalid silence
   */
  public synchronized String set(Silence s) {
    Instant now = clock.get();
    Silence prev = s.id().isEmpty() ? null : byId.get(s.id());
    if (!s.id().isEmpty() && prev == null) {
      throw new SilenceException("silence not found", true);
    }
    if (prev != null) {
      if (canUpdate(prev, s, now)) {
        return store(s.with(s.id(), s.startsAt(), s.endsAt(), now));
      }
      if (prev.state(now) != SilenceState.EXPIRED) {
        expireLocked(prev, now);
      }
    }
    Instant start = s.startsAt() == null || s.startsAt().isBefore(now) ? now : s.startsAt();
    return store(s.with(UUID.randomUUID().toString(), start, s.endsAt(), now));
  }

  private static boolean canUpdate(Silence a, Silence b, Instant now) {
    if (!a.matchers().equals(b.matchers())) {
      return false;
    }
    return switch (a.state(now)) {
      case ACTIVE -> Objects.equals(b.startsAt(), a.startsAt()) && b.endsAt() != null && !b.endsAt().isBefore(now);
      case PENDING -> b.startsAt() != null && !b.startsAt().isBefore(now);
      case EXPIRED -> false;
    };
  }

  private String store(Silence s) {
    validate(s);
    byId.put(s.id(), s);
    version++;
    return s.id();
  }

  static void validate(Silence s) {
    if (s.matchers().isEmpty()) {
      throw new SilenceException("at least one matcher required", false);
    }
    boolean allMatchEmpty = true;
    for (int i = 0; i < s.matchers().size(); i++) {
      LabelMatcher m = s.matchers().get(i);
      if (!LabelSets.isValidLabelName(m.name())) {
        throw new SilenceException("invalid label matcher " + i + ": invalid label name \"" + m.name() + "\"", false);
      }
      boolean matchesEmpty = switch (m.type()) {
        case EQUAL -> m.value().isEmpty();
        case REGEXP -> m.matches("");
        default -> false;
      };
      allMatchEmpty &= matchesEmpty;
    }
    if (allMatchEmpty) {
      throw new SilenceException("at least one matcher must not match the empty string", false);
    }
    if (s.startsAt() == null) {
      throw new SilenceException("invalid zero start timestamp", false);
    }
    if (s.endsAt() == null) {
      throw new SilenceException("invalid zero end timestamp", false);
    }
    if (s.endsAt().isBefore(s.startsAt())) {
      throw new SilenceException("end time must not be before start time", false);
    }
  }

  /** Expires a silence now. @throws SilenceException when unknown or already expired */
  public synchronized void expire(String id) {
    Silence s = byId.get(id);
    if (s == null) {
      throw new SilenceException("silence not found", true);
    }
    Instant now = clock.get();
    if (s.state(now) == SilenceState.EXPIRED) {
      throw new SilenceException("silence " + id + " already expired", false);
    }
    expireLocked(s, now);
  }

  private void expireLocked(Silence s, Instant now) {
    Silence e = s.state(now) == SilenceState.PENDING
        ? s.with(s.id(), now, now, now)
        : s.with(s.id(), s.startsAt(), now, now);
    byId.put(e.id(), e);
    version++;
  }

  public synchronized Silence get(String id) {
    return byId.get(id);
  }

  /** Every stored silence (expired ones within retention included) that passes the filter. */
  public synchronized List<Silence> query(Predicate<Silence> filter) {
    List<Silence> out = new ArrayList<>();
    for (Silence s : byId.values()) {
      if (filter.test(s)) {
        out.add(s);
      }
    }
    return out;
  }

  /** The ids of the active silences that mute these labels at {@code now}, sorted. */
  public synchronized List<String> mutedBy(Labels labels, Instant now) {
    List<String> ids = new ArrayList<>();
    for (Silence s : byId.values()) {
      if (s.state(now) == SilenceState.ACTIVE && s.matches(labels)) {
        ids.add(s.id());
      }
    }
    ids.sort(null);
    return ids;
  }

  /** A counter that changes whenever a silence is stored, expired or dropped. */
  public synchronized long version() {
    return version;
  }

  /** Drops silences whose end is more than the retention ago; returns how many. */
  public synchronized int gc() {
    Instant cutoff = clock.get().minusMillis(retentionMs);
    int before = byId.size();
    byId.values().removeIf(s -> s.endsAt().isBefore(cutoff));
    int n = before - byId.size();
    if (n > 0) {
      version++;
    }
    return n;
  }

  /** Writes the snapshot file (no-op without one). */
  public void snapshot() {
    if (file == null) {
      return;
    }
    ByteWriter w = new ByteWriter();
    synchronized (this) {
      w.putUvarint(byId.size());
      for (Silence s : byId.values()) {
        w.putString(s.id());
        w.putUvarint(s.matchers().size());
        for (LabelMatcher m : s.matchers()) {
          w.putByte(m.type().ordinal()).putString(m.name()).putString(m.value());
        }
        putInstant(w, s.startsAt());
        putInstant(w, s.endsAt());
        putInstant(w, s.updatedAt());
        w.putString(s.createdBy()).putString(s.comment());
      }
    }
    SnapshotFile.write(file, MAGIC, VERSION, w.toByteArray());
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
        String id = r.getString();
        int nm = r.getUvarintInt();
        List<LabelMatcher> ms = new ArrayList<>(nm);
        for (int j = 0; j < nm; j++) {
          int type = r.getByte();
          if (type < 0 || type >= MatchType.values().length) {
            throw new DecodeException("unknown matcher type " + type);
          }
          ms.add(LabelMatcher.of(MatchType.values()[type], r.getString(), r.getString()));
        }
        Silence s = new Silence(id, ms, getInstant(r), getInstant(r), getInstant(r), r.getString(), r.getString());
        byId.put(id, s);
      }
      if (r.hasRemaining()) {
        throw new DecodeException(r.remaining() + " bytes left over");
      }
    } catch (DecodeException | IllegalArgumentException e) {
      throw new StorageException("snapshot " + file + ": corrupt at body offset " + r.position() + ": " + e.getMessage(), e);
    }
  }

  static void putInstant(ByteWriter w, Instant t) {
    w.putVarint(t.getEpochSecond()).putUvarint(t.getNano());
  }

  static Instant getInstant(ByteReader r) {
    return Instant.ofEpochSecond(r.getVarint(), r.getUvarint());
  }
}
