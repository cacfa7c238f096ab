package io.herdpulse.monitoring.dashboards;

import java.util.List;
import java.util.Set;

/**
 * A panel of a dashboard (rows included, with no targets).
 *
 * @param mappedFields the result fields the panel's configuration refers to by name (field
 *     overrides, the fields a bar gauge reduces): a query that does not return them leaves the
 *     panel showing the wrong thing or nothing
 */
public record Panel(
        int id,
        String title,
        String type,
        DatasourceRef datasource,
        List<Target> targets,
        Set<String> mappedFields) {

    public boolean isRow() {
        return "row".equals(type);
    }
}
