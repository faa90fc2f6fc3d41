package dev.vigil.server.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * A GET (and form POST) endpoint that {@link LeanGetHandler} may serve itself, besides the
 * Armeria service registered at the same path (which serves everything the lean path leaves to
 * it: other bodies, CORS, codings other than gzip, unusual requests). Both must give the same
 * answers.
 */
@FunctionalInterface
public interface LeanGet {
  /**
   * Answers one request from its parameters (a form body's, then the URL's; decoded, in order), on a blocking-task
   * thread. Must call {@link Exchange#fail} or {@link Exchange#success} (then write the body)
   * exactly once; should not throw (an exception before the answer began is a plain 500, after
   * it the connection is closed, cutting the answer short).
   */
  void serve(Map<String, List<String>> params, Exchange exchange) throws IOException;

  /** One request's answer, written by the thread that serves it. */
  interface Exchange {
    /** Runs {@code r} when the client goes away before the answer is complete. */
    void onCancel(Runnable r);

    /** Answers {@code status} with a whole JSON body (an error). */
    void fail(int status, byte[] json);

    /**
     * Starts a 200 JSON answer; its body is what is written to the stream (large bodies are
     * streamed, each chunk waiting until the client takes it).
     */
    OutputStream success();
  }
}
