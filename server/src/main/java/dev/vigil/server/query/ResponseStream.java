package dev.vigil.server.query;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponseWriter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An output stream that sends a response body in chunks of {@value #CHUNK} bytes to an Armeria
 * response writer, waiting for the client to take each chunk before producing the next, so a
 * large answer is never held in memory whole and a slow client slows the writer instead of
 * growing a queue. Used by one thread (a blocking-task thread); {@link #close()} flushes but does
 * not end the response.
 */
final class ResponseStream extends OutputStream {
  static final int CHUNK = 64 * 1024;
  /** How long a client may take to accept one chunk before the answer is aborted. */
  private static final long CONSUME_TIMEOUT_SECONDS = 60;

  private final HttpResponseWriter writer;
  private byte[] buf = new byte[CHUNK];
  private int len;

  ResponseStream(HttpResponseWriter writer) {
    this.writer = writer;
  }

  @Override
  public void write(int b) throws IOException {
    if (len == buf.length) {
      send();
    }
    buf[len++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int n) throws IOException {
    while (n > 0) {
      if (len == buf.length) {
        send();
      }
      int k = Math.min(n, buf.length - len);
      System.arraycopy(b, off, buf, len, k);
      len += k;
      off += k;
      n -= k;
    }
  }

  @Override
  public void flush() throws IOException {
    if (len > 0) {
      send();
    }
  }

  @Override
  public void close() throws IOException {
    flush();
  }

  private void send() throws IOException {
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
