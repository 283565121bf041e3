package org.diffdyn.experiment;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.diffdyn.core.ParameterException;

/**
 * A complete, validated set of parameter values for one experiment: every declared parameter has a value (its
 * default unless set). Immutable once built.
 */
public final class Params {
    private final Map<String, Param<?>> declared;
    private final Map<String, Object> values;
    private final String experiment;

    private Params(Builder b) {
        this.declared = Collections.unmodifiableMap(new LinkedHashMap<>(b.declared));
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(b.values));
        this.experiment = b.experiment;
    }

    /** The name of the experiment these values are for (set by its builder), or null. */
    public String experiment() {
        return experiment;
    }

    public <T> T get(Param<T> p) {
        Object v = values.get(p.key());
        if (v == null)
            throw new IllegalArgumentException("parameter '" + p.key() + "' is not declared by this experiment");
        return Param.cast(v instanceof double[] a ? a.clone() : v);
    }

    public long seed() {
        Object s = values.get("seed");
        return s == null ? 0L : (Long) s;
    }

    /** Parameter names and their values in text form, in declaration order. */
    public Map<String, String> asText() {
        Map<String, String> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(k, declared.get(k).format(v)));
        return Collections.unmodifiableMap(m);
    }

    /** A one-line summary such as {@code d=8, q=0.1, seed=1}. */
    @Override
    public String toString() {
        StringJoiner sj = new StringJoiner(", ");
        asText().forEach((k, v) -> sj.add(k + "=" + v));
        return sj.toString();
    }

    public static Builder builder(List<Param<?>> declared) {
        return new Builder(declared);
    }

    /** Collects values, validating each as it is set. */
    public static final class Builder {
        private final Map<String, Param<?>> declared = new LinkedHashMap<>();
        private final Map<String, Object> values = new LinkedHashMap<>();
        private String experiment;

        Builder(List<Param<?>> params) {
            for (Param<?> p : params) {
                if (declared.put(p.key(), p) != null) throw new IllegalStateException("duplicate parameter " + p.key());
                values.put(p.key(), p.defaultValue());
            }
        }

        private Param<?> param(String name) {
            Param<?> p = declared.get(name);
            if (p == null)
                throw new ParameterException(
                        name, "(unknown option)", "one of the options " + String.join(", ", declared.keySet()));
            return p;
        }

        /** Sets a value given as a Java object (DSL). */
        public Builder set(String name, Object value) {
            Param<?> p = param(name);
            Object v = value;
            if (p.kind() == Param.Kind.REALS && value instanceof Number n) v = new double[] {n.doubleValue()};
            if (p.kind() == Param.Kind.REALS && value instanceof int[] a)
                v = Arrays.stream(a).asDoubleStream().toArray();
            values.put(name, p.validate(v));
            return this;
        }

        /** Sets a value given as text (magics, CLI). */
        public Builder parse(String name, String text) {
            values.put(name, param(name).parse(text));
            return this;
        }

        /** Parses {@code key=value} tokens. */
        public Builder parseAll(Iterable<String> keyValues) {
            for (String kv : keyValues) {
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    Param<?> first = declared.values().iterator().next();
                    String example = first.key() + "=" + first.format(first.defaultValue());
                    throw new ParameterException(kv, "(no value)", "options of the form key=value, e.g. " + example);
                }
                parse(kv.substring(0, eq).trim(), kv.substring(eq + 1));
            }
            return this;
        }

        /** Names the experiment the values are for ({@link Params#experiment()}). */
        public Builder experiment(String name) {
            this.experiment = name;
            return this;
        }

        public Params build() {
            return new Params(this);
        }
    }
}
