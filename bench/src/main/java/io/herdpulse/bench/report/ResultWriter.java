package io.herdpulse.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

/** Writes a suite's result as SUITE.json, SUITE.csv and SUITE.png into the results directory. */
public final class ResultWriter {
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int WIDTH = 900;
    private static final int HEIGHT = 480;

    private final Path directory;

    public ResultWriter(Path directory) {
        this.directory = directory;
    }

    public List<Path> write(SuiteResult result) {
        try {
            Files.createDirectories(directory);
            Path json = directory.resolve(result.suite() + ".json");
            Path csv = directory.resolve(result.suite() + ".csv");
            Path png = directory.resolve(result.suite() + ".png");
            JSON.writeValue(json.toFile(), document(result));
            Files.writeString(csv, csv(result), StandardCharsets.UTF_8);
            ChartUtils.saveChartAsPNG(png.toFile(), chart(result), WIDTH, HEIGHT);
            return List.of(json, csv, png);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results to " + directory, e);
        }
    }

    private static Map<String, Object> document(SuiteResult result) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("suite", result.suite());
        document.put("title", result.title());
        document.put("facts", result.facts());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (List<Object> row : result.rows()) {
            Map<String, Object> named = new LinkedHashMap<>();
            for (int i = 0; i < result.columns().size(); i++) {
                named.put(result.columns().get(i), row.get(i));
            }
            rows.add(named);
        }
        document.put("rows", rows);
        document.put("summary", result.headline());
        return document;
    }

    private static String csv(SuiteResult result) {
        StringBuilder csv = new StringBuilder(String.join(",", result.columns())).append('\n');
        for (List<Object> row : result.rows()) {
            csv.append(
                            row.stream()
                                    .map(value -> value == null ? "" : value.toString())
                                    .collect(Collectors.joining(",")))
                    .append('\n');
        }
        return csv.toString();
    }

    private static JFreeChart chart(SuiteResult result) {
        DefaultCategoryDataset bars = new DefaultCategoryDataset();
        for (SuiteResult.Bar bar : result.chart().bars()) {
            bars.addValue(bar.value(), bar.series(), bar.category());
        }
        JFreeChart chart =
                ChartFactory.createBarChart(
                        result.title(),
                        null,
                        result.chart().valueAxis(),
                        bars,
                        PlotOrientation.VERTICAL,
                        true,
                        false,
                        false);
        chart.getPlot().setBackgroundPaint(Color.WHITE);
        chart.getCategoryPlot().setRangeGridlinePaint(Color.GRAY);
        return chart;
    }
}
