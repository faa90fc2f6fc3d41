package dev.vigil.alerting.notify;

import dev.vigil.alerting.config.HttpClientConfig;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * HTTP clients for notifiers, honouring an integration's {@code http_config}: redirects (followed
 * by default, as Go's client does), a proxy, and {@code tls_config.insecure_skip_verify}.
 * Integrations with the default settings share the given base client. Stateless.
 */
public final class HttpClients {
  private HttpClients() {}

  public static HttpClient forConfig(HttpClientConfig c, HttpClient base) {
    boolean isDefault = c.followRedirects() && c.proxyUrl() == null && !c.insecureSkipVerify();
    if (isDefault) {
      return base;
    }
    HttpClient.Builder b = HttpClient.newBuilder()
        .connectTimeout(base.connectTimeout().orElse(Duration.ofSeconds(10)))
        .followRedirects(c.followRedirects() ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER);
    if (c.proxyUrl() != null) {
      URI p = URI.create(c.proxyUrl());
      int port = p.getPort() > 0 ? p.getPort() : ("https".equals(p.getScheme()) ? 443 : 80);
      b.proxy(ProxySelector.of(new InetSocketAddress(p.getHost(), port)));
    }
    if (c.insecureSkipVerify()) {
      try {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
        b.sslContext(ctx);
        SSLParameters params = new SSLParameters();
        params.setEndpointIdentificationAlgorithm(null); // no host name check either
        b.sslParameters(params);
      } catch (java.security.GeneralSecurityException e) {
        throw new IllegalStateException("cannot create a TLS context: " + e.getMessage(), e);
      }
    }
    return b.build();
  }

  /** Accepts any certificate: what insecure_skip_verify asks for. */
  private static final class TrustAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
