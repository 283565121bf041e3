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
        Table t = r.table();
        JsonArray rows = new JsonArray();
        for (int i = 0; i < t.rowCount(); i++) {
            JsonObject row = new JsonObject();
            for (Column<?> c : t.columns()) {
                if (c.isMissing(i)) row.add(c.name(), com.google.gson.JsonNull.INSTANCE);
                else if (c instanceof NumericColumn) row.addProperty(c.name(), ((NumericColumn<?>) c).getDouble(i));
                else row.addProperty(c.name(), c.getString(i));
            }
            rows.add(row);
        }
        root.add("rows", rows);
        Gson gson = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();
        return gson.toJson(root);
    }
}
