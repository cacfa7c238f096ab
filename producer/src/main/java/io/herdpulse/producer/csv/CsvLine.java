package io.herdpulse.producer.csv;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one record of comma-separated values, as RFC 4180 quotes them: a field in double quotes
 * may hold commas and line breaks, and {@code ""} inside it is one quote. Fields are trimmed
 * outside quotes.
 */
public final class CsvLine {
    private CsvLine() {}

    /**
     * @throws IllegalArgumentException when a quote is not closed on the line, or a field mixes
     *     quoted and unquoted text ({@code cow "7"}): read either way it would be another value
     */
    public static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                if (wasQuoted || !field.toString().isBlank()) {
                    throw new IllegalArgumentException("a quote inside an unquoted field");
                }
                quoted = true;
                wasQuoted = true;
                field.setLength(0);
            } else if (c == ',') {
                fields.add(wasQuoted ? field.toString() : field.toString().trim());
                field.setLength(0);
                wasQuoted = false;
            } else if (!wasQuoted) {
                field.append(c);
            } else if (!Character.isWhitespace(c)) {
                throw new IllegalArgumentException("text after a quoted field");
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("a quoted field is not closed");
        }
        fields.add(wasQuoted ? field.toString() : field.toString().trim());
        return fields;
    }

    /**
     * Whether {@code text} opens a quoted field it does not close, or closes one opened before it:
     * whether it has an odd number of quotes, as RFC 4180 reads them (a doubled quote closes a
     * field and opens it again). A line that leaves a field open goes on on the next line.
     */
    public static boolean togglesQuote(String text) {
        return text.chars().filter(c -> c == '"').count() % 2 == 1;
    }

    /** Quotes a value only when it needs it. */
    public static String quote(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
