package io.herdpulse.stack.process;

import java.util.ArrayList;
import java.util.List;

/**
 * A command the kernel kills when the process that started it dies ({@code setpriv --pdeathsig}),
 * however it dies: for a helper such as the Flink client that must not act on after its caller,
 * which a {@code kill -9} gives no chance to stop it.
 *
 * <p>The signal follows the starting thread, not only its process: start it from a thread that
 * outlives it (one that waits for it).
 */
public final class DiesWithParent {
    private DiesWithParent() {}

    public static List<String> command(List<String> command) {
        return command("KILL", command);
    }

    /** The command sent {@code signal} (a name such as TERM) when its starter dies. */
    public static List<String> command(String signal, List<String> command) {
        List<String> prefixed = new ArrayList<>(List.of("setpriv", "--pdeathsig", signal));
        prefixed.addAll(command);
        return prefixed;
    }
}
