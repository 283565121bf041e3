package org.diffdyn.sweep;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One run of a sweep: an experiment's registered name and its parameters in text form. This is all an engine ships
 * to an executor (no code, no closures); the executor looks the experiment up in its own
 * {@link org.diffdyn.experiment.Registry} and runs it ({@link TaskRunner}).
 *
 * @param index      position in the sweep's grid order (row order of the result tables)
 * @param experiment registered experiment name
 * @param params     every parameter the sweep sets, in text form, including {@code seed} when the experiment has one
 */
public record Task(int index, String experiment, Map<String, String> params) implements Serializable {
    private static final long serialVersionUID = 1L;

    public Task {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    @Override
    public String toString() {
        StringBuilder sb =
                new StringBuilder(experiment).append(" #").append(index).append(" [");
        params.forEach((k, v) -> sb.append(sb.charAt(sb.length() - 1) == '[' ? "" : ", ")
                .append(k)
                .append('=')
                .append(v));
        return sb.append(']').toString();
    }
}
