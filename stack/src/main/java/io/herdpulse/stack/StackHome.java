package io.herdpulse.stack;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/**
 * The one directory holding the local stack's data, configuration, logs, pid files and generated
 * secrets: {@code $HERDPULSE_HOME}, or {@code .herdpulse/} in the checkout.
 */
public record StackHome(Path root) {

    public static StackHome of(Distribution distribution) {
        String configured = System.getenv("HERDPULSE_HOME");
        Path root =
                configured != null && !configured.isBlank()
                        ? Path.of(configured)
                        : distribution.root().resolve(".herdpulse");
        StackHome home = new StackHome(root.toAbsolutePath().normalize());
        home.requireOwn(new UnixSystem().getUid());
        return home;
    }

    /**
     * Refuses a home, or its secrets and pid files, that another user made or may write: its
     * password files would be theirs (the database superuser's among them), and a pid file they
     * planted would have {@code down} kill a process of their choosing (found by review,
     * 2026-12-06: the docs tell root to use {@code /var/tmp/herdpulse}, which any user can create
     * first). A home not made yet is made by this user.
     */
    void requireOwn(long uid) {
        for (Path dir : List.of(root, secrets(), root.resolve("run"))) {
            try {
                if (!Files.exists(dir)) {
                    continue;
                }
                // A link is judged by where it leads: the directory the stack writes in.
                Path real = dir.toRealPath();
                int owner = (Integer) Files.getAttribute(real, "unix:uid");
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(real);
                if (owner != uid || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
                    throw new StackException(
                            String.format(
                                    "%s belongs to uid %d and is %s: another user could plant the"
                                            + " stack's passwords or pid files there; give"
                                            + " HERDPULSE_HOME a directory uid %d owns and no"
                                            + " other user may write",
                                    real, owner, PosixFilePermissions.toString(permissions), uid));
                }
            } catch (UnsupportedOperationException | IllegalArgumentException notPosix) {
                return;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public Path data(String component) {
        return create(root.resolve("data").resolve(component));
    }

    public Path conf(String component) {
        return create(root.resolve("conf").resolve(component));
    }

    public Path log(String component) {
        return create(root.resolve("logs")).resolve(component + ".log");
    }

    public Path pidFile(String component) {
        return create(root.resolve("run")).resolve(component + ".pid");
    }

    public Path secrets() {
        return root.resolve("secrets");
    }

    private static Path create(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
