package dev.vigil.ingest.remotewrite;

import dev.vigil.model.Appender;
import java.nio.ByteBuffer;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Objects;

/**
 * Receives Prometheus remote-write requests, 1.0 ({@code prometheus.WriteRequest}) and 2.0
 * ({@code io.prometheus.write.v2.Request}, chosen by the {@code proto} parameter of the content
 * type): checks content type and encoding, decompresses the snappy block, decodes the message and
 * appends it, then tells the caller whether to commit and how to answer ({@link
 * RemoteWriteResult}; for 2.0 the server also sends its counts as the {@code
 * X-Prometheus-Remote-Write-Samples-Written}, {@code -Histograms-Written} and {@code
 * -Exemplars-Written} headers).
 *
 * <p>Semantics follow Prometheus's receiver with two deliberate differences, both of which follow
 * Mimir and the remote-write 2.0 handler: a series with invalid labels (missing or empty metric
 * name, duplicate or empty label names, invalid UTF-8, limits) is answered with 400 rather than
 * silently dropped, and out-of-order, duplicate and out-of-bounds samples are skipped while the
 * rest of the request is kept (400, never retried) rather than rolling back the whole request and
 * losing its valid samples. Refused exemplars and metadata are dropped silently, as in Prometheus
 * (with 2.0, an out-of-order exemplar also makes the answer 400, as Prometheus's 2.0 handler does).
 * Native histograms are refused with 400 until the store supports them. A malformed body (bad
 * snappy, truncated or mistyped protobuf) is refused as a whole and the caller rolls back.
 *
 * <p>Not thread-safe: it keeps caches of label strings and label sets that make repeated series
 * cheap; a server keeps one receiver per worker (or a small pool).
 */
public final class RemoteWriteReceiver {
  /** Content type of remote write 1.0; the {@code proto} parameter may name the message. */
  public static final String CONTENT_TYPE_V1 = "application/x-protobuf";

  public static final String PROTO_V1 = "prometheus.WriteRequest";
  public static final String PROTO_V2 = "io.prometheus.write.v2.Request";

  /** Response headers a 2.0 receiver must send, carrying {@link RemoteWriteResult}'s counts. */
  public static final String HEADER_SAMPLES_WRITTEN = "X-Prometheus-Remote-Write-Samples-Written";

  public static final String HEADER_HISTOGRAMS_WRITTEN =
      "X-Prometheus-Remote-Write-Histograms-Written";
  public static final String HEADER_EXEMPLARS_WRITTEN =
      "X-Prometheus-Remote-Write-Exemplars-Written";

  private static final int KEEP_BUFFER_BYTES = 4 << 20;

  private final RemoteWriteLimits limits;
  private final InstantSource clock;
  private final WriteRequestDecoder decoder;
  private final WriteRequestV2Decoder decoderV2;
  private byte[] buffer = new byte[64 << 10];
  private final SnappyStream snappy = new SnappyStream();
  /** The compressed body when it arrives outside a heap array of its own. */
  private byte[] compressed = new byte[64 << 10];
  /**
   * The headers of the last request and what {@link #checkHeaders} and {@link #isV2} said of
   * them: a sender sends the same ones every time, and splitting, trimming and lower-casing them
   * per request was per-request work and hot JDK code for the JIT to compile.
   */
  private String lastType;
  private String lastEncoding;
  private String lastUnsupported;
  private boolean lastV2;
  private boolean checked;

  /**
   * @param seriesCacheSize how many label sets to remember by their encoding (rounded down to a
   *     power of two); about the number of series one sender writes is ideal
   */
  public RemoteWriteReceiver(RemoteWriteLimits limits, InstantSource clock, int seriesCacheSize) {
    this(limits, clock, seriesCacheSize, null, null);
  }

