package org.diffdyn.kernel;

import java.util.Map;

/**
 * Kernel options read from the environment (kernel.json {@code env} entries or the Jupyter server's environment).
 * Each {@code DIFFDYN_*} name falls back to the upstream JJava name, so existing JJava set-ups keep working.
 *
 * <ul>
 *   <li>{@code DIFFDYN_CLASSPATH} ({@code JJAVA_CLASSPATH}): extra jars/folders, path-separator list, globs allowed;
 *       their extensions are installed.</li>
 *   <li>{@code DIFFDYN_STARTUP} ({@code JJAVA_STARTUP_SCRIPT}): Java code evaluated at start.</li>
 *   <li>{@code DIFFDYN_STARTUP_SCRIPTS_PATH} ({@code JJAVA_STARTUP_SCRIPTS_PATH}): files of Java code evaluated at
 *       start, path-separator list, globs allowed.</li>
 *   <li>{@code DIFFDYN_LOAD_EXTENSIONS} ({@code JJAVA_LOAD_EXTENSIONS}): {@code 0} or {@code false} disables
 *       ServiceLoader extensions.</li>
 * </ul>
 * {@code DIFFDYN_JVM_OPTS} and {@code DIFFDYN_JAVA} are read by the launch script, not here.
 */
record KernelConfig(String classpath, String startup, String startupScriptsPath, boolean loadExtensions) {

    static KernelConfig fromEnv(Map<String, String> env) {
        return new KernelConfig(
                get(env, "DIFFDYN_CLASSPATH", "JJAVA_CLASSPATH"),
                get(env, "DIFFDYN_STARTUP", "JJAVA_STARTUP_SCRIPT"),
                get(env, "DIFFDYN_STARTUP_SCRIPTS_PATH", "JJAVA_STARTUP_SCRIPTS_PATH"),
                flag(get(env, "DIFFDYN_LOAD_EXTENSIONS", "JJAVA_LOAD_EXTENSIONS"), true));
    }

    private static String get(Map<String, String> env, String name, String fallback) {
        String v = env.get(name);
        if (v == null || v.isBlank()) v = env.get(fallback);
        return v == null || v.isBlank() ? null : v;
    }

    static boolean flag(String value, boolean dflt) {
        if (value == null) return dflt;
        String v = value.strip().toLowerCase(java.util.Locale.ROOT);
        if (v.equals("0") || v.equals("false") || v.equals("no") || v.equals("off")) return false;
        if (v.equals("1") || v.equals("true") || v.equals("yes") || v.equals("on")) return true;
        return dflt;
    }
}
