package io.eventsourcing.processor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.PrimitiveType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Checks aggregate classes as they are compiled and writes the class index ({@link ClassIndexFormat}) of the
 * aggregates, applications and projections compiled. A rule that would fail at run time is a compile error on the class
 * or method: an {@code @Apply} method whose parameter is not one record, an event record (or a record or enum it holds)
 * that is not public, two {@code @Apply} methods for one event type, a record declared in the aggregate that no
 * {@code @Apply} method handles (unless a handled event holds it as a value), a concrete aggregate without a no-arg
 * constructor; an {@code @Upcast} method that is not {@code static JsonObject m(JsonObject)}, or upcasters with a gap
 * in their versions; {@code @PersonalData} or {@code @DataSubject} misplaced in an event record (two subjects, a
 * subject that is no UUID, personal data of a primitive type, or in a record the event holds, a component named
 * {@code $personal} or {@code $subject} beside it); and in applications and projections, a {@code @Policy} method that does not take an event record
 * and a {@code ProcessingEvent} (a {@code ProjectionContext} in a projection), is static, or handles an event type
 * another one handles.
 *
 * <p>javac runs it when {@code eventsourcing-processor} is on the class path (listed in
 * {@code META-INF/services/javax.annotation.processing.Processor}), as it is wherever {@code eventsourcing-core} is,
 * which depends on it; from JDK 23 on, add {@code -proc:full} or list it in the compiler's annotation processor path.
 * Not API.
 */
@SupportedAnnotationTypes("*")
public final class AggregateProcessor extends AbstractProcessor {

    // The types it looks for, by name: the processor needs nothing but the JDK, so that eventsourcing-core can depend
    // on it. Core's AggregateProcessorTest compiles against the types themselves, so a renamed one fails it.
    private static final String AGGREGATE = "io.eventsourcing.domain.Aggregate";
    private static final String APPLY = "io.eventsourcing.domain.Apply";
    private static final String UPCAST = "io.eventsourcing.domain.Upcast";
    private static final String PERSONAL_DATA = "io.eventsourcing.domain.PersonalData";
    private static final String DATA_SUBJECT = "io.eventsourcing.domain.DataSubject";
    private static final String JSONB_TRANSIENT = "jakarta.json.bind.annotation.JsonbTransient";
    private static final String APPLICATION = "io.eventsourcing.application.Application";
    private static final String POLICY = "io.eventsourcing.system.Policy";
    private static final String PROCESSING_EVENT = "io.eventsourcing.system.ProcessingEvent";
    private static final String PROJECTION = "io.eventsourcing.system.Projection";
    private static final String PROJECTION_CONTEXT = "io.eventsourcing.system.ProjectionContext";
    private static final String JSON_OBJECT = "jakarta.json.JsonObject";

