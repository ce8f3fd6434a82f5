package io.eventsourcing.samples.dogschool;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code java} snippet of the README compiles as pasted, with the annotation processor a user's javac runs, in
 * a project that has the classes of the snippets before it (as a reader going down the README has): its imports are
 * its own; each top-level type goes to a file of its own; the statements between them go, in order, into a method.
 * And the plain-Java POM of the README is the POM that {@code it/src/it/readme-pom} builds.
 */
class ReadmeSnippetsTest {

    private static final Path ROOT = Path.of("../..");
    private static final Pattern SNIPPET = Pattern.compile("(?m)^( *)```java\\n(.*?)^\\1```$", Pattern.DOTALL);
    private static final Pattern TYPE = Pattern.compile(
            "^(?:public |final |abstract |sealed |non-sealed )*(?:class|record|interface|enum|@interface) (\\w+)");

    @TestFactory
    Stream<DynamicTest> every_java_snippet_compiles_as_pasted() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        List<DynamicTest> tests = new ArrayList<>();
        Map<String, String> earlierTypes = new LinkedHashMap<>();      // simple name -> its file, imports included
        Matcher snippets = SNIPPET.matcher(readme);
        while (snippets.find()) {
            int line = (int) readme.substring(0, snippets.start()).chars().filter(c -> c == '\n').count() + 1;
            Snippet snippet = Snippet.parse(snippets.group(2), snippets.group(1).length());
            Map<String, String> files = new LinkedHashMap<>(earlierTypes);
            files.putAll(snippet.types());
            if (!snippet.statements().isBlank()) {
                files.put("Statements", snippet.imports() + "public class Statements {\n"
                        + "    void run() throws Exception {\n" + snippet.statements() + "    }\n}\n");
            }
            tests.add(DynamicTest.dynamicTest("README.md line " + line, () -> compile(line, files)));
            earlierTypes.putAll(snippet.types());
        }
        assertThat(tests).hasSizeGreaterThan(5);
        return tests.stream();
    }

    @Test
    void the_plain_java_pom_of_the_readme_is_the_one_the_user_project_builds() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        Matcher pom = Pattern.compile("(?s)```xml\\n(<project .*?</project>\\n)```").matcher(readme);
        assertThat(pom.find()).as("a ```xml block holding a whole <project> in README.md").isTrue();
        assertThat(userProject("it/src/it/quickstart/pom.xml")).contains(pom.group(1));
    }

    @Test
    void the_weld_se_dependencies_of_the_readme_are_those_the_user_project_builds_with() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        Matcher weld = Pattern.compile("(?s)\\*\\*Weld SE\\*\\*.*?```xml\\n(.*?)```").matcher(readme);
        assertThat(weld.find()).as("the Weld SE dependencies in README.md").isTrue();
        String project = compact(userProject("it/src/it/weld-se/pom.xml"));
        Matcher dependency = Pattern.compile("(?s)<dependency>.*?</dependency>").matcher(weld.group(1));
        int found = 0;
        while (dependency.find()) {
            assertThat(project).contains(compact(dependency.group()));
            found++;
        }
        assertThat(found).isEqualTo(4);
    }

    /** XML without comments and without the white space between elements. */
    private static String compact(String xml) {
        return xml.replaceAll("(?s)<!--.*?-->", "").replaceAll(">\\s+<", "><").strip();
    }

    /**
     * A user project's POM with its {@code @property@} placeholders filled in from the properties of the root POM and
     * of the BOM, its parent, as the build does.
     */
    private static String userProject(String path) throws IOException {
        String root = Files.readString(ROOT.resolve("pom.xml"), StandardCharsets.UTF_8);
        Map<String, String> properties = new LinkedHashMap<>();
        for (String pom : List.of(Files.readString(ROOT.resolve("bom/pom.xml"), StandardCharsets.UTF_8), root)) {
            Matcher property = Pattern.compile("<([\\w.-]+)>([^<]*)</\\1>")
                    .matcher(pom.substring(pom.indexOf("<properties>"), pom.indexOf("</properties>")));
            while (property.find()) {
                properties.put(property.group(1), property.group(2));
            }
        }
        Matcher version = Pattern.compile("<artifactId>eventsourcing-bom</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(root);
        assertThat(version.find()).isTrue();
        properties.put("project.version", version.group(1));
        return Pattern.compile("@([\\w.-]+)@").matcher(Files.readString(ROOT.resolve(path), StandardCharsets.UTF_8))
                .replaceAll(m -> {
                    String value = properties.get(m.group(1));
                    assertThat(value).as("property %s of %s, in pom.xml or bom/pom.xml", m.group(1), path).isNotNull();
                    return Matcher.quoteReplacement(value);
                });
    }

    private static void compile(int line, Map<String, String> files) throws IOException {
        Path dir = Files.createTempDirectory("readme-" + line);
        List<Path> sources = new ArrayList<>();
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path source = dir.resolve("src/snippet/" + file.getKey() + ".java");
            Files.createDirectories(source.getParent());
            Files.writeString(source, "package snippet;\n" + file.getValue(), StandardCharsets.UTF_8);
            sources.add(source);
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager manager = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-d", Files.createDirectories(dir.resolve("classes")).toString(),
                    "-classpath", System.getProperty("java.class.path"), "-Xlint:none");
            boolean compiled = javac.getTask(null, manager, diagnostics, options, null,
                    manager.getJavaFileObjectsFromPaths(sources)).call();
            String errors = diagnostics.getDiagnostics().stream()
                    .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                    .map(d -> (d.getSource() == null ? "" : Path.of(d.getSource().toUri()).getFileName() + ":"
                            + d.getLineNumber() + ": ") + d.getMessage(null))
                    .collect(Collectors.joining("\n"));
            assertThat(compiled).as("the snippet at README.md line %d compiles:\n%s\nin %s", line, errors, dir)
                    .isTrue();
        }
    }

    /** A snippet cut as a user pastes it: imports, top-level types (a file each), statements (a method's body). */
    private record Snippet(String imports, Map<String, String> types, String statements) {

        static Snippet parse(String text, int indent) {
            StringBuilder imports = new StringBuilder();
            Map<String, String> types = new LinkedHashMap<>();
            StringBuilder statements = new StringBuilder();
            List<String> lines = text.lines().map(l -> l.length() >= indent ? l.substring(indent) : l.strip()).toList();
            List<String> pending = new ArrayList<>();                    // annotations and comments before a type
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i);
                if (l.startsWith("import ")) {
                    imports.append(l).append('\n');
                } else if (l.startsWith("@") && !l.startsWith("@interface")) {
                    pending.add(l);
                } else {
                    Matcher type = TYPE.matcher(l);
                    if (type.find()) {
                        StringBuilder body = new StringBuilder(String.join("\n", pending)).append('\n');
                        pending.clear();
                        int depth = 0;
                        boolean opened = false;
                        for (; i < lines.size(); i++) {
                            String b = lines.get(i);
                            body.append(b).append('\n');
                            for (char c : code(b).toCharArray()) {
                                if (c == '{') {
                                    depth++;
                                    opened = true;
                                } else if (c == '}') {
                                    depth--;
                                }
                            }
                            if (opened && depth == 0) {
                                break;
                            }
                        }
                        types.put(type.group(1), body.toString());
                    } else {
                        pending.forEach(p -> statements.append("        ").append(p).append('\n'));
                        pending.clear();
                        statements.append("        ").append(l).append('\n');
                    }
                }
            }
            types.replaceAll((name, body) -> imports + body);
            return new Snippet(imports.toString(), types, statements.toString());
        }

        /** The line without string literals and its end-of-line comment, for counting braces. */
        private static String code(String line) {
            return line.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"").replaceAll("//.*", "");
        }
    }
}
