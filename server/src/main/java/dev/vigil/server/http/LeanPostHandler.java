package dev.vigil.server.http;

import dev.vigil.server.selfmetrics.Counter;
import dev.vigil.server.selfmetrics.Histogram;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One connection's lean HTTP/1.1 path, first in the channel pipeline, before Armeria's handlers.
 * It reads each request head itself; a {@code POST} to a {@link LeanPostPath} endpoint with a
 * {@code Content-Length} body within the limit is served here: the body is gathered into one
 * pooled buffer of that size (one copy), handed to the {@link BodyHandler} on the blocking
 * executor, and the answer written in one buffer. At the first request it does not serve in full
 * (another path or method, HTTP/1.0, chunked bodies, {@code Expect}, {@code Upgrade},
 * {@code Origin}, oversized bodies or heads, not ready, stopping, an HTTP/2 preface) it passes
 * that request's bytes and everything after them to Armeria and stays out of the way for the rest
 * of the connection, so Armeria's answers (405, 413, 431, 503, CORS, h2c upgrades, ...) stay
 * exactly what they were. It only ever hands over at a request boundary.
 *
 * <p>Armeria's idle timeout is off (it would close lean connections, whose traffic it never
 * sees); this handler closes idle connections instead, see {@link LeanPostPath}.
 *
 * <p>Threading: every method runs on the channel's event loop except the handler call, which
 * owns the body buffer until it returns and then hands the answer back to the event loop.
 */
