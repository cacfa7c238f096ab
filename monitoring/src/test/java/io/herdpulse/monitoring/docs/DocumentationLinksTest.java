package io.herdpulse.monitoring.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.monitoring.RepositoryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every relative link of the README and of docs/ leads to a file and heading that exist. */
class DocumentationLinksTest {
    @Test
    void everyRelativeLinkOfTheReadmeAndDocsResolves() throws IOException {
        assertThat(MarkdownLinks.broken(documentation())).isEmpty();
    }

    @Test
    void theReadmeLinksEveryDocsPage() throws IOException {
        List<String> links = MarkdownLinks.relativeLinks(Files.readString(readme()));
        for (Path page : documentation().subList(1, documentation().size())) {
            assertThat(links).as("README links to " + page).contains("docs/" + page.getFileName());
        }
    }

    @Test
    void aMissingFileOrHeadingIsReportedAndCodeIsNotALink(@TempDir Path dir) throws IOException {
        Path a = dir.resolve("a.md");
        Path b = dir.resolve("b.md");
        Files.writeString(
                a,
                String.join(
                        "\n",
                        "# A",
                        "[ok](b.md#real-heading) [ok](#a) [ok](https://example.org/x#y) [ok](b.md)",
                        "[missing file](c.md) [missing heading](b.md#nope) [missing here](#b)",
                        "`[in code](d.md)`",
                        "```",
                        "[in a block](e.md)",
                        "```"));
        Files.writeString(b, "# Real `heading`!\n```bash\n# nope\n```\n");

        assertThat(MarkdownLinks.broken(List.of(a, b)))
                .extracting(MarkdownLinks.Broken::target)
                .containsExactly("c.md", "b.md#nope", "#b");
    }

    @Test
    void anchorsAreGithubs() {
        assertThat(
                        MarkdownLinks.anchors(
                                String.join(
                                        "\n",
                                        "## Grafana beside `bin/herdpulse up`",
                                        "### Options (job command line)",
                                        "### Troubleshooting",
                                        "### Troubleshooting",
                                        "## Metrics (`http://127.0.0.1:9400/metrics`)",
                                        "## Window end → row")))
                .containsExactly(
                        "grafana-beside-binherdpulse-up",
                        "options-job-command-line",
                        "troubleshooting",
                        "troubleshooting-1",
                        "metrics-http1270019400metrics",
                        "window-end--row");
    }

    /** README.md first, then every page of docs/. */
    private static List<Path> documentation() throws IOException {
        List<Path> files = new ArrayList<>(List.of(readme()));
        try (Stream<Path> docs = Files.list(RepositoryFiles.root().resolve("docs"))) {
            docs.filter(f -> f.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        return files;
    }

    private static Path readme() {
        return RepositoryFiles.root().resolve("README.md");
    }
}