    private final Set<String> aggregates = new TreeSet<>();
    private final Set<String> applications = new TreeSet<>();
    private final Set<String> projections = new TreeSet<>();
    /** The projection base class, or {@code null} if not on the class path; set in each round. */
    private TypeElement projection;

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        TypeElement aggregate = processingEnv.getElementUtils().getTypeElement(AGGREGATE);
        TypeElement application = processingEnv.getElementUtils().getTypeElement(APPLICATION);
        if (aggregate == null) {
            return false;
        }
        projection = processingEnv.getElementUtils().getTypeElement(PROJECTION);
        for (Element root : round.getRootElements()) {
            visit(root, aggregate, application);
        }
        if (round.processingOver()) {
            write(ClassIndexFormat.AGGREGATES, aggregates);
            write(ClassIndexFormat.APPLICATIONS, applications);
            write(ClassIndexFormat.PROJECTIONS, projections);
        }
        // Claims no annotation: other processors see every element too.
        return false;
    }

    private void visit(Element element, TypeElement aggregate, TypeElement application) {
        if (element instanceof TypeElement type) {
            checkUpcasters(type);
        }
        if (element.getKind() != ElementKind.CLASS) {
            if (element.getKind().isInterface() || element.getKind() == ElementKind.ENUM
                    || element.getKind() == ElementKind.RECORD) {
                visitNested(element, aggregate, application);
            }
            return;
        }
        TypeElement type = (TypeElement) element;
        boolean concrete = !type.getModifiers().contains(Modifier.ABSTRACT);
        if (isSubclass(type, aggregate)) {
            check(type, aggregate, concrete);
            if (concrete) {
                aggregates.add(binaryName(type));
            }
        } else if (application != null && isSubclass(type, application)) {
            checkPolicies(type, PROCESSING_EVENT);
            if (concrete) {
                applications.add(binaryName(type));
            }
        } else if (projection != null && isSubclass(type, projection)) {
            checkPolicies(type, PROJECTION_CONTEXT);
            if (concrete) {
                projections.add(binaryName(type));
            }
        }
        visitNested(element, aggregate, application);
    }

    private void visitNested(Element element, TypeElement aggregate, TypeElement application) {
        for (TypeElement nested : ElementFilter.typesIn(element.getEnclosedElements())) {
            visit(nested, aggregate, application);
        }
    }

    /** The rules {@code Upcasters} applies at run time, as compile errors on the method or class. */
    private void checkUpcasters(TypeElement type) {
        String name = binaryName(type);
        TreeMap<Integer, ExecutableElement> byVersion = new TreeMap<>();
        for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
            AnnotationMirror upcast = annotation(method, UPCAST);
            if (upcast == null) {
                continue;
            }
            String where = name + "." + method.getSimpleName();
            List<? extends VariableElement> parameters = method.getParameters();
            if (!method.getModifiers().contains(Modifier.STATIC) || !isJsonObject(method.getReturnType())
                    || parameters.size() != 1 || !isJsonObject(parameters.get(0).asType())) {
                error(method, "@Upcast method %s must be static JsonObject %s(JsonObject state)", where,
                        method.getSimpleName());
                continue;
            }
            if (!(value(upcast, "from") instanceof Integer from)) {
                continue; // javac reports the missing value
            }
            if (byVersion.put(from, method) != null) {
                error(method, "Two @Upcast methods of %s upcast from version %d", name, from);
            }
        }
        int expected = 1;
        for (Map.Entry<Integer, ExecutableElement> entry : byVersion.entrySet()) {
            if (entry.getKey() != expected) {
                error(entry.getValue(), "%s has no @Upcast method from version %d (it has one from %d): versions"
                        + " go 1, 2, 3, ...", name, expected, entry.getKey());
                break;
            }
            expected++;
        }
    }

    private boolean isJsonObject(TypeMirror type) {
        return processingEnv.getTypeUtils().erasure(type).toString().equals(JSON_OBJECT);
    }

    /** The rules {@code PolicyType} applies at run time, as compile errors on the method. */
    private void checkPolicies(TypeElement type, String context) {
        String name = binaryName(type);
        Map<String, ExecutableElement> policies = new HashMap<>();
        for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
            if (annotation(method, POLICY) == null) {
                continue;
            }
            String where = name + "." + method.getSimpleName();
            List<? extends VariableElement> parameters = method.getParameters();
            if (parameters.size() != 2 || !isRecord(parameters.get(0).asType())
                    || !processingEnv.getTypeUtils().erasure(parameters.get(1).asType()).toString()
                    .equals(context)) {
                error(method, "@Policy method %s must take two parameters, an event record and a %s", where,
                        context.substring(context.lastIndexOf('.') + 1));
                continue;
            }
            if (method.getModifiers().contains(Modifier.STATIC)) {
                error(method, "@Policy method %s must not be static", where);
                continue;
            }
            String event = processingEnv.getTypeUtils().erasure(parameters.get(0).asType()).toString();
            ExecutableElement other = policies.putIfAbsent(event, method);
            if (other != null) {
                error(method, "@Policy methods %s and %s.%s both handle %s: keep one", where, name,
                        other.getSimpleName(), event);
            }
        }
    }

    private void check(TypeElement type, TypeElement aggregate, boolean concrete) {
        String name = binaryName(type);
        if (concrete && type.getNestingKind().isNested() && !type.getModifiers().contains(Modifier.STATIC)) {
            error(type, "Aggregate %s is an inner class: make it static, so that it can be rebuilt from stored"
                    + " events", name);
        }
        if (concrete && ElementFilter.constructorsIn(type.getEnclosedElements()).stream()
                .noneMatch(c -> c.getParameters().isEmpty())) {
            error(type, "%s has no no-arg constructor: add one of any visibility, used to rebuild it from stored"
                    + " events, for example: private %s() {}", name, type.getSimpleName());
        }
        Map<String, ExecutableElement> handlers = new HashMap<>();
        for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
            if (annotation(method, APPLY) == null) {
                continue;
            }
            String where = name + "." + method.getSimpleName();
            List<? extends VariableElement> parameters = method.getParameters();
            if (parameters.size() != 1 || !isRecord(parameters.get(0).asType())) {
                error(method, "@Apply method %s must take exactly one parameter, an event record", where);
                continue;
            }
            if (method.getModifiers().contains(Modifier.STATIC)) {
                error(method, "@Apply method %s must not be static", where);
                continue;
            }
            checkPublic(parameters.get(0).asType(), method, where, new HashSet<>());
            checkPersonal((TypeElement) ((DeclaredType) parameters.get(0).asType()).asElement(), method);
            String event = eventName(parameters.get(0).asType());
            ExecutableElement other = handlers.putIfAbsent(event, method);
            if (other != null) {
                error(method, "@Apply methods %s and %s.%s both handle %s: keep one", where, name,
                        other.getSimpleName(), event);
            }
        }
        if (!concrete) {
            return;
        }
        Set<String> handled = new TreeSet<>(handlers.keySet());
        List<TypeElement> handledEvents = new ArrayList<>();
        for (TypeElement c = type; c != null && !c.equals(aggregate); c = superclass(c)) {
            for (ExecutableElement method : ElementFilter.methodsIn(c.getEnclosedElements())) {
                if (annotation(method, APPLY) != null && method.getParameters().size() == 1
                        && isRecord(method.getParameters().get(0).asType())) {
                    TypeMirror event = method.getParameters().get(0).asType();
                    handled.add(eventName(event));
                    handledEvents.add((TypeElement) ((DeclaredType) event).asElement());
                }
            }
        }
        for (TypeElement nested : ElementFilter.typesIn(type.getEnclosedElements())) {
            if (nested.getKind() == ElementKind.RECORD && !handled.contains(eventName(nested.asType()))
                    && !heldByEvent(nested, handledEvents)) {
                error(nested, "Aggregate %s declares the event record %s but no @Apply method for it: add"
                        + " @Apply void on(%s e) { ... }", name, binaryName(nested), nested.getSimpleName());
            }
        }
    }

    /** JSON-B reads and writes public types only: an event record, and every record or enum it holds. */
    private void checkPublic(TypeMirror type, ExecutableElement method, String where, Set<Element> seen) {
        if (type instanceof ArrayType array) {
            checkPublic(array.getComponentType(), method, where, seen);
        } else if (type instanceof DeclaredType declared && seen.add(declared.asElement())) {
            for (TypeMirror argument : declared.getTypeArguments()) {
                checkPublic(argument, method, where, seen);
            }
            TypeElement element = (TypeElement) declared.asElement();
            boolean record = element.getKind() == ElementKind.RECORD;
            if ((record || element.getKind() == ElementKind.ENUM) && !element.getModifiers().contains(Modifier.PUBLIC)) {
                error(method, "%s %s used by @Apply method %s must be public: events are written as JSON by JSON-B,"
                        + " which reads public types only", record ? "record" : "enum", binaryName(element), where);
            } else if (record) {
                for (RecordComponentElement component : element.getRecordComponents()) {
                    checkPublic(component.asType(), method, where, seen);
                }
            }
        }
    }

    /**
     * {@code @PersonalData} and {@code @DataSubject} as the mapper takes them: at most one subject, a UUID and not
     * personal; personal data not primitive, with a replacement only if a String, written by JSON-B (not
     * {@code @JsonbTransient}); neither in a record the event holds, which the mapper would not seal.
     */
    private void checkPersonal(TypeElement event, ExecutableElement method) {
        String name = binaryName(event);
        String subject = null;
        boolean hasPersonal = false;
        for (RecordComponentElement component : event.getRecordComponents()) {
            AnnotationMirror personal = annotation(component, PERSONAL_DATA);
            String at = name + "." + component.getSimpleName();
            TypeMirror type = component.asType();
            if (annotation(component, DATA_SUBJECT) != null) {
                if (subject == null) {
                    subject = component.getSimpleName().toString();
                } else {
                    error(method, "%s has two @DataSubject components, %s and %s: it may have one", name, subject,
                            component.getSimpleName());
                }
                if (!isClass(type, "java.util.UUID")) {
                    error(method, "@DataSubject component %s must be a UUID", at);
                }
                if (personal != null) {
                    error(method, "@DataSubject component %s cannot be @PersonalData: it names the subject, and"
                            + " stays readable", at);
                }
            } else if (personal != null) {
                hasPersonal = true;
                if (type.getKind().isPrimitive()) {
                    error(method, "@PersonalData component %s is a %s: make it a %s, which can be null once"
                            + " forgotten", at, type, processingEnv.getTypeUtils().boxedClass((PrimitiveType) type)
                            .getSimpleName());
                }
                if (value(personal, "forgotten") instanceof String forgotten && !forgotten.isEmpty()
                        && !isClass(type, "java.lang.String")) {
                    error(method, "@PersonalData(forgotten = ...) component %s must be a String", at);
                }
                if (annotation(component.getAccessor(), JSONB_TRANSIENT) != null) {
                    error(method, "@PersonalData component %s is @JsonbTransient: JSON-B does not write it, so there"
                            + " is nothing to seal; remove one of the two", at);
                }
            }
            checkHeld(component.asType(), name, method, new HashSet<>());
        }
        for (RecordComponentElement component : event.getRecordComponents()) {
            String simple = component.getSimpleName().toString();
            if (hasPersonal && (simple.equals("$personal") || simple.equals("$subject"))) {
                error(method, "%s.%s is named %s, which a record with @PersonalData cannot use: it holds the sealed"
                        + " personal data", name, simple, simple);
            }
        }
    }

    private void checkHeld(TypeMirror type, String event, ExecutableElement method, Set<Element> seen) {
        if (type instanceof ArrayType array) {
            checkHeld(array.getComponentType(), event, method, seen);
        } else if (type instanceof DeclaredType declared && seen.add(declared.asElement())) {
            for (TypeMirror argument : declared.getTypeArguments()) {
                checkHeld(argument, event, method, seen);
            }
            TypeElement element = (TypeElement) declared.asElement();
            if (element.getKind() == ElementKind.RECORD) {
                for (RecordComponentElement component : element.getRecordComponents()) {
                    if (annotation(component, PERSONAL_DATA) != null || annotation(component, DATA_SUBJECT) != null) {
                        error(method, "%s.%s is marked in a record that event %s holds: only an event's own"
                                + " components are sealed; mark the component of %s that holds it @PersonalData",
                                binaryName(element), component.getSimpleName(), event, event);
                    }
                    checkHeld(component.asType(), event, method, seen);
                }
            }
        }
    }

    private static boolean isClass(TypeMirror type, String name) {
        return type instanceof DeclaredType declared
                && ((TypeElement) declared.asElement()).getQualifiedName().contentEquals(name);
    }

    private boolean heldByEvent(TypeElement value, List<TypeElement> events) {
        for (TypeElement event : events) {
            for (RecordComponentElement component : event.getRecordComponents()) {
                if (mentions(component.asType(), value)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean mentions(TypeMirror type, TypeElement value) {
        if (type instanceof DeclaredType declared) {
            if (declared.asElement().equals(value)) {
                return true;
            }
            for (TypeMirror argument : declared.getTypeArguments()) {
                if (mentions(argument, value)) {
                    return true;
                }
            }
        } else if (type instanceof ArrayType array) {
            return mentions(array.getComponentType(), value);
        } else if (type instanceof WildcardType wildcard && wildcard.getExtendsBound() != null) {
            return mentions(wildcard.getExtendsBound(), value);
        }
        return false;
    }

    private boolean isSubclass(TypeElement type, TypeElement base) {
        for (TypeElement c = superclass(type); c != null; c = superclass(c)) {
            if (c.equals(base)) {
                return true;
            }
        }
        return false;
    }

    private static TypeElement superclass(TypeElement type) {
        TypeMirror superclass = type.getSuperclass();
        return superclass.getKind() == TypeKind.DECLARED ? (TypeElement) ((DeclaredType) superclass).asElement()
                : null;
    }

    /** @return the annotation of the type named on the element, or null */
    private static AnnotationMirror annotation(Element element, String type) {
        for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
            if (((TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName().contentEquals(type)) {
                return mirror;
            }
        }
        return null;
    }

    /** @return the value the annotation sets for the element, or null */
    private static Object value(AnnotationMirror annotation, String element) {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry
                : annotation.getElementValues().entrySet()) {
            if (entry.getKey().getSimpleName().contentEquals(element)) {
                return entry.getValue().getValue();
            }
        }
        return null;
    }

    private static boolean isRecord(TypeMirror type) {
        return type.getKind() == TypeKind.DECLARED && ((DeclaredType) type).asElement().getKind() == ElementKind.RECORD;
    }

    private String eventName(TypeMirror type) {
        return binaryName((TypeElement) ((DeclaredType) type).asElement());
    }

    private String binaryName(TypeElement type) {
        return processingEnv.getElementUtils().getBinaryName(type).toString();
    }

    private void error(Element element, String format, Object... args) {
        processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, format.formatted(args), element);
    }

    /**
     * Writes the index, keeping the entries of an earlier compilation into the same output whose classes still
     * exist, so that an incremental compilation of some sources does not drop the others.
     */
    private void write(String resource, Set<String> names) {
        Set<String> all = new TreeSet<>(names);
        try {
            FileObject existing = processingEnv.getFiler().getResource(StandardLocation.CLASS_OUTPUT, "", resource);
            try (InputStream in = existing.openInputStream()) {
                for (String name : ClassIndexFormat.parse(in)) {
                    if (processingEnv.getElementUtils().getTypeElement(name.replace('$', '.')) != null) {
                        all.add(name);
                    }
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            // No earlier index: this compilation's entries are all there is.
        }
        if (all.isEmpty()) {
            return;
        }
        try {
            FileObject file = processingEnv.getFiler().createResource(StandardLocation.CLASS_OUTPUT, "", resource);
            try (Writer out = new OutputStreamWriter(file.openOutputStream(), StandardCharsets.UTF_8)) {
                for (String name : all) {
                    out.write(name);
                    out.write('\n');
                }
            }
        } catch (IOException e) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                    "Cannot write " + resource + ": " + e.getMessage());
        }
    }
}
