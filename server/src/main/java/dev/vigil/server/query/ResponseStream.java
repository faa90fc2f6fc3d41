package dev.vigil.server.query;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import dev.vigil.server.http.AnswerBuffer;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The body of a 200 JSON answer, written by one thread (a blocking-task thread). A body that fits
 * in one chunk of {@value #CHUNK} bytes is answered whole when the stream is {@linkplain
 * #finish() finished}; a larger one is streamed when the endpoint streams: headers go out with
 * the first full chunk, and each chunk waits for the client to take it before the next is
 * produced, so a large answer is never held in memory whole and a slow client slows the writer
 * instead of growing a queue. For an endpoint whose answers are unary the buffer grows instead
 * and the answer goes out whole. The buffer starts small: most answers are a few hundred bytes.
 */
final class ResponseStream extends AnswerBuffer {
  static final int CHUNK = 64 * 1024;
  private static final int INITIAL = 4096;
  private static final ResponseHeaders OK_JSON =
      ResponseHeaders.of(HttpStatus.OK, HttpHeaderNames.CONTENT_TYPE, MediaType.JSON);
  /** How long a client may take to accept one chunk before the answer is aborted. */
  private static final long CONSUME_TIMEOUT_SECONDS = 60;

  private final CompletableFuture<HttpResponse> answer;
  private final boolean streams;
  private HttpResponseWriter writer;

  /**
   * @param answer completed with the response once its first bytes (or all) are known
   * @param streams whether an answer larger than a chunk is streamed (else held whole)
   */
  ResponseStream(CompletableFuture<HttpResponse> answer, boolean streams) {
    this.answer = answer;
    this.streams = streams;
    this.buf = new byte[INITIAL];
  }

  /** Whether bytes went out already (a failure can then only abort the stream). */
  boolean streaming() {
    return writer != null;
  }

  /** Grows the buffer up to a chunk (or without bound when not streaming), else sends it. */
  @Override
  protected void makeRoom() throws IOException {
    if (buf.length < CHUNK || !streams) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    } else {
      send();
    }
  }

  /** Sends what is buffered and ends the answer. */
  void finish() throws IOException {
    if (writer == null) {
      // The response keeps the array: nothing writes to it after this.
      answer.complete(HttpResponse.of(OK_JSON, HttpData.wrap(buf, 0, len)));
      return;
    }
    if (len > 0) {
      send();
    }
    writer.close();
  }

  /** Ends a streamed answer abnormally (the client sees a truncated body). */
  void abort(Throwable cause) {
    writer.close(cause);
  }

  private void send() throws IOException {
    if (writer == null) {
      writer = HttpResponse.streaming();
      writer.write(OK_JSON);
      answer.complete(writer);
    }
    // The writer keeps the array: hand it over and start a fresh one.
    if (!writer.tryWrite(HttpData.wrap(buf, 0, len))) {
      throw new IOException("client closed the connection");
    }
    buf = new byte[CHUNK];
    len = 0;
    try {
      writer.whenConsumed().get(CONSUME_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while sending the answer");
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("client did not accept the answer: " + e, e);
    }
  }
}
