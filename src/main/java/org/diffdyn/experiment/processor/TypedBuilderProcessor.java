package org.diffdyn.experiment.processor;

import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.tools.Diagnostic;

/**
 * Generates the typed builder of every {@code @TypedBuilder} experiment (see {@code org.diffdyn.experiment.TypedBuilder}
 * for the rule), the setters of every {@code @ParamGroup} and the experiments' entry points of every {@code @Dsl}
 * class. Compiled before the rest of the sources (its own compiler execution in {@code pom.xml}) and named
 * explicitly to the main compilation; it is not registered as a service, so nothing that merely has the jar on its
 * class path (a notebook's JShell) runs it. An incremental build does not notice a change to this class: after
 * editing it, build with {@code mvn clean}.
 */
@SupportedAnnotationTypes({TypedBuilderProcessor.ANNOTATION, TypedBuilderProcessor.GROUP, TypedBuilderProcessor.DSL})
public final class TypedBuilderProcessor extends AbstractProcessor {
    static final String ANNOTATION = "org.diffdyn.experiment.TypedBuilder";
    static final String GROUP = "org.diffdyn.experiment.ParamGroup";
    static final String DSL = "org.diffdyn.experiment.Dsl";
    private static final String PARAM = "org.diffdyn.experiment.Param";

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    /** Experiments whose mixins are generated in this round (group setters): built in the next round. */
    private final Set<String> deferred = new java.util.LinkedHashSet<>();

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        List<TypeElement> experiments = new ArrayList<>(), dsls = new ArrayList<>();
        for (String name : deferred)
            experiments.add(processingEnv.getElementUtils().getTypeElement(name));
        deferred.clear();
        for (TypeElement a : annotations)
            for (Element e : round.getElementsAnnotatedWith(a)) {
                if (e.getKind() != ElementKind.CLASS) error(e, "@" + a.getSimpleName() + " applies to a class");
                else if (a.getQualifiedName().contentEquals(GROUP)) generateGroup((TypeElement) e);
                else if (a.getQualifiedName().contentEquals(DSL)) dsls.add((TypeElement) e);
                else experiments.add((TypeElement) e);
            }
        for (TypeElement dsl : dsls) generateEntries(dsl, experiments);
        for (TypeElement e : experiments) {
            List<String> mixins = classes(e, "mixins");
            if (!mixins.contains(null)) generate(e, mixins);
            else if (!round.processingOver()) deferred.add(e.getQualifiedName().toString());
            else error(e, "a mixin of @TypedBuilder is not a class");
        }
        return true;
    }

    /**
     * One generated setter: the field, the setter's name, its parameter type as written in Java, and whether the value
     * is an enum (a choice, which also gets a setter taking its text form, e.g. {@code net("mlp")}).
     */
    private record Setter(String field, String name, String type, boolean choice) {

        /** Appends the setter (and a choice's text-form setter), declared as {@code modifiers name(...)}. */
        void appendTo(StringBuilder s, String modifiers, String owner) {
            String param = owner + "." + field;
            s.append("\n    /** Sets {@link ")
                    .append(owner)
                    .append('#')
                    .append(field)
                    .append("}. */\n");
            s.append("    ")
                    .append(modifiers)
                    .append(' ')
                    .append(name)
                    .append('(')
                    .append(type);
            s.append(" value) {\n        return set(").append(param).append(", value);\n    }\n");
            if (!choice) return;
            s.append("\n    /** Sets {@link ").append(owner).append('#').append(field);
            s.append("} by its text form (the constant's name in lower kebab case). */\n");
            s.append("    ").append(modifiers).append(' ').append(name).append("(String text) {\n");
            s.append("        return parse(").append(param).append(".key(), text);\n    }\n");
        }
    }

    /** The setters of the static {@code Param<T>} fields of {@code owner}, in declaration order. */
    private List<Setter> setters(TypeElement owner) {
        List<Setter> setters = new ArrayList<>();
        for (Element m : owner.getEnclosedElements()) {
            if (m.getKind() != ElementKind.FIELD || !m.getModifiers().contains(Modifier.STATIC)) continue;
            TypeMirror t = m.asType();
            if (!(t instanceof DeclaredType dt)
                    || !((TypeElement) dt.asElement()).getQualifiedName().contentEquals(PARAM)) continue;
            if (dt.getTypeArguments().size() != 1) {
                error(m, "a parameter field needs its value type, e.g. Param<Double>");
                continue;
            }
            String field = m.getSimpleName().toString();
            if (!field.matches("[A-Z][A-Z0-9]*(_[A-Z0-9]+)*")) {
                error(m, "parameter field " + field + " must be the key in upper snake case (LOG10_TAU_FROM)");
                continue;
            }
            TypeMirror value = dt.getTypeArguments().get(0);
            boolean choice = value instanceof DeclaredType vt && vt.asElement().getKind() == ElementKind.ENUM;
            setters.add(new Setter(field, camel(field), javaType(value), choice));
        }
        return setters;
    }

    private String packageOf(TypeElement type) {
        return processingEnv
                .getElementUtils()
                .getPackageOf(type)
                .getQualifiedName()
                .toString();
    }

    private void write(TypeElement origin, String pkg, String name, String source) {
        try (Writer w = processingEnv
                .getFiler()
                .createSourceFile(pkg + "." + name, origin)
                .openWriter()) {
            w.write(source);
        } catch (IOException ex) {
            error(origin, "cannot write " + name + ": " + ex.getMessage());
        }
    }

    /** {@code FooSetters<B>}: one default setter per parameter field of the group holder {@code Foo}. */
    private void generateGroup(TypeElement holder) {
        String pkg = packageOf(holder), owner = holder.getSimpleName().toString(), name = owner + "Setters";
        StringBuilder s = new StringBuilder();
        s.append("package ").append(pkg).append(";\n\n");
        s.append("/** Typed setters of the parameter group {@link ")
                .append(owner)
                .append("} (generated). */\n");
        s.append("@javax.annotation.processing.Generated(\"")
                .append(getClass().getName())
                .append("\")\n");
        s.append("public interface ").append(name).append("<B> {\n");
        s.append("    <T> B set(org.diffdyn.experiment.Param<T> param, T value);\n\n");
        s.append("    B parse(String key, String text);\n\n");
        List<Setter> setters = setters(holder);
        appendDeclaredParams(s, "The group's parameters in declaration order (for {@code Spec.with}).", owner, setters);
        for (Setter st : setters) st.appendTo(s, "default B", owner);
        s.append("}\n");
        write(holder, pkg, name, s.toString());
    }

    private void generate(TypeElement experiment, List<String> mixins) {
        String pkg = packageOf(experiment);
        String owner = experiment.getSimpleName().toString();
        String builder = owner + "Builder";
        List<Setter> setters = setters(experiment);
        StringBuilder s = new StringBuilder();
        s.append("package ").append(pkg).append(";\n\n");
        s.append("/** The typed builder of {@link ")
                .append(owner)
                .append("}: one setter per declared parameter (generated from its Param fields). */\n");
        s.append("@javax.annotation.processing.Generated(\"")
                .append(getClass().getName())
                .append("\")\n");
        s.append("public final class ")
                .append(builder)
                .append(" extends org.diffdyn.experiment.ExperimentBuilder<")
                .append(builder)
                .append(">");
        for (int i = 0; i < mixins.size(); i++)
            s.append(i == 0 ? "\n        implements " : ", ")
                    .append(mixins.get(i))
                    .append('<')
                    .append(builder)
                    .append('>');
        s.append(" {\n");
        s.append("    /** A builder over a new {@link ")
                .append(owner)
                .append("} with every parameter at its default. */\n");
        s.append("    public ")
                .append(builder)
                .append("() {\n        this(new ")
                .append(owner)
                .append("());\n    }\n\n");
        s.append("    /** A builder over {@code experiment} (how {@code Experiment.builder()} finds this class). */\n");
        s.append("    public ").append(builder).append('(').append(owner).append(" experiment) {\n");
        s.append("        super(experiment);\n    }\n\n");
        appendDeclaredParams(s, "The parameter fields of {@link " + owner + "} in declaration order.", owner, setters);
        for (Setter st : setters) st.appendTo(s, "public " + builder, owner);
        s.append("}\n");
        write(experiment, pkg, builder, s.toString());
    }

    /**
     * {@code FooDslEntries}, the superclass of the {@code @Dsl} class {@code FooDsl}: one static entry point per
     * experiment of its package, named by the camelCase rule from the name its {@code SPEC} declares.
     */
    private void generateEntries(TypeElement dsl, List<TypeElement> experiments) {
        String pkg = packageOf(dsl), name = dsl.getSimpleName() + "Entries";
        if (!dsl.getSuperclass().toString().matches("(.*\\.)?" + name))
            error(dsl, "a @Dsl class must declare 'extends " + name + "' (its generated entry points)");
        StringBuilder s = new StringBuilder();
        s.append("package ").append(pkg).append(";\n\n");
        s.append("/** The experiments' entry points of {@link ")
                .append(dsl.getSimpleName())
                .append("} (generated). */\n");
        s.append("@javax.annotation.processing.Generated(\"")
                .append(getClass().getName())
                .append("\")\n");
        s.append("public abstract class ").append(name).append(" {\n");
        s.append("    protected ").append(name).append("() {}\n");
        for (TypeElement e : experiments) {
            if (!packageOf(e).equals(pkg)) continue;
            List<String> spec = specNameAndTitle(e);
            if (spec == null) continue;
            String builder = e.getSimpleName() + "Builder";
            s.append("\n    /** {@code ")
                    .append(spec.get(0))
                    .append("}: ")
                    .append(spec.get(1).replace("*/", "* /"));
            s.append(" ({@link ").append(e.getSimpleName()).append("}). */\n");
            s.append("    public static ")
                    .append(builder)
                    .append(' ')
                    .append(camel(spec.get(0).replace('-', '_')));
            s.append("() {\n        return new ").append(builder).append("();\n    }\n");
        }
        s.append("}\n");
        write(dsl, pkg, name, s.toString());
    }

    /**
     * The name and title of {@code experiment}: the string literals its {@code SPEC} initialiser passes to
     * {@code Spec.of(name, paper, title, …)} or to a shared factory taking {@code (name, title, …)} (read from the
     * source tree), or null after reporting an error.
     */
    private List<String> specNameAndTitle(TypeElement experiment) {
        for (Element m : experiment.getEnclosedElements()) {
            if (m.getKind() != ElementKind.FIELD || !m.getSimpleName().contentEquals("SPEC")) continue;
            ExpressionTree x = ((VariableTree) Trees.instance(processingEnv).getTree(m)).getInitializer();
            while (x instanceof MethodInvocationTree call && call.getMethodSelect() instanceof MemberSelectTree sel) {
                List<String> texts = new ArrayList<>();
                for (ExpressionTree a : call.getArguments()) texts.add(literal(a));
                if (texts.size() >= 3 && texts.get(0) != null) { // Spec.of(name, paper, title, …) or a (name, title, …)
                    String title = texts.get(1) != null ? texts.get(1) : texts.get(2);
                    return List.of(texts.get(0), title == null ? "" : title);
                }
                x = sel.getExpression();
            }
        }
        error(experiment, "a DSL entry needs 'SPEC = Spec.of(\"name\", paper, \"title\", ...)' with a literal name");
        return null;
    }

    /** The value of a string literal or a concatenation of string literals, else null. */
    private static String literal(ExpressionTree t) {
        if (t instanceof LiteralTree l && l.getValue() instanceof String v) return v;
        if (t instanceof BinaryTree b && b.getKind() == Tree.Kind.PLUS) {
            String l = literal(b.getLeftOperand()), r = literal(b.getRightOperand());
            return l == null || r == null ? null : l + r;
        }
        return t instanceof ParenthesizedTree p ? literal(p.getExpression()) : null;
    }

    /** {@code static List<Param<?>> declaredParams()}: the fields of {@code owner}, in declaration order. */
    private static void appendDeclaredParams(StringBuilder s, String doc, String owner, List<Setter> setters) {
        s.append("    /** ").append(doc).append(" */\n");
        s.append("    static java.util.List<org.diffdyn.experiment.Param<?>> declaredParams() {\n");
        s.append("        return java.util.List.of(");
        for (int i = 0; i < setters.size(); i++)
            s.append(i == 0 ? "" : ", ")
                    .append(owner)
                    .append('.')
                    .append(setters.get(i).field());
        s.append(");\n    }\n");
    }

    /** The setter's parameter type: primitives for boxed values, varargs for arrays, the declared type otherwise. */
    private String javaType(TypeMirror t) {
        if (t.getKind() == TypeKind.ARRAY)
            return ((ArrayType) t).getComponentType().toString() + "...";
        try {
            return processingEnv.getTypeUtils().unboxedType(t).toString();
        } catch (IllegalArgumentException notBoxed) {
            return t.toString();
        }
    }

    /** UPPER_SNAKE to camelCase: LOG10_TAU_FROM to log10TauFrom. */
    static String camel(String field) {
        StringBuilder b = new StringBuilder();
        for (String part : field.toLowerCase(Locale.ROOT).split("_"))
            b.append(b.length() == 0 ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
        return b.toString();
    }

    /** The classes named by the annotation's attribute {@code attribute} (a class or an array of classes). */
    private List<String> classes(Element e, String attribute) {
        List<String> out = new ArrayList<>();
        for (AnnotationMirror am : e.getAnnotationMirrors()) {
            if (!((TypeElement) am.getAnnotationType().asElement())
                    .getQualifiedName()
                    .contentEquals(ANNOTATION)) continue;
            for (var en : am.getElementValues().entrySet()) {
                ExecutableElement key = en.getKey();
                if (!key.getSimpleName().contentEquals(attribute)) continue;
                Object value = en.getValue().getValue();
                List<?> vs = value instanceof List<?> l ? l : List.of(en.getValue());
                for (Object v : vs) {
                    Object c = ((AnnotationValue) v).getValue();
                    // not (yet) a type: a class generated in this round (FooSetters); null defers the builder
                    out.add(
                            c instanceof DeclaredType dt
                                    ? ((TypeElement) dt.asElement())
                                            .getQualifiedName()
                                            .toString()
                                    : null);
                }
            }
        }
        return out;
    }

    private void error(Element e, String message) {
        processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, message, e);
    }
}
