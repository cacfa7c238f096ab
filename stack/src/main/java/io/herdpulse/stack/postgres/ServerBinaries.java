package io.herdpulse.stack.postgres;

import io.herdpulse.stack.StackException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which installed PostgreSQL server runs the stack's cluster. A cluster runs only on a server of
 * the major version that made it: after a Debian upgrade installed a new major beside the old, the
 * newest refused the old cluster ("database files are incompatible with server"), {@code up} failed
 * and the supervisor tried again for ever, and nothing named the way out (found by review,
 * 2026-12-06).
 */
final class ServerBinaries {
    /** The file initdb writes first into a cluster: the major version that made it. */
    private static final String PG_VERSION = "PG_VERSION";

    /** Oldest first: 9.6 before 10, as PostgreSQL numbered them before and after 10. */
    private static final Comparator<String> BY_VERSION =
            Comparator.comparingInt(ServerBinaries::major).thenComparing(Comparator.naturalOrder());

    private ServerBinaries() {}

    /**
     * The server binaries under {@code root} (Debian's {@code /usr/lib/postgresql}, one {@code
     * N/bin} a major version) for the cluster in {@code dataDir}: those of its own version, or the
     * newest for a cluster not made yet.
     */
    static Path forCluster(Path root, Path dataDir) {
        Map<String, Path> installed = installed(root);
        if (installed.isEmpty()) {
            throw new StackException(
                    "PostgreSQL server binaries not found: apt-get install postgresql"
                            + " (or set HERDPULSE_PG_BINDIR)");
        }
        Path versionFile = dataDir.resolve(PG_VERSION);
        if (!Files.exists(versionFile)) {
            return List.copyOf(installed.values()).get(installed.size() - 1);
        }
        String cluster = clusterVersion(versionFile);
        Path own = installed.get(cluster);
        if (own != null) {
            return own;
        }
        throw new StackException(
                "PostgreSQL's cluster in "
                        + dataDir
                        + " is of version "
                        + cluster
                        + ", which none of the servers installed under "
                        + root
                        + " ("
                        + String.join(", ", installed.keySet())
                        + ") can run. Install postgresql-"
                        + cluster
                        + " again (up then runs it), or set HERDPULSE_PG_BINDIR to the bin"
                        + " directory of a version "
                        + cluster
                        + " server; to move the cluster to a newer version, use pg_upgrade (it"
                        + " needs the "
                        + cluster
                        + " binaries too); to start afresh, losing its data: bin/herdpulse down"
                        + " --purge");
    }

    /** Each installed major version's bin directory, oldest first. */
    private static Map<String, Path> installed(Path root) {
        try (Stream<Path> versions = Files.list(root)) {
            return versions.filter(version -> Files.isExecutable(version.resolve("bin/postgres")))
                    .map(version -> version.getFileName().toString())
                    .sorted(BY_VERSION)
                    .collect(
                            Collectors.toMap(
                                    version -> version,
                                    version -> root.resolve(version).resolve("bin"),
                                    (one, other) -> one,
                                    LinkedHashMap::new));
        } catch (IOException none) {
            return Map.of();
        }
    }

    private static String clusterVersion(Path versionFile) {
        try {
            return Files.readString(versionFile).strip();
        } catch (IOException e) {
            throw new StackException("cannot read " + versionFile + ": " + e, e);
        }
    }

    private static int major(String version) {
        try {
            return Integer.parseInt(version.split("\\.", 2)[0]);
        } catch (NumberFormatException unknown) {
            return 0;
        }
    }
}
