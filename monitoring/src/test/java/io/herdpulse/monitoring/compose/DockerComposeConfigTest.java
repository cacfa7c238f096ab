package io.herdpulse.monitoring.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.herdpulse.monitoring.ExternalCommand;
import io.herdpulse.monitoring.RepositoryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `docker-compose config` validates the file as Compose itself reads it. Debian's docker-compose v1
 * does so without a Docker engine; where it is not installed (CI installs it) these tests are
 * skipped.
 */
class DockerComposeConfigTest {
    private static Path dockerCompose;

    @BeforeAll
    static void findDockerCompose() {
        dockerCompose = ExternalCommand.find("docker-compose").orElse(null);
        assumeTrue(
                dockerCompose != null,
                "docker-compose is not installed (Debian: apt-get install docker-compose)");
    }

    @Test
    void theFileIsValidOnceEveryPasswordOfEnvExampleIsSet(@TempDir Path scratch)
            throws IOException {
        Path env = scratch.resolve("set.env");
        Files.write(
                env,
                Files.readAllLines(RepositoryFiles.root().resolve(".env.example")).stream()
                        .map(line -> line.matches("^[A-Z_]*PASSWORD=$") ? line + "secret" : line)
                        .toList());
        ExternalCommand.Result result = config(env);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("127.0.0.1:9092").contains("flink:2.2.1-java17");
    }

    @Test
    void itRefusesToStartWithTheEnvExampleAsShipped() {
        ExternalCommand.Result result = config(RepositoryFiles.root().resolve(".env.example"));
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("set POSTGRES_PASSWORD in .env");
    }

    private static ExternalCommand.Result config(Path envFile) {
        Map<String, String> environment = new HashMap<>();
        // Debian's docker-compose needs Debian's python3 (a pyenv python first on PATH lacks
        // `distro`).
        environment.put("PATH", "/usr/bin:/bin:" + System.getenv().getOrDefault("PATH", ""));
        try {
            for (String key : ComposeFileTest.envExampleKeys(true)) {
                environment.put(key, ""); // unset: the env file alone must decide
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        List<String> command =
                new ArrayList<>(
                        List.of(
                                dockerCompose.toString(),
                                "--env-file",
                                envFile.toString(),
                                "--file",
                                ComposeFile.FILE.toString(),
                                "--project-directory",
                                RepositoryFiles.root().toString(),
                                "config"));
        return ExternalCommand.run(RepositoryFiles.root(), environment, command);
    }
}