  /** With label-set and string caches shared by several receivers, or null for private ones. */
  RemoteWriteReceiver(RemoteWriteLimits limits, InstantSource clock, int seriesCacheSize,
      SeriesCache shared, StringCache sharedStrings) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (seriesCacheSize < 1) {
      throw new IllegalArgumentException("series cache size must be positive: " + seriesCacheSize);
    }
    this.decoder = shared == null
        ? new WriteRequestDecoder(limits, seriesCacheSize)
        : new WriteRequestDecoder(limits, shared, sharedStrings);
    this.decoderV2 = new WriteRequestV2Decoder(limits,
        sharedStrings == null ? new StringCache(4096) : sharedStrings);
  }

  public RemoteWriteReceiver(RemoteWriteLimits limits, InstantSource clock) {
    this(limits, clock, 16384);
  }

  /**
   * Decodes and appends one request. Never throws for bad input; the caller commits or rolls back
   * the appender as {@link RemoteWriteResult#commit()} says and maps the status to HTTP.
   *
   * @param body the request body as received (snappy-compressed)
   * @param contentType the Content-Type header, or null
   * @param contentEncoding the Content-Encoding header, or null
   */
  public RemoteWriteResult write(
      byte[] body, String contentType, String contentEncoding, Appender appender) {
    Objects.requireNonNull(body, "body");
    return write(body, body.length, contentType, contentEncoding, appender);
  }

  /**
   * As {@link #write(byte[], String, String, Appender)} for the body's remaining bytes, which
   * may live off the heap (a server's pooled network buffer): they are copied into a buffer the
   * receiver keeps, so that the caller may release its buffer as soon as this returns. The
   * buffer's position is left unchanged.
   */
  public RemoteWriteResult write(
      ByteBuffer body, String contentType, String contentEncoding, Appender appender) {
    int n = body.remaining();
    if (compressed.length < n) {
      compressed = new byte[Math.max(n, (int) Math.min(Integer.MAX_VALUE - 16L,
          compressed.length * 2L))];
    }
    body.get(body.position(), compressed, 0, n);
    try {
      return write(compressed, n, contentType, contentEncoding, appender);
    } finally {
      if (compressed.length > KEEP_BUFFER_BYTES) {
        compressed = new byte[64 << 10];
      }
    }
  }

  private RemoteWriteResult write(byte[] body, int bodyLen, String contentType,
      String contentEncoding, Appender appender) {
    Objects.requireNonNull(appender, "appender");
    if (!checked || !Objects.equals(contentType, lastType)
        || !Objects.equals(contentEncoding, lastEncoding)) {
      lastUnsupported = checkHeaders(contentType, contentEncoding);
      lastV2 = isV2(contentType);
      lastType = contentType;
      lastEncoding = contentEncoding;
      checked = true;
    }
    String unsupported = lastUnsupported;
    if (unsupported != null) {
      return RemoteWriteResult.refused(RemoteWriteStatus.UNSUPPORTED_MEDIA_TYPE, unsupported);
    }
    boolean v2 = lastV2;
    try {
      start(body, bodyLen);
      if (v2) {
        snappy.fill(snappy.length()); // the 2.0 decoder reads its symbol table first
      }
    } catch (TooLargeException e) {
      return RemoteWriteResult.refused(RemoteWriteStatus.TOO_LARGE, e.getMessage());
    } catch (RuntimeException e) { // MalformedRequestException of a corrupt block
      return snappyRefused(bodyLen, e);
    }
    RemoteWriteResult r;
    try {
      r = v2
          ? decoderV2.decode(buffer, snappy.length(), appender, clock.millis())
          : decoder.decode(snappy, buffer, appender, clock.millis());
    } catch (MalformedRequestException e) {
      r = RemoteWriteResult.refused(
          RemoteWriteStatus.BAD_DATA, "cannot decode write request: " + e.getMessage());
    } catch (TooLargeException e) {
      r = RemoteWriteResult.refused(RemoteWriteStatus.TOO_LARGE, e.getMessage());
    } catch (RuntimeException e) {
      r = RemoteWriteResult.refused(
          RemoteWriteStatus.STORAGE, "cannot append write request: " + e.getMessage());
    }
    try {
      // The block is decompressed as the decoding goes: whatever stopped the decoding (or the
      // decoding reaching the end), the whole block is checked, and a corrupt one is reported as
      // such, as when it was decompressed whole before decoding.
      snappy.fill(snappy.length());
      return r;
    } catch (MalformedRequestException e) {
      return snappyRefused(bodyLen, e);
    } finally {
      snappy.release();
      if (buffer.length > KEEP_BUFFER_BYTES) {
        buffer = new byte[64 << 10];
      }
    }
  }

  private static RemoteWriteResult snappyRefused(int bodyLen, RuntimeException e) {
    return RemoteWriteResult.refused(RemoteWriteStatus.BAD_DATA,
        "cannot decompress snappy body of " + bodyLen + " bytes: " + e.getMessage());
  }

  /** Starts decompressing into {@link #buffer}, grown to the block's announced length. */
  private void start(byte[] body, int bodyLen) {
    int n = SnappyBlock.uncompressedLength(body, bodyLen);
    if (limits.maxDecompressedBytes() > 0 && n > limits.maxDecompressedBytes()) {
      throw new TooLargeException(
          "decompressed body of " + n + " bytes exceeds the limit of "
              + limits.maxDecompressedBytes());
    }
    SnappyBlock.checkExpansion(n, bodyLen);
    if (buffer.length - SnappyBlock.SLACK < n) {
      long want = Math.max(n + (long) SnappyBlock.SLACK, buffer.length * 2L);
      buffer = new byte[(int) Math.min(Integer.MAX_VALUE - 16L, want)];
    }
    snappy.start(body, bodyLen, buffer, n);
  }

  /**
   * True when an accepted content type names the 2.0 message ({@code proto=} and the message
   * name, spaces ignored).
   */
  public static boolean isV2(String contentType) {
    if (contentType == null) {
      return false;
    }
    // the usual header has no space at all: no copy without its spaces needed
    String t = contentType.indexOf(' ') < 0 ? contentType : contentType.replace(" ", "");
    return t.contains(PROTO_V2_PARAMETER);
  }

  private static final String PROTO_V2_PARAMETER = "proto=" + PROTO_V2;

  /** Null when acceptable; otherwise why the headers are refused (415). */
  static String checkHeaders(String contentType, String contentEncoding) {
    if (contentEncoding != null
        && !contentEncoding.isBlank()
        && !contentEncoding.trim().equalsIgnoreCase("snappy")) {
      return contentEncoding + " encoding (compression) is not accepted; only snappy is";
    }
    if (contentType == null || contentType.isBlank()) {
      return null; // senders from before the 1.0 spec omit it; Prometheus assumes 1.0
    }
    String[] parts = contentType.split(";");
    String media = parts[0].trim().toLowerCase(Locale.ROOT);
    if (!media.equals(CONTENT_TYPE_V1)) {
      return "content type " + contentType + " is not accepted; want " + CONTENT_TYPE_V1;
    }
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      int eq = p.indexOf('=');
      if (eq < 0) {
        return "malformed content type parameter \"" + p + "\" in " + contentType;
      }
      if (p.substring(0, eq).trim().equalsIgnoreCase("proto")) {
        String msg = p.substring(eq + 1).trim();
        if (msg.equals(PROTO_V1) || msg.equals(PROTO_V2)) {
          return null;
        }
        return "unknown protobuf message " + msg + " in content type; accepted " + PROTO_V1
            + ", " + PROTO_V2;
      }
    }
    return null;
  }
}
