package io.herdpulse.monitoring.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** A Grafana dashboard JSON file, reduced to what the checks and the live tests need. */
public record Dashboard(
        Path file, String uid, String title, List<Panel> panels, List<Variable> variables) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A bar gauge's or stat's "fields" option naming exactly one field: {@code /^alerts$/}. */
    private static final Pattern SINGLE_FIELD = Pattern.compile("/\\^(\\w+)\\$/");

    /** Every {@code *.json} dashboard of a directory, in file name order. */
    public static List<Dashboard> readAll(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .map(Dashboard::read)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list dashboards in " + directory, e);
        }
    }

    public static Dashboard read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse dashboard " + file, e);
        }
        List<Panel> panels = new ArrayList<>();
        collectPanels(root.path("panels"), panels);
        List<Variable> variables = new ArrayList<>();
        for (JsonNode variable : root.path("templating").path("list")) {
            variables.add(variable(variable));
        }
        return new Dashboard(
                file,
                root.path("uid").asText(null),
                root.path("title").asText(null),
                List.copyOf(panels),
                List.copyOf(variables));
    }

    /** Every datasource reference of the dashboard: of panels, of their queries, of variables. */
    public Set<DatasourceRef> datasourceRefs() {
        Set<DatasourceRef> refs = new LinkedHashSet<>();
        for (Panel panel : panels) {
            if (panel.datasource() != null) {
                refs.add(panel.datasource());
            }
            panel.targets().forEach(target -> refs.add(target.datasource()));
        }
        variables.forEach(variable -> refs.add(variable.datasource()));
        return refs;
    }

    private static void collectPanels(JsonNode nodes, List<Panel> into) {
        for (JsonNode node : nodes) {
            into.add(panel(node));
            // A collapsed row keeps its panels inside itself.
            collectPanels(node.path("panels"), into);
        }
    }

    private static Panel panel(JsonNode node) {
        DatasourceRef panelSource = datasource(node.path("datasource"));
        List<Target> targets = new ArrayList<>();
        for (JsonNode target : node.path("targets")) {
            DatasourceRef source = datasource(target.path("datasource"));
            String text =
                    target.has("rawSql")
                            ? target.path("rawSql").asText()
                            : target.path("expr").asText("");
            targets.add(
                    new Target(
                            target.path("refId").asText(),
                            source != null ? source : panelSource,
                            text,
                            target.path("format").asText(""),
                            target.path("instant").asBoolean(false)));
        }
        return new Panel(
                node.path("id").asInt(),
                node.path("title").asText(),
                node.path("type").asText(),
                panelSource,
                List.copyOf(targets),
                mappedFields(node));
    }

    private static Set<String> mappedFields(JsonNode panel) {
        Set<String> fields = new LinkedHashSet<>();
        for (JsonNode override : panel.path("fieldConfig").path("overrides")) {
            JsonNode matcher = override.path("matcher");
            if ("byName".equals(matcher.path("id").asText())) {
                fields.add(matcher.path("options").asText());
            }
        }
        Matcher single =
                SINGLE_FIELD.matcher(
                        panel.path("options").path("reduceOptions").path("fields").asText(""));
        if (single.matches()) {
            fields.add(single.group(1));
        }
        return Set.copyOf(fields);
    }

    private static Variable variable(JsonNode node) {
        JsonNode query = node.path("query");
        String text = query.isObject() ? query.path("query").asText() : query.asText();
        boolean includeAll = node.path("includeAll").asBoolean(false);
        return new Variable(
                node.path("name").asText(),
                datasource(node.path("datasource")),
                text,
                includeAll ? node.path("allValue").asText(".*") : null);
    }

    private static DatasourceRef datasource(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        return new DatasourceRef(node.path("type").asText(null), node.path("uid").asText(null));
    }
}
