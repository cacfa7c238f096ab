package io.herdpulse.stack;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackHomeTest {
    private static final String ME = System.getProperty("user.name");

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
    void aHomeOfAnotherUserIsRefusedInOneLine(@TempDir Path dir) {
        StackHome home = new StackHome(dir);

        assertThatThrownBy(() -> home.requireOwn("somebody-else"))
                .isInstanceOf(StackException.class)
                .hasMessageStartingWith(dir + " belongs to " + ME + " and is rwx------")
                .hasMessageEndingWith(
                        "give HERDPULSE_HOME a directory somebody-else owns and no other user may"
                                + " write");
    }

    @Test
    void secretsAnyUserMayWriteAreRefused(@TempDir Path dir) throws Exception {
        StackHome home = new StackHome(dir);
        Files.createDirectories(home.secrets());
        Files.setPosixFilePermissions(home.secrets(), PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThatThrownBy(() -> home.requireOwn(ME))
                .isInstanceOf(StackException.class)
                .hasMessageStartingWith(home.secrets() + " belongs to " + ME + " and is rwxrwxrwx");
    }
}
