package dev.vigil.model;

/** A sample, exemplar or series refused by a store; the rest of the transaction stays usable. */
public final class AppendException extends RuntimeException {
  public enum Reason {
    OUT_OF_ORDER("out of order sample"),
    DUPLICATE_TIMESTAMP("duplicate sample for timestamp"),
    OUT_OF_BOUNDS("out of bounds"),
    TOO_OLD("too old sample"),
    INVALID_LABELS("invalid labels"),
    EXEMPLAR_OUT_OF_ORDER("out of order exemplar"),
    EXEMPLAR_INVALID("invalid exemplar"),
    LIMIT("limit exceeded"),
    UNSUPPORTED("unsupported sample type");

    private final String text;

    Reason(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  private final Reason reason;

  public AppendException(Reason reason, String detail) {
    super(detail == null || detail.isEmpty() ? reason.text() : reason.text() + ": " + detail);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
