package dev.vigil.alerting.notify;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON bodies as Go's {@code json.Encoder} writes them, so notifiers send the bytes Alertmanager
 * sends: {@code <}, {@code >}, {@code &}, U+2028 and U+2029 escaped as Go escapes them (backslash-u
 * and four hex digits), map keys sorted, a newline after the value, times in RFC 3339 with trailing
 * fractional zeros dropped and the zero time as {@code 0001-01-01T00:00:00Z}. Stateless.
 */
public final class GoJsonWriter {
  private GoJsonWriter() {}

  private static final JsonFactory FACTORY = new JsonFactory();
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private static final CharacterEscapes ESCAPES = new CharacterEscapes() {
    private final int[] table;

    {
      table = CharacterEscapes.standardAsciiEscapesForJSON();
      table['<'] = CharacterEscapes.ESCAPE_CUSTOM;
      table['>'] = CharacterEscapes.ESCAPE_CUSTOM;
      table['&'] = CharacterEscapes.ESCAPE_CUSTOM;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return table;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      if (ch == '<' || ch == '>' || ch == '&' || ch == 0x2028 || ch == 0x2029) {
        return new SerializedString(String.format("\\u%04x", ch));
      }
      return null;
    }
  };

  /** Writes one value. */
  @FunctionalInterface
  public interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  public static byte[] write(Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.setCharacterEscapes(ESCAPES);
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.write('\n'); // json.Encoder ends every value with a newline
    return out.toByteArray();
  }

  /** A {@code map[string]string} field, keys sorted. */
  public static void map(JsonGenerator g, String field, Map<String, String> m) throws IOException {
    g.writeObjectFieldStart(field);
    for (Map.Entry<String, String> e : new TreeMap<>(m).entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }

  /** A string field left out when empty (Go's {@code omitempty}). */
  public static void optional(JsonGenerator g, String field, String value) throws IOException {
    if (value != null && !value.isEmpty()) {
      g.writeStringField(field, value);
    }
  }

  /** Go's RFC3339Nano for a UTC time; null is Go's zero time. */
  public static String time(Instant t) {
    if (t == null) {
      return "0001-01-01T00:00:00Z";
    }
    StringBuilder sb = new StringBuilder(SECONDS.format(t));
    int nanos = t.getNano();
    if (nanos != 0) {
      String frac = String.format(Locale.ROOT, "%09d", nanos);
      int end = frac.length();
      while (frac.charAt(end - 1) == '0') {
        end--;
      }
      sb.append('.').append(frac, 0, end);
    }
    return sb.append('Z').toString();
  }
}
