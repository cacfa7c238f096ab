package io.herdpulse.stack;

/**
 * What {@code status} says of a running component: whether it is healthy, and a note that says why
 * not, or what a user should know (restarts, TaskManagers registered).
 */
public record Health(boolean healthy, String note) {

    public static Health of(boolean healthy) {
        return new Health(healthy, "");
    }
}
