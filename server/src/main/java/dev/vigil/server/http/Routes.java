package dev.vigil.server.http;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Route;
import java.util.ArrayList;
import java.util.List;

/**
 * Every HTTP service of the main port, registered before the server starts: the read APIs here,
 * and the write endpoints (remote write, OTLP/HTTP, push gateway, ...) added by the wiring
 * class. Paths follow Armeria's syntax ({@code /api/v1/label/{name}/values}, prefixes via
 * {@link #addPrefix}). Not thread-safe: fill it, then hand it to {@link WebServer}.
 */
public final class Routes {
  /** One registered service. {@code requiresReady}: 503 until storage is ready. */
  public record Binding(Route route, HttpService service, boolean requiresReady) {}

  /**
   * One POST endpoint served from whole bodies, also on the lean HTTP/1.1 path of
   * {@link WebServer}; {@code maxBodyBytes}: larger bodies get 413.
   */
  public record BodyBinding(String path, BodyHandler handler, long maxBodyBytes,
      boolean requiresReady) {}

  /**
   * A GET endpoint at an exact path that the lean HTTP/1.1 path of {@link WebServer} may answer
   * itself; its Armeria service at the same path is registered separately and answers the rest.
   */
  public record GetBinding(String path, LeanGet endpoint, boolean requiresReady) {}

  private final List<Binding> bindings = new ArrayList<>();
  private final List<BodyBinding> bodyBindings = new ArrayList<>();
  private final List<GetBinding> getBindings = new ArrayList<>();

  /** Adds a service for the given methods at an exact path (with {name} parameters). */
  public Routes add(String path, HttpService service, boolean requiresReady,
      HttpMethod... methods) {
    bindings.add(new Binding(Route.builder().path(path).methods(methods).build(), service,
        requiresReady));
    return this;
  }

  /** Adds a service for every path under {@code prefix} (e.g. {@code /metrics/job/}). */
  public Routes addPrefix(String prefix, HttpService service, boolean requiresReady,
      HttpMethod... methods) {
    bindings.add(new Binding(Route.builder().pathPrefix(prefix).methods(methods).build(), service,
        requiresReady));
    return this;
  }

  /** A GET (and HEAD) endpoint. */
  public Routes get(String path, HttpService service, boolean requiresReady) {
    return add(path, service, requiresReady, HttpMethod.GET, HttpMethod.HEAD);
  }

  /** A GET and POST (form body) endpoint. */
  public Routes getPost(String path, HttpService service, boolean requiresReady) {
    return add(path, service, requiresReady, HttpMethod.GET, HttpMethod.POST);
  }

  /**
   * A POST endpoint at an exact path (no parameters) that takes the whole body at once; served by
   * Armeria and by the lean HTTP/1.1 path with the same answers.
   */
  public Routes post(String path, BodyHandler handler, long maxBodyBytes, boolean requiresReady) {
    if (!path.startsWith("/") || path.indexOf('{') >= 0 || path.indexOf(' ') >= 0) {
      throw new IllegalArgumentException("body endpoint needs an exact path, got " + path);
    }
    add(path, new BodyService(handler, maxBodyBytes), requiresReady, HttpMethod.POST);
    bodyBindings.add(new BodyBinding(path, handler, maxBodyBytes, requiresReady));
    return this;
  }

  /**
   * Lets the lean HTTP/1.1 path answer plain GETs of an exact path (no parameters) through
   * {@code endpoint}; a service for the path must be added too, for every other request.
   */
  public Routes leanGet(String path, LeanGet endpoint, boolean requiresReady) {
    if (!path.startsWith("/") || path.indexOf('{') >= 0 || path.indexOf(' ') >= 0
        || path.indexOf('?') >= 0) {
      throw new IllegalArgumentException("lean GET endpoint needs an exact path, got " + path);
    }
    getBindings.add(new GetBinding(path, endpoint, requiresReady));
    return this;
  }

  public List<GetBinding> getBindings() {
    return List.copyOf(getBindings);
  }

  public List<BodyBinding> bodyBindings() {
    return List.copyOf(bodyBindings);
  }

  public List<Binding> bindings() {
    return List.copyOf(bindings);
  }
}
