package io.herdpulse.stack.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * When a process started in clock ticks since boot, as Linux keeps it ({@code /proc/PID/stat},
 * field 22). Unlike the start instant Java derives from it and the kernel's boot time, which the
 * kernel recomputes from the wall clock, it never moves: on the development machine a clock
 * adjustment of more than 2 s between {@code up} and {@code down} made every process of the stack
 * look like a stranger, and {@code down} left them all running.
 */
public final class BootTicks {
    private BootTicks() {}

    /** The process' start in ticks since boot; empty where there is no {@code /proc}. */
    public static Optional<Long> of(long pid) {
        try {
            return parse(
                    Files.readString(
                            Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /**
     * The start field of a {@code stat} line. The command name (field 2) is in parentheses and may
     * itself hold spaces and parentheses, so fields are counted from the last ')': the state is
     * field 3, the start field 22.
     */
    static Optional<Long> parse(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return fields.length > 19 ? Optional.of(Long.parseLong(fields[19])) : Optional.empty();
    }
}
