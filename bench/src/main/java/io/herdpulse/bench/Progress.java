package io.herdpulse.bench;

import java.io.PrintStream;
import java.util.Locale;

/** One line on the terminal per step, with the time since the benchmark started. */
public final class Progress {
    private final PrintStream out;
    private final long started = System.nanoTime();

    public Progress(PrintStream out) {
        this.out = out;
    }

    public void step(String format, Object... arguments) {
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf(
                Locale.ROOT,
                "[%6.1f s] %s%n",
                seconds,
                String.format(Locale.ROOT, format, arguments));
        out.flush();
    }

    public PrintStream out() {
        return out;
    }
}
