package io.herdpulse.job.sink;

import java.io.Serializable;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * How the rows of one table are written: an {@code INSERT … ON CONFLICT (primary key) DO UPDATE}
 * statement, its parameters, and how two versions of the same row within one checkpoint combine.
 */
public interface Upsert<T> extends Serializable {

    String sql();

    void bind(PreparedStatement statement, T row) throws SQLException;

    /** The row's primary key as one string. */
    String key(T row);

    /**
     * The row to write when {@code newer} arrives before {@code older} was written; what the
     * statement's {@code DO UPDATE} would leave after writing both in order.
     */
    default T combine(T older, T newer) {
        return newer;
    }
}
