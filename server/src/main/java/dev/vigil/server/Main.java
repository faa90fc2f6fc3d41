package dev.vigil.server;

import dev.vigil.server.cli.VigilCommand;
import dev.vigil.server.lifecycle.CarrierThreads;
import dev.vigil.server.storage.TsdbStore;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The jar's entry point: {@code java -jar vigil-server.jar server ...}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    CarrierThreads.size(); // before any virtual thread starts
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    // One store per run, opened by the server's start; the wiring reads its statistics.
    TsdbStore store = new TsdbStore();
    int code = VigilCommand.run(args, store, server -> ServerWiring.wire(server, store), out,
        err);
    out.flush();
    err.flush();
    System.exit(code);
  }
}
