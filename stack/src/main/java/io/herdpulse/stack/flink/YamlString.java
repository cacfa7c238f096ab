package io.herdpulse.stack.flink;

/**
 * A value as a double-quoted YAML scalar, which Flink's config.yaml loader (SnakeYAML) reads back
 * as exactly that string. Written plain, a home's path was cut at {@code " #"} (the rest read as a
 * comment: checkpoints, blobs and temporary files went to a directory outside the home) and one
 * holding {@code ": "} kept the JobManager from starting at all.
 */
final class YamlString {
    private YamlString() {}

    static String quoted(String value) {
        StringBuilder yaml = new StringBuilder(value.length() + 2).append('"');
        value.codePoints()
                .forEach(
                        c -> {
                            if (c == '"' || c == '\\') {
                                yaml.append('\\').appendCodePoint(c);
                            } else if (printable(c)) {
                                yaml.appendCodePoint(c);
                            } else {
                                // Line breaks would be folded into spaces; the rest YAML refuses.
                                yaml.append(String.format("\\U%08x", c));
                            }
                        });
        return yaml.append('"').toString();
    }

    /**
     * YAML 1.1's printable characters, as SnakeYAML accepts them in a stream, without the line
     * breaks and the tab, which a quoted scalar would not keep as they are.
     */
    private static boolean printable(int c) {
        return (c >= 0x20 && c <= 0x7e)
                || (c >= 0xa0 && c <= 0xd7ff)
                || (c >= 0xe000 && c <= 0xfffd && c != 0xfeff)
                || (c >= 0x10000 && c <= 0x10ffff);
    }
}
