package org.diffdyn.experiment;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.diffdyn.core.ParameterException;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * All experiments, found through {@link ServiceLoader}: the single list shared by the DSL, the magics and the CLI.
 */
public final class Registry {
    private static volatile Map<String, Experiment> byName;

    private Registry() {}

    private static Map<String, Experiment> load() {
        Map<String, Experiment> m = byName;
        if (m == null) {
            List<Experiment> list = new ArrayList<>();
            ServiceLoader.load(Experiment.class, Registry.class.getClassLoader()).forEach(list::add);
            list.sort(Comparator.comparing(Experiment::paper).thenComparing(Experiment::name));
            m = new LinkedHashMap<>();
            for (Experiment e : list) {
                if (m.put(e.name(), e) != null) throw new IllegalStateException("two experiments named " + e.name());
            }
            byName = m = Collections.unmodifiableMap(m);
        }
        return m;
    }

    public static List<Experiment> all() {
        return List.copyOf(load().values());
    }

    /** The experiment of that name, or a {@link ParameterException} listing the valid names. */
    public static Experiment get(String name) {
        Experiment e = load().get(name);
        if (e == null) throw new ParameterException("experiment", name, "one of " + String.join(", ", load().keySet()));
        return e;
    }

    /** One row per experiment: name, paper, title. */
    public static Table list() {
        StringColumn name = StringColumn.create("experiment");
        StringColumn paper = StringColumn.create("paper");
        StringColumn title = StringColumn.create("title");
        for (Experiment e : load().values()) {
            name.append(e.name());
            paper.append(e.paper());
            title.append(e.title());
        }
        return Table.create("diffdyn experiments", name, paper, title);
    }

    /** One row per parameter: name, default, valid range, meaning. */
    public static Table describe(String experimentName) {
        Experiment e = get(experimentName);
        StringColumn name = StringColumn.create("parameter");
        StringColumn def = StringColumn.create("default");
        StringColumn range = StringColumn.create("valid range");
        StringColumn desc = StringColumn.create("meaning");
        for (Param<?> p : e.params()) {
            name.append(p.name());
            def.append(p.format(p.defaultValue()));
            range.append(p.range());
            desc.append(p.description());
        }
        return Table.create(e.name() + ": " + e.title(), name, def, range, desc);
    }
}
