package org.diffdyn.experiment;

import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.diffdyn.core.ParameterException;
import tech.tablesaw.api.Table;

/**
 * All experiments: the built-in ones, found through {@link ServiceLoader}, then those {@link #register registered}
 * at run time (e.g. defined in a notebook). The single list shared by the DSL, the magics and the CLI.
 */
public final class Registry {
    private static volatile Map<String, Experiment> byName;
    private static final Map<String, Experiment> USER = Collections.synchronizedMap(new LinkedHashMap<>());

    private Registry() {}

    private static Map<String, Experiment> load() {
        Map<String, Experiment> m = byName;
        if (m != null) return m;
        m = new LinkedHashMap<>();
        for (Experiment e : ServiceLoader.load(Experiment.class, Registry.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparing(Experiment::paper).thenComparing(Experiment::name))
                .toList())
            if (m.put(e.name(), e) != null) throw new IllegalStateException("two experiments named " + e.name());
        return byName = Collections.unmodifiableMap(m);
    }

    /** Built-in experiments (by paper, then name), then registered ones (in registration order). */
    private static Map<String, Experiment> current() {
        Map<String, Experiment> m = new LinkedHashMap<>(load());
        synchronized (USER) {
            m.putAll(USER);
        }
        return m;
    }

    public static List<Experiment> all() {
        return List.copyOf(current().values());
    }

    /**
     * Adds an experiment (typically {@link Experiment#of}) so that {@link #get}, the DSL, the magics and the CLI offer
     * it. Registering a name again replaces the earlier registration (re-running a notebook cell); the name of a
     * built-in experiment cannot be taken.
     *
     * @return the experiment, for chaining
     */
    public static Experiment register(Experiment experiment) {
        String name = experiment.name();
        if (!Names.isKebab(name))
            throw new ParameterException("experiment", name, "a lower kebab-case name, e.g. my-experiment");
        Experiment builtIn = load().get(name);
        if (builtIn != null) {
            String owner = " (" + name + " is paper " + builtIn.paper() + "'s)";
            throw new ParameterException("experiment", name, "a name not taken by a built-in experiment" + owner);
        }
        experiment.params(); // a broken declaration fails here, not at first use
        USER.put(name, experiment);
        return experiment;
    }

    /** Removes a registered experiment; returns whether it was registered. Built-in ones cannot be removed. */
    public static boolean unregister(String name) {
        return USER.remove(name) != null;
    }

    /** The experiment of that name, or a {@link ParameterException} listing the valid names. */
    public static Experiment get(String name) {
        Map<String, Experiment> m = current();
        Experiment e = m.get(name);
        if (e == null) throw new ParameterException("experiment", name, "one of " + String.join(", ", m.keySet()));
        return e;
    }

    /** One row per experiment: name, paper, title. */
    public static Table list() {
        Rows rows = Rows.named("diffdyn experiments").text("experiment", "paper", "title");
        for (Experiment e : current().values()) rows.row(e.name(), e.paper(), e.title());
        return rows.table();
    }

    /** One row per parameter: name, default, valid range, meaning. */
    public static Table describe(String experimentName) {
        Experiment e = get(experimentName);
        Rows rows = Rows.named(e.name() + ": " + e.title()).text("parameter", "default", "valid range", "meaning");
        for (Param<?> p : e.params()) rows.row(p.key(), p.format(p.defaultValue()), p.range(), p.description());
        return rows.table();
    }
}
