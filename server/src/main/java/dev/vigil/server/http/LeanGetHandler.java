package dev.vigil.server.http;

import com.linecorp.armeria.common.HttpStatus;
import dev.vigil.server.selfmetrics.Counter;
import dev.vigil.server.selfmetrics.Histogram;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One connection's lean GET path, in the channel pipeline right after {@link LeanPostHandler}
 * (which passes it every request it does not serve, one whole request at a time) and before
 * Armeria's handlers. A plain {@code GET} of a {@link LeanGetPath} endpoint (HTTP/1.1, no body,
 * no {@code Origin}, a query string decoded the same by every parser), or a form {@code POST} of
 * one (what Grafana's Prometheus data source sends: {@code application/x-www-form-urlencoded},
 * a body of at most {@value #MAX_FORM_BYTES} bytes, its parameters first, then the URL's, as
 * {@link FormParams} merges them), is served here: parameters decoded, the endpoint run on the
 * blocking executor, the answer written in one buffer (or chunked, see {@link LeanGetAnswer}),
 * gzip-coded when {@code Accept-Encoding} picks gzip (other codings, q-values: Armeria's). Every other request is passed on
 * to Armeria, and while Armeria has requests of this connection to answer, so are the next ones:
 * answers keep the requests' order. At anything it cannot frame (see {@link RequestHead}) it
 * leaves the rest of the connection to Armeria.
 *
 * <p>Idle connections are closed by the lean POST path in front (Armeria's idle timeout is off),
 * which counts the requests served here among those it forwarded until this handler reports them
 * answered.
 *
 * <p>Threading: every method runs on the channel's event loop except the endpoint call and the
 * writing of its answer ({@link LeanGetAnswer}), which hands the end of the request back to the
 * event loop.
 */
final class LeanGetHandler extends ChannelDuplexHandler
    implements LeanPath.Connection {
  /** Bytes of later requests held while one is answered, before reading stops. */
  private static final int MAX_PIPELINED_BYTES = 1 << 20;
  /** The largest form body served here; Grafana's queries are a few hundred bytes. */
  static final int MAX_FORM_BYTES = 64 * 1024;
  private static final String FORM_TYPE = "application/x-www-form-urlencoded";
  /** {@code " HTTP/1.1\r\n"}: what ends a request line. */
  private static final int LINE_TAIL = 11;

  /**
   * HEAD: at a request boundary; BUSY: a lean request is answered; FORWARD: passing a request on
   * to Armeria; PASS: the connection is Armeria's for good.
   */
  private enum State { HEAD, BUSY, FORWARD, PASS }

  private final LeanGetPath path;
  private final RequestHead head = new RequestHead();
  private final byte[] headBytes = new byte[LeanFraming.MAX_HEAD_BYTES];
  private State state = State.HEAD;
  private ByteBuf pending;
  private int forwardMissing;
  private long forwarded;
  private final AtomicLong answered = new AtomicLong();
  private LeanGetAnswer current;
  /** The body buffer of the last answer, for the next one (one request at a time). */
  byte[] spare;
  /**
   * The deflater of the last gzip-coded answer, for the next one. Atomic because an answer still
   * running after its connection dropped may take it while the event loop ends it.
   */
  final AtomicReference<LeanGetGzip> spareGzip = new AtomicReference<>();
  /** The lean POST path's handler of this connection, once an answer looked it up. */
  private LeanPath.Connection front;
  private Routes.GetBinding observedBinding;
  private int observedStatus;
  private Counter.Child observedRequests;
  private Histogram.Child observedDuration;

  LeanGetHandler(LeanGetPath path) {
    this.path = path;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    path.register(ctx.channel().remoteAddress(), this);
    super.channelActive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (state == State.PASS || !(msg instanceof ByteBuf in)) {
      ctx.fireChannelRead(msg);
      return;
    }
    keep(in);
    switch (state) {
      case BUSY -> {
        if (pending != null && pending.readableBytes() > MAX_PIPELINED_BYTES) {
          ctx.channel().config().setAutoRead(false);
        }
      }
      case FORWARD -> forward(ctx);
      default -> nextRequest(ctx);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    // forwarded requests got theirs in forward()
    if (state == State.PASS) {
      ctx.fireChannelReadComplete();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    LeanGetAnswer a = current;
    if (a != null) {
      a.cancel();
    }
    release();
    path.unregister(ctx.channel().remoteAddress(), this);
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

  private void keep(ByteBuf in) {
    pending = LeanFraming.append(pending, in);
  }

  /** At a request boundary: serves the request here, forwards it, or hands the connection over. */
  private void nextRequest(ChannelHandlerContext ctx) {
    if (pending == null || !pending.isReadable()) {
      return;
    }
    int readable = pending.readableBytes();
    int outcome = LeanFraming.parseHead(pending, headBytes, head);
    if (outcome == RequestHead.NEED_MORE) {
      return; // wait for the rest of the head
    }
    if (outcome == RequestHead.HAND_OVER) {
      handOver(ctx);
      return;
    }
    long length = head.contentLength;
    boolean post = headBytes[0] == 'P';
    if (head.lean && head.acceptCoding != RequestHead.OTHER && armeriaOutstanding() == 0
        && (post ? isForm(length) : length <= 0)) {
      if (post && readable < head.headLength + length) {
        return; // the rest of the form body is on its way
      }
      for (LeanGetPath.Entry e : path.entries()) {
        Map<String, List<String>> params = post ? formParams(e, (int) length) : params(e, false);
        if (params != null) {
          if (path.accepts(e.binding())) {
            serve(ctx, e.binding(), params);
            return;
          }
          break;
        }
      }
    }
    if (Math.max(0, length) <= Integer.MAX_VALUE - head.headLength) {
      forwarded++;
      forwardMissing = head.headLength + (int) Math.max(0, length);
      state = State.FORWARD;
      forward(ctx);
    } else {
      handOver(ctx);
    }
  }

  /** Whether a POST's body is a form the lean path takes (plain, with its length given). */
  private boolean isForm(long length) {
    return length >= 0 && length <= MAX_FORM_BYTES && head.contentEncoding == null
        && FORM_TYPE.equalsIgnoreCase(head.contentType);
  }

  /**
   * A form POST's parameters when its line selects {@code e} and both its body and its query
   * string decode plainly, or null: the body's first, then the URL's, each name's values in order.
   */
  private Map<String, List<String>> formParams(LeanGetPath.Entry e, int length) {
    if (e.postBare() == null) {
      return null;
    }
    Map<String, List<String>> url = params(e, true);
    if (url == null) {
      return null;
    }
    byte[] body = new byte[length];
    pending.getBytes(pending.readerIndex() + head.headLength, body);
    Map<String, List<String>> form = QueryString.parse(body, 0, length);
    if (form == null) {
      return null;
    }
    url.forEach((name, values) -> form.computeIfAbsent(name, k -> new ArrayList<>(1))
        .addAll(values));
    return form;
  }

  /** The request's parameters when its line selects {@code e} and they decode plainly, or null. */
  private Map<String, List<String>> params(LeanGetPath.Entry e, boolean post) {
    if (head.lineEquals(headBytes, post ? e.postBare() : e.bare())) {
      return post ? new java.util.LinkedHashMap<>() : Map.of();
    }
    byte[] start = post ? e.postWithQuery() : e.withQuery();
    int end = head.lineLength - LINE_TAIL;
    if (end < start.length) {
      return null;
    }
    for (int i = 0; i < start.length; i++) {
      if (headBytes[i] != start[i]) {
        return null;
      }
    }
    return QueryString.parse(headBytes, start.length, end);
  }

  private void serve(ChannelHandlerContext ctx, Routes.GetBinding b,
      Map<String, List<String>> params) {
    pending.skipBytes(head.headLength + (int) Math.max(0, head.contentLength));
    state = State.BUSY;
    path.started();
    LeanGetAnswer a = new LeanGetAnswer(this, ctx, b, head.close,
        head.acceptCoding == RequestHead.GZIP, System.nanoTime());
    current = a;
    try {
      path.executor().execute(() -> a.run(params));
    } catch (RejectedExecutionException e) {
      a.unavailable(); // stopping
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

  private long armeriaOutstanding() {
    return forwarded - answered.get();
  }

  /** Armeria has answered a request of this connection (any thread). */
  @Override
  public void armeriaAnswered() {
    answered.incrementAndGet();
  }

  /**
   * On the event loop, once the answer of the lean request is written (or failed): counts it and
   * goes on with the connection's next request; {@code close}: the answer said it closes the
   * connection (or it failed midway), after {@code written}.
   */
  void answered(ChannelHandlerContext ctx, LeanGetAnswer a, int status, ChannelFuture written,
      boolean close) {
    current = null;
    path.finished();
    observe(a.binding(), status, System.nanoTime() - a.startNanos());
    // the lean POST path in front counted this request among those it forwarded; its handler
    // of this connection is looked up once, not by hashing the client's address per request
    LeanPath.Connection f = front;
    if (f == null) {
      f = path.front().connection(ctx.channel().remoteAddress());
      front = f;
    }
    if (f != null) {
      f.armeriaAnswered();
    }
    if (!ctx.channel().isActive()) {
      return;
    }
    if (close) {
      state = State.BUSY; // whatever else arrives is dropped with the connection
      release();
      if (written != null) {
        written.addListener(ChannelFutureListener.CLOSE);
      } else {
        ctx.close();
      }
      return;
    }
    state = State.HEAD;
    if (!ctx.channel().config().isAutoRead()) {
      ctx.channel().config().setAutoRead(true);
    }
    nextRequest(ctx);
  }

  /** The event loop refused the end of a request: it is gone, and the connection with it. */
  void lost() {
    path.finished();
  }

  /** Whether the answer must close the connection (asked by the client, or stopping). */
  boolean closing(boolean asked) {
    return asked || path.closing();
  }

  String date() {
    return path.front().date();
  }

  private void observe(Routes.GetBinding binding, int status, long nanos) {
    if (binding != observedBinding || status != observedStatus) {
      observedBinding = binding;
      observedStatus = status;
      observedRequests = path.metrics().requests(binding.path(), status);
      observedDuration = path.metrics().duration(binding.path());
    }
    observedRequests.inc();
    observedDuration.observe(nanos / 1e9);
  }

  static String reason(int status) {
    return HttpStatus.valueOf(status).reasonPhrase();
  }

  private void handOver(ChannelHandlerContext ctx) {
    state = State.PASS;
    ByteBuf p = pending;
    pending = null;
    LeanFraming.handOver(ctx, p);
  }

  private void release() {
    if (pending != null) {
      ReferenceCountUtil.safeRelease(pending);
      pending = null;
    }
    // the deflater's native state (~270 KB at level 1) goes with the connection, not whenever
    // a collection finds the handler unreachable; an answer still running when the connection
    // drops makes its own and leaves that one to the deflater's cleaner
    LeanGetGzip z = spareGzip.getAndSet(null);
    if (z != null) {
      z.end();
    }
  }
}
