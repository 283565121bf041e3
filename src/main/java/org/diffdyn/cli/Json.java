package org.diffdyn.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.diffdyn.experiment.ExperimentResult;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** A result as JSON: experiment, parameters, checks and the table as an array of row objects. */
final class Json {
    private Json() {}

    static String of(ExperimentResult r) {
        JsonObject root = new JsonObject();
        root.addProperty("experiment", r.experiment());
        JsonObject params = new JsonObject();
        r.params().asText().forEach(params::addProperty);
        root.add("parameters", params);
        JsonObject checks = new JsonObject();
        r.checks().forEach(checks::addProperty);
        root.add("checks", checks);
        root.add("rows", rows(r.table()));
        Gson gson = new GsonBuilder()
                .setPrettyPrinting()
                .serializeSpecialFloatingPointValues()
                .create();
        return gson.toJson(root);
    }

    /** A sweep: experiment, engine, axes, counts, every row, every run and every check. */
    static String of(org.diffdyn.sweep.SweepResult s, java.util.Map<String, java.util.List<String>> axes) {
        JsonObject root = new JsonObject();
        root.addProperty("experiment", s.experiment());
        root.addProperty("engine", s.engine());
        JsonObject ax = new JsonObject();
        axes.forEach((k, v) -> {
            JsonArray a = new JsonArray();
            v.forEach(a::add);
            ax.add(k, a);
        });
        root.add("axes", ax);
        root.addProperty("runs", s.runCount());
        root.addProperty("failed", s.failedCount());
        root.add("rows", rows(s.table()));
        root.add("run_status", rows(s.runs()));
        root.add("checks", rows(s.checks()));
        Gson gson = new GsonBuilder()
                .setPrettyPrinting()
                .serializeSpecialFloatingPointValues()
                .create();
        return gson.toJson(root);
    }

    private static JsonArray rows(Table t) {
        JsonArray rows = new JsonArray();
        for (int i = 0; i < t.rowCount(); i++) {
            JsonObject row = new JsonObject();
            for (Column<?> c : t.columns()) {
                if (c.isMissing(i)) row.add(c.name(), com.google.gson.JsonNull.INSTANCE);
                else if (c instanceof tech.tablesaw.api.LongColumn)
                    row.addProperty(c.name(), ((tech.tablesaw.api.LongColumn) c).getLong(i)); // 63-bit seeds stay exact
                else if (c instanceof tech.tablesaw.api.IntColumn)
                    row.addProperty(c.name(), ((tech.tablesaw.api.IntColumn) c).getInt(i));
                else if (c instanceof NumericColumn) row.addProperty(c.name(), ((NumericColumn<?>) c).getDouble(i));
                else row.addProperty(c.name(), c.getString(i));
            }
            rows.add(row);
        }
        return rows;
    }
}
