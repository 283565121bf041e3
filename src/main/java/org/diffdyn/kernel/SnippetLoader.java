package org.diffdyn.kernel;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import jdk.jshell.spi.ExecutionControl.ClassInstallException;
import jdk.jshell.spi.ExecutionControl.InternalException;

/**
 * Loads the classes JShell compiles for each snippet, and the jars added at run time, into one class loader whose
 * parent is the application class loader. Extensions are loaded through this same loader, so a class seen by a
 * notebook cell and by an extension is the same {@code Class} object.
 */
final class SnippetLoader implements LoaderDelegate {

    /** The loader notebook code runs in. */
    static final class Loader extends URLClassLoader {
        static {
            registerAsParallelCapable();
        }

        private final Map<String, byte[]> declared = new ConcurrentHashMap<>();

        Loader(ClassLoader parent) {
            super("diffdyn-snippets", new URL[0], parent);
        }

        void declare(String name, byte[] bytes) {
            declared.put(name, bytes);
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = declared.remove(name); // defined once; the loader keeps the class, not its bytes
            if (bytes == null) return super.findClass(name);
            return defineClass(name, bytes, 0, bytes.length, (CodeSource) null);
        }

        @Override
        public void addURL(URL url) {
            super.addURL(url);
        }
    }

    private final Loader loader;
    private final Map<String, Class<?>> loaded = new ConcurrentHashMap<>();
    /** Every snippet class in load order (the loader keeps them alive anyway), for {@link #loadedSince}. */
    private final List<Class<?>> loadOrder = Collections.synchronizedList(new ArrayList<>());

    SnippetLoader(ClassLoader parent) {
        this.loader = new Loader(parent);
    }

    ClassLoader classLoader() {
        return loader;
    }

    @Override
    public void load(ClassBytecodes[] cbcs) throws ClassInstallException {
        boolean[] installed = new boolean[cbcs.length];
        for (ClassBytecodes cbc : cbcs) loader.declare(cbc.name(), cbc.bytecodes());
        int i = 0;
        try {
            for (ClassBytecodes cbc : cbcs) {
                Class<?> klass = loader.loadClass(cbc.name());
                loaded.put(cbc.name(), klass);
                loadOrder.add(klass);
                klass.getDeclaredMethods(); // links the class now, so errors surface at load time
                installed[i++] = true;
            }
        } catch (Throwable ex) {
            throw new ClassInstallException("load: " + ex, installed);
        }
    }

    /** How many snippet classes were loaded so far. */
    int loadedCount() {
        return loadOrder.size();
    }

    /** The snippet classes loaded after {@link #loadedCount()} returned {@code mark}. */
    List<Class<?>> loadedSince(int mark) {
        synchronized (loadOrder) {
            return List.copyOf(loadOrder.subList(Math.min(mark, loadOrder.size()), loadOrder.size()));
        }
    }

    @Override
    public void classesRedefined(ClassBytecodes[] cbcs) {
        for (ClassBytecodes cbc : cbcs) loader.declare(cbc.name(), cbc.bytecodes());
    }

    @Override
    public void addToClasspath(String path) throws InternalException {
        try {
            for (String entry : path.split(File.pathSeparator)) {
                if (!entry.isBlank()) loader.addURL(new File(entry).toURI().toURL());
            }
        } catch (MalformedURLException ex) {
            throw new InternalException("bad classpath entry: " + path);
        }
    }

    @Override
    public Class<?> findClass(String name) throws ClassNotFoundException {
        Class<?> klass = loaded.get(name);
        return klass != null ? klass : loader.loadClass(name);
    }
}
