package io.herdpulse.stack.process;

import java.util.ArrayList;
import java.util.List;

/**
 * A command kept running by a small shell around it: the watcher of the stack's processes, which
 * nothing else watches. When the command exits, the keeper starts it again after 1 s, waiting twice
 * as long each time up to a minute while it keeps exiting within a minute of its start, and tells
 * it how many times it did so ({@link #RESTARTS}). SIGTERM to the keeper stops the command with
 * SIGTERM and then the keeper.
 *
 * <p>Nothing of a command outlives it or its keeper:
 *
 * <ul>
 *   <li>the kernel kills the command when the keeper dies ({@code setpriv --pdeathsig}), so a
 *       keeper killed with {@code kill -9} leaves no second copy behind that would hold the
 *       command's port or act beside the next one;
 *   <li>the command runs in a process group of its own ({@code setsid}, which keeps its pid), and
 *       whatever is left in that group when it exits is killed before it starts again: a {@code
 *       flink run} the supervisor was waiting for would otherwise submit a job its successor knows
 *       nothing of, and the successor a second one. What it starts on purpose to outlive it (the
 *       stack's processes) runs in sessions of its own.
 * </ul>
 *
 * <p>The trap names the command by {@code $!}, which is set the moment it is started, never a
 * variable assigned after it. The command gets the default SIGINT and SIGQUIT back ({@code env
 * --default-signal}): a shell without job control starts it with both ignored, and everything it
 * started would inherit that.
 */
public final class Keeper {
    /** The environment variable that tells the command how many times it was started again. */
    public static final String RESTARTS = "HERDPULSE_RESTARTS";

    private static final String SCRIPT =
            """
            trap 'kill -TERM "$!" 2>/dev/null; wait "$!"; kill -KILL "-$!" 2>/dev/null; exit 0' TERM INT
            restarts=0
            delay=1
            while :; do
              started=$(date +%s)
              HERDPULSE_RESTARTS=$restarts setsid env --default-signal=INT,QUIT \
                setpriv --pdeathsig KILL "$@" &
              wait "$!"
              code=$?
              kill -KILL "-$!" 2>/dev/null
              if [ $(( $(date +%s) - started )) -ge 60 ]; then delay=1; fi
              echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) $0 exited ($code); starting it again in $delay s"
              sleep "$delay" &
              wait "$!"
              restarts=$((restarts + 1))
              delay=$((delay * 2 > 60 ? 60 : delay * 2))
            done
            """;

    private Keeper() {}

    /**
     * The command line of a keeper, named {@code name} in its log lines, around {@code command}.
     */
    public static List<String> around(String name, List<String> command) {
        List<String> kept = new ArrayList<>(List.of("sh", "-c", SCRIPT, name));
        kept.addAll(command);
        return kept;
    }
}
