package dev.vigil.server.http;

import java.nio.ByteBuffer;

/**
 * A POST endpoint that takes its whole request body at once and answers with a small
 * {@link PlainResponse}: remote write and the like. Registered through {@link Routes#post}, it is
 * served two ways on the same port with the same answers: by Armeria (HTTP/2, and HTTP/1.1
 * requests the lean path leaves to it) and by {@link WebServer}'s lean HTTP/1.1 path, which
 * skips Armeria's per-request machinery for the common case.
 *
 * <p>Called on a virtual thread, never on an event loop; may block (WAL commits). Implementations
 * must be thread-safe. The body buffer is only valid during the call.
 */
@FunctionalInterface
public interface BodyHandler {
  /**
   * @param body the request body (position 0, limit its length), valid during the call only
   * @param contentType the {@code Content-Type} header, null when absent
   * @param contentEncoding the {@code Content-Encoding} header, null when absent
   */
  PlainResponse handle(ByteBuffer body, String contentType, String contentEncoding);
}
