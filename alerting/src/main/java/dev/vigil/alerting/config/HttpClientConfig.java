package dev.vigil.alerting.config;

/**
 * The parts of Prometheus's {@code http_config} that Vigil's notifiers honour: basic auth, an
 * {@code Authorization} header (type + credentials, or the older {@code bearer_token}), skipping
 * TLS verification, redirects and a proxy. Other keys are accepted and ignored.
 */
public record HttpClientConfig(
    String basicAuthUsername,
    String basicAuthPassword,
    String authorizationType,
    String authorizationCredentials,
    boolean insecureSkipVerify,
    boolean followRedirects,
    String proxyUrl) {

  public static final HttpClientConfig DEFAULT =
      new HttpClientConfig(null, null, null, null, false, true, null);

  /** The value of the Authorization header to send, or null for none. */
  public String authorizationHeader() {
    if (basicAuthUsername != null) {
      String pair = basicAuthUsername + ":" + (basicAuthPassword == null ? "" : basicAuthPassword);
      return "Basic " + java.util.Base64.getEncoder()
          .encodeToString(pair.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    if (authorizationCredentials != null) {
      return (authorizationType == null ? "Bearer" : authorizationType) + " " + authorizationCredentials;
    }
    return null;
  }
}