final class LeanPostHandler extends ChannelDuplexHandler
    implements LeanPath.Connection {
  /** Armeria's default limit for an HTTP/1 head; longer heads go to Armeria, which refuses them. */

  /**
   * HEAD: at a request boundary; BODY: reading a body served here; BUSY: its handler runs;
   * FORWARD: passing a request on to Armeria; PASS: the connection is Armeria's for good.
   */
  private enum State { HEAD, BODY, BUSY, FORWARD, PASS }

  /** Bytes of later requests held while one is handled, before reading stops. */
  private static final int MAX_PIPELINED_BYTES = 1 << 20;
  /** Bodies up to this size keep their buffer for the connection's next request. */
  private static final int SPARE_MAX_BYTES = 1 << 20;

  private final LeanPostPath path;
  private final RequestHead head = new RequestHead();
  private final byte[] headBytes = new byte[LeanFraming.MAX_HEAD_BYTES];
  /** The last body's buffer, reused: one request at a time per connection. */
  private ByteBuf spare;
  private State state = State.HEAD;
  /** Received bytes not consumed yet: the start of a request head, or pipelined requests. */
  private ByteBuf pending;
  private ByteBuf body;
  /** Whether the body being handled is a slice of a read buffer (else a buffer of its own). */
  private boolean bodySliced;
  private int bodyMissing;
  private Routes.BodyBinding binding;
  private String contentType;
  private String contentEncoding;
  private boolean closeAfter;
  private long startNanos;
  private int forwardMissing;
  private long forwarded;
  private final AtomicLong answered = new AtomicLong();
  private long lastActivityNanos = System.nanoTime();
  private Routes.BodyBinding observedBinding;
  private int observedStatus;
  private Counter.Child observedRequests;
  private Histogram.Child observedDuration;
  private ScheduledFuture<?> idleCheck;

  LeanPostHandler(LeanPostPath path) {
    this.path = path;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    scheduleIdleCheck(ctx, path.idleNanos());
    path.register(ctx.channel().remoteAddress(), this);
    super.channelActive(ctx);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      scheduleIdleCheck(ctx, path.idleNanos());
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    lastActivityNanos = System.nanoTime();
    if (state == State.PASS || !(msg instanceof ByteBuf in)) {
      ctx.fireChannelRead(msg);
      return;
    }
    switch (state) {
      case BODY -> {
        int n = Math.min(bodyMissing, in.readableBytes());
        body.writeBytes(in, n);
        bodyMissing -= n;
        keep(in);
        if (bodyMissing == 0) {
          dispatch(ctx);
        }
      }
      case BUSY -> {
        keep(in);
        if (pending != null && pending.readableBytes() > MAX_PIPELINED_BYTES) {
          // a client pipelining far ahead waits in the kernel's buffers, not in ours
          ctx.channel().config().setAutoRead(false);
        }
      }
      case FORWARD -> {
        keep(in);
        forward(ctx);
      }
      default -> {
        keep(in);
        nextRequest(ctx);
      }
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    // forwarded requests already got theirs from forward(): Armeria's handlers need to see the
    // end of a read batch only after reads they saw (a connection that once forwarded a request
    // passed every later lean read's completion through Armeria's whole pipeline)
    if (state == State.PASS) {
      ctx.fireChannelReadComplete();
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    lastActivityNanos = System.nanoTime();
    ctx.write(msg, promise);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    release();
    path.unregister(ctx.channel().remoteAddress(), this);
    if (idleCheck != null) {
      idleCheck.cancel(false);
    }
    super.channelInactive(ctx);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    release();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (state == State.PASS || forwarded > 0) {
      ctx.fireExceptionCaught(cause);
    } else {
      ctx.close();
    }
  }

  /** Appends a read buffer to the pending bytes, taking ownership of it. */
  private void keep(ByteBuf in) {
    pending = LeanFraming.append(pending, in);
  }

  /**
   * At a request boundary: once the head is complete, serves the request here, forwards it to
   * Armeria (counted, so the connection can come back here), or hands the connection over.
   */
  private void nextRequest(ChannelHandlerContext ctx) {
    if (pending == null || !pending.isReadable()) {
      return;
    }
    int outcome = LeanFraming.parseHead(pending, headBytes, head);
    if (outcome == RequestHead.NEED_MORE) {
      return; // wait for the rest of the head
    }
    if (outcome == RequestHead.HAND_OVER) {
      handOver(ctx);
      return;
    }
    Routes.BodyBinding b = null;
    for (LeanPostPath.Entry e : path.entries()) {
      if (head.lineEquals(headBytes, e.requestLine())) {
        b = e.binding();
      }
    }
    long length = head.contentLength;
    if (b != null && head.lean && length >= 0 && length <= b.maxBodyBytes()
        && path.accepts(b) && armeriaOutstanding() == 0) {
      serve(ctx, b);
    } else if (Math.max(0, length) <= Integer.MAX_VALUE - head.headLength) {
      // Armeria answers it (a read endpoint, 413, 503, CORS, ...); the connection may come back
      // once Armeria has answered everything forwarded
      forwarded++;
      forwardMissing = head.headLength + (int) Math.max(0, length);
      state = State.FORWARD;
      forward(ctx);
    } else {
      handOver(ctx);
    }
  }

  private void serve(ChannelHandlerContext ctx, Routes.BodyBinding b) {
    pending.skipBytes(head.headLength);
    binding = b;
    bodyMissing = (int) head.contentLength;
    contentType = head.contentType;
    contentEncoding = head.contentEncoding;
    closeAfter = head.close;
    startNanos = System.nanoTime();
    path.started();
    state = State.BODY;
    if (pending.readableBytes() >= bodyMissing) {
      // the whole body came with the head (the usual case: the client writes both at once and
      // the socket's bytes arrive in one read): hand on a slice of the read buffer, no copy
      body = pending.readRetainedSlice(bodyMissing);
      bodySliced = true;
      bodyMissing = 0;
      dispatch(ctx);
      return;
    }
    bodySliced = false;
    if (spare != null) {
      body = spare.clear();
      spare = null;
      body.ensureWritable(bodyMissing);
    } else {
      body = ctx.alloc().directBuffer(bodyMissing);
    }
    int n = Math.min(bodyMissing, pending.readableBytes());
    body.writeBytes(pending, n);
    bodyMissing -= n;
    if (bodyMissing == 0) {
      dispatch(ctx);
    }
  }

  /** In state FORWARD: passes on what is pending of the forwarded request. */
  private void forward(ChannelHandlerContext ctx) {
    int n = Math.min(forwardMissing, pending == null ? 0 : pending.readableBytes());
    if (n > 0) {
      forwardMissing -= n;
      ctx.fireChannelRead(pending.readRetainedSlice(n));
      ctx.fireChannelReadComplete();
    }
    if (forwardMissing == 0) {
      state = State.HEAD;
      nextRequest(ctx);
    }
  }

  /** Requests forwarded to Armeria on this connection and not answered yet. */
  private long armeriaOutstanding() {
    return forwarded - answered.get();
  }

  /** Armeria has answered a request of this connection (any thread). */
  @Override
  public void armeriaAnswered() {
    answered.incrementAndGet();
  }

  /** The body is complete: runs the handler on the blocking executor. */
  private void dispatch(ChannelHandlerContext ctx) {
    state = State.BUSY;
    ByteBuf b = body;
    body = null;
    BodyHandler handler = binding.handler();
    String type = contentType;
    String encoding = contentEncoding;
    try {
      path.executor().execute(() -> run(ctx, handler, b, type, encoding));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      b.release(); // stopping
      respond(ctx, PlainResponse.text(503, Map.of(), "Service Unavailable"));
    }
  }

  private void run(ChannelHandlerContext ctx, BodyHandler handler, ByteBuf b, String type,
      String encoding) {
    PlainResponse r;
    try {
      r = handler.handle(b.nioBuffer(), type, encoding);
    } catch (RuntimeException | Error e) {
      r = PlainResponse.text(500, Map.of(), "Internal Server Error");
    }
    PlainResponse answer = r;
    try {
      ctx.executor().execute(() -> {
        recycle(ctx, b);
        respond(ctx, answer);
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      b.release();
      path.finished(); // the event loop is gone, and the connection with it
    }
  }

  /**
   * On the event loop: keeps a small body buffer for the next request; a slice of a read buffer
   * (a body that came in one read) is released, it cannot be written into.
   */
  private void recycle(ChannelHandlerContext ctx, ByteBuf b) {
    if (spare == null && !bodySliced && b.capacity() <= SPARE_MAX_BYTES
        && ctx.channel().isActive()) {
      spare = b;
    } else {
      b.release();
    }
  }

  private void respond(ChannelHandlerContext ctx, PlainResponse r) {
    path.finished();
    observe(r.status(), System.nanoTime() - startNanos);
    if (!ctx.channel().isActive()) {
      return;
    }
    boolean close = closeAfter || path.closing();
    lastActivityNanos = System.nanoTime();
    if (close) {
      ChannelFuture f = ctx.writeAndFlush(encode(ctx, r, true));
      state = State.BUSY; // whatever else arrives is dropped with the connection
      release();
      f.addListener(ChannelFutureListener.CLOSE);
      return;
    }
    // nobody waits for this write: a failed one fails the channel, which closes it
    ctx.writeAndFlush(encode(ctx, r, false), ctx.voidPromise());
    state = State.HEAD;
    if (!ctx.channel().config().isAutoRead()) {
      ctx.channel().config().setAutoRead(true);
    }
    nextRequest(ctx);
  }

  /**
   * Counts the request in the server's HTTP metrics, keeping the metric children of the last
   * binding and status code: a connection's requests are nearly always the same kind.
   */
  private void observe(int status, long nanos) {
    if (binding != observedBinding || status != observedStatus) {
      observedBinding = binding;
      observedStatus = status;
      observedRequests = path.metrics().requests(binding.path(), status);
      observedDuration = path.metrics().duration(binding.path());
    }
    observedRequests.inc();
    observedDuration.observe(nanos / 1e9);
  }

  /** Passes the pending bytes, from the start of a request on, and all later ones to Armeria. */
  private void handOver(ChannelHandlerContext ctx) {
    state = State.PASS;
    ByteBuf p = pending;
    pending = null;
    LeanFraming.handOver(ctx, p);
  }

  private ByteBuf encode(ChannelHandlerContext ctx, PlainResponse r, boolean close) {
    if (r.status() == 204 && r.headers().isEmpty() && !close) {
      return path.noContent();
    }
    String date = path.date();
    StringBuilder s = new StringBuilder(128).append("HTTP/1.1 ").append(r.status()).append(' ')
        .append(HttpResponseStatus.valueOf(r.status()).reasonPhrase()).append("\r\n")
        .append("date: ").append(date).append("\r\n");
    for (Map.Entry<String, String> e : r.headers().entrySet()) {
      s.append(e.getKey()).append(": ").append(e.getValue()).append("\r\n");
    }
    if (close) {
      s.append("connection: close\r\n");
    }
    byte[] text = r.text() == null ? null : r.text().getBytes(StandardCharsets.UTF_8);
    if (text != null) {
      s.append("content-type: text/plain; charset=utf-8\r\ncontent-length: ")
          .append(text.length).append("\r\n");
    } else if (r.status() != 204 && r.status() >= 200) {
      s.append("content-length: 0\r\n");
    }
    s.append("\r\n");
    ByteBuf out = ctx.alloc().buffer(s.length() + (text == null ? 0 : text.length));
    out.writeCharSequence(s, StandardCharsets.ISO_8859_1);
    if (text != null) {
      out.writeBytes(text);
    }
    return out;
  }

  private void scheduleIdleCheck(ChannelHandlerContext ctx, long delayNanos) {
    if (idleCheck == null || idleCheck.isDone()) {
      idleCheck = ctx.executor().schedule(() -> checkIdle(ctx), delayNanos, TimeUnit.NANOSECONDS);
    }
  }

  private void checkIdle(ChannelHandlerContext ctx) {
    if (!ctx.channel().isActive()) {
      return;
    }
    long limit = state == State.PASS ? path.passIdleNanos() : path.idleNanos();
    long idle = System.nanoTime() - lastActivityNanos;
    boolean busy = state == State.BUSY || (state != State.PASS && armeriaOutstanding() > 0);
    if (!busy && idle >= limit) {
      ctx.close();
      return;
    }
    idleCheck = ctx.executor().schedule(() -> checkIdle(ctx),
        busy ? limit : Math.max(limit - idle, 1), TimeUnit.NANOSECONDS);
  }

  private void release() {
    if (pending != null) {
      ReferenceCountUtil.safeRelease(pending);
      pending = null;
    }
    if (body != null) {
      ReferenceCountUtil.safeRelease(body);
      body = null;
    }
    if (spare != null) {
      ReferenceCountUtil.safeRelease(spare);
      spare = null;
    }
  }
}
