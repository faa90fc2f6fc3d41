package dev.vigil.server.http;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether the server serves data yet (storage open and its WAL replayed). Until then
 * {@code /-/ready} and every data endpoint answer 503 {@code Service Unavailable}, as Prometheus
 * does; liveness ({@code /-/healthy}) and {@code /metrics} always answer. Thread-safe.
 */
public final class Readiness {
  private final AtomicBoolean ready = new AtomicBoolean();

  public boolean isReady() {
    return ready.get();
  }

  public void setReady(boolean value) {
    ready.set(value);
  }

  /**
   * Wraps a service so it answers 503 until ready; the wrapper keeps the service's exchange type
   * (e.g. unary answers).
   */
  public HttpService guard(HttpService service) {
    return service.decorate((delegate, ctx, req) -> isReady() ? delegate.serve(ctx, req)
        : unavailable());
  }

  static HttpResponse unavailable() {
    return HttpResponse.of(HttpStatus.SERVICE_UNAVAILABLE, MediaType.PLAIN_TEXT_UTF_8,
        "Service Unavailable");
  }
}
