package dev.vigil.server.http;

import java.util.Map;
import java.util.Objects;

/**
 * The answer of a {@link BodyHandler}: a status, a few extra headers and an optional plain-text
 * body (sent as {@code text/plain; charset=utf-8}).
 *
 * @param status the HTTP status code
 * @param headers extra response headers (names in lower case), in the order given
 * @param text the body, or null for none
 */
public record PlainResponse(int status, Map<String, String> headers, String text) {
  public PlainResponse {
    Objects.requireNonNull(headers, "headers");
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status " + status + " is not an HTTP status code");
    }
  }

  /** An answer without a body. */
  public static PlainResponse empty(int status, Map<String, String> headers) {
    return new PlainResponse(status, headers, null);
  }

  /** An answer with a plain-text body. */
  public static PlainResponse text(int status, Map<String, String> headers, String text) {
    return new PlainResponse(status, headers, Objects.requireNonNull(text, "text"));
  }
}
