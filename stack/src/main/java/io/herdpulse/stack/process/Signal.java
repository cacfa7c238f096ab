package io.herdpulse.stack.process;

import io.herdpulse.stack.StackException;
import java.io.IOException;

/**
 * The graceful stop signal a program expects (PostgreSQL: SIGINT is "fast shutdown"; SIGTERM would
 * wait).
 */
public enum Signal {
    TERM,
    INT;

    static void send(Signal signal, long pid) {
        try {
            int exit =
                    new ProcessBuilder("kill", "-" + signal.name(), Long.toString(pid))
                            .inheritIO()
                            .start()
                            .waitFor();
            if (exit != 0) {
                throw new StackException("kill -" + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new StackException("cannot signal " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while signalling " + pid, e);
        }
    }
}
