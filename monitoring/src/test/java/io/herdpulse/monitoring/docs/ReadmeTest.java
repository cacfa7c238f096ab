package io.herdpulse.monitoring.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.monitoring.RepositoryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README stays what a newcomer reads in five minutes, and CI runs the test command it gives.
 */
class ReadmeTest {
    /** Issue 15: the depth lives in docs/. */
    private static final int MAX_LINES = 250;

    private final List<String> readme = lines("README.md");

    @Test
    void theReadmeFitsItsBudget() {
        assertThat(readme).hasSizeLessThanOrEqualTo(MAX_LINES);
    }

    @Test
    void ciRunsTheReadmesTestCommandVerbatim() {
        List<String> testCommands =
                readme.stream()
                        .filter(line -> line.startsWith("mvn -B verify"))
                        .distinct()
                        .toList();
        assertThat(testCommands).hasSize(1);
        assertThat(lines(".ci/run")).contains(testCommands.get(0));
    }

    private static List<String> lines(String file) {
        try {
            return Files.readAllLines(RepositoryFiles.root().resolve(file));
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }
}
