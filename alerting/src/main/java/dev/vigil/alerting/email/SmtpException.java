package dev.vigil.alerting.email;

/** An SMTP reply other than the expected one; the message is Go's "535 authentication failed". */
final class SmtpException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int code;

  SmtpException(int code, String message) {
    super(code == 0 ? message : String.format("%03d %s", code, message));
    this.code = code;
  }

  int code() {
    return code;
  }
}
