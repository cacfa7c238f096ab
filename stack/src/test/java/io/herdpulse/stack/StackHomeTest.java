package io.herdpulse.stack;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.security.auth.module.UnixSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackHomeTest {
    private static final long ME = new UnixSystem().getUid();

    @Test
    void aHomeOfOursThatNoOtherUserMayWriteIsTaken(@TempDir Path dir) throws Exception {
        StackHome home = new StackHome(dir.resolve("home"));
        home.requireOwn(ME); // not made yet
        Files.createDirectories(home.secrets());
        home.pidFile("kafka");
        home.requireOwn(ME);
    }

    /**
     * A home another user made first (the docs name /var/tmp/herdpulse for root) would hand them
     * the stack's passwords and what down kills.
     */
    @Test
    void aHomeOfAnotherUserIsRefusedInOneLine(@TempDir Path dir) throws Exception {
        StackHome home = new StackHome(dir);

        assertThatThrownBy(() -> home.requireOwn(ME + 1))
                .isInstanceOf(StackException.class)
                .hasMessageStartingWith(
                        dir.toRealPath() + " belongs to uid " + ME + " and is rwx------")
                .hasMessageEndingWith(
                        "give HERDPULSE_HOME a directory uid "
                                + (ME + 1)
                                + " owns and no other user may write");
    }

    /** A home that is a link is judged by the directory it leads to. */
    @Test
    void aLinkToAHomeAnyUserMayWriteIsRefused(@TempDir Path dir) throws Exception {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        StackHome home = new StackHome(Files.createSymbolicLink(dir.resolve("home"), shared));

        assertThatThrownBy(() -> home.requireOwn(ME))
                .isInstanceOf(StackException.class)
                .hasMessageStartingWith(shared.toRealPath() + " belongs to uid " + ME);
    }

    @Test
    void secretsAnyUserMayWriteAreRefused(@TempDir Path dir) throws Exception {
        StackHome home = new StackHome(dir);
        Files.createDirectories(home.secrets());
        Files.setPosixFilePermissions(home.secrets(), PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThatThrownBy(() -> home.requireOwn(ME))
                .isInstanceOf(StackException.class)
                .hasMessageStartingWith(
                        home.secrets().toRealPath()
                                + " belongs to uid "
                                + ME
                                + " and is rwxrwxrwx");
    }
}
