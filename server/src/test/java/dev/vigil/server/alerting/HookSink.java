package dev.vigil.server.alerting;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A webhook receiver on 127.0.0.1 (random port) at {@code /hook} that answers 200 and keeps every
 * body it is sent, in arrival order. Thread-safe: the list is read while the server adds to it.
 */
final class HookSink implements AutoCloseable {
  private final HttpServer server;
  private final List<String> received = new CopyOnWriteArrayList<>();

  private HookSink(HttpServer server) {
    this.server = server;
  }

  static HookSink start() throws IOException {
    HookSink sink = new HookSink(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
    sink.server.createContext("/hook", ex -> {
      sink.received.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    sink.server.start();
    return sink;
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** The live list of bodies received so far. */
  List<String> received() {
    return received;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
