package io.imagepipe.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * There is no Docker engine here, so the Dockerfile is read instruction by instruction and held to
 * the README: the same package command, the jar the README runs, {@code serve} as the command.
 */
class DockerfileTest {
    private record Instruction(String keyword, String arguments) {
    }

    private record Stage(String base, String name, List<Instruction> instructions) {
        List<String> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::arguments).toList();
        }

        int indexOf(String keyword, String containing) {
            for (int i = 0; i < instructions.size(); i++) {
                if (instructions.get(i).keyword().equals(keyword) && instructions.get(i).arguments().contains(containing)) {
                    return i;
                }
            }
            return -1;
        }
    }

    private static final List<Stage> STAGES = parse(Repository.read(Repository.DOCKERFILE));
    private static final String README = Repository.read(Repository.README);

    @Test
    void buildStageRunsTheReadmesPackageCommandAfterACachedDependencyLayer() {
        Matcher command = Pattern.compile("(\\./mvnw [^\\n&]*\\bpackage\\b[^\\n&]*?)\\s*(&&|\\n)").matcher(README);
        assertThat(command.find()).as("the README's package command").isTrue();
        Stage build = stage("build");
        int packaging = build.indexOf("RUN", command.group(1));
        assertThat(packaging).as("a RUN of '" + command.group(1) + "' in the build stage").isPositive();
        int dependencies = build.indexOf("RUN", "dependency:go-offline");
        int pom = build.indexOf("COPY", "pom.xml");
        int sources = build.indexOf("COPY", "src");
        assertThat(pom).isLessThan(dependencies);
        assertThat(dependencies).as("dependencies resolve before the sources are copied").isLessThan(sources);
        assertThat(sources).isLessThan(packaging);
        assertThat(build.all("RUN")).allSatisfy(run -> assertThat(run).contains("--mount=type=cache,target=/root/.m2"));
    }

    @Test
    void runtimeCopiesTheJarTheReadmeRunsAndStartsServe() throws Exception {
        Matcher run = Pattern.compile("java -jar (target/[\\w.-]+\\.jar)").matcher(README);
        assertThat(run.find()).as("the README's java -jar line").isTrue();
        Stage runtime = STAGES.get(STAGES.size() - 1);
        assertThat(runtime.name()).isEqualTo("runtime");
        String copy = runtime.all("COPY").stream().filter(c -> c.contains("--from=build")).findFirst().orElseThrow();
        String[] parts = copy.split("\\s+");
        assertThat(parts[parts.length - 2]).isEqualTo("/src/" + run.group(1));
        String jarInImage = parts[parts.length - 1];
        ObjectMapper json = new ObjectMapper();
        List<String> command = new ArrayList<>();
        for (String exec : List.of(single(runtime, "ENTRYPOINT"), single(runtime, "CMD"))) {
            for (var part : json.readTree(exec)) {
                command.add(part.asText());
            }
        }
        assertThat(command).containsExactly("java", "-jar", jarInImage, "serve");
    }

    @Test
    void runtimeIsASlimDebianJreWithTheSystemTurboJpegRunAsANumericNonRootUser() {
        Stage runtime = stage("runtime");
        assertThat(runtime.base()).matches("\\$\\{RUNTIME_IMAGE}|debian:.*-slim");
        assertThat(Repository.read(Repository.DOCKERFILE)).contains("ARG RUNTIME_IMAGE=debian:bookworm-slim");
        String installs = String.join(" ", runtime.all("RUN"));
        assertThat(installs).contains("openjdk-17-jre-headless", "libturbojpeg0", "--no-install-recommends",
                "rm -rf /var/lib/apt/lists/*");
        assertThat(installs).doesNotContain("openjdk-17-jdk");
        String user = single(runtime, "USER");
        assertThat(user).matches("[1-9][0-9]*:[1-9][0-9]*");
        Object chartUser = Yaml.at(Yaml.document(Repository.read(Repository.CHART.resolve("values.yaml"))),
                "podSecurityContext.runAsUser");
        assertThat(user).startsWith(chartUser + ":");
    }

    /** The chart and the plain manifests set JAVA_TOOL_OPTIONS themselves: the same JVM flags as the image's. */
    @Test
    void theChartAndTheManifestsGiveTheJvmTheImagesFlags() throws Exception {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("JAVA_TOOL_OPTIONS=\"([^\"]*)\"")
                .matcher(String.join(" ", stage("runtime").all("ENV")));
        assertThat(m.find()).isTrue();
        String image = m.group(1).replaceAll("-XX:MaxRAMPercentage=\\d+", "");
        String chart = Repository.read(Repository.CHART.resolve("templates/deployment.yaml"));
        String plain = Repository.read(Repository.KUSTOMIZE_BASE.resolve("deployment.yaml"));
        for (String flag : image.trim().split("\\s+")) {
            assertThat(chart).as("chart's JAVA_TOOL_OPTIONS").contains(flag);
            assertThat(plain).as("k8s/base's JAVA_TOOL_OPTIONS").contains(flag);
        }
        assertThat(image).contains("-XX:SharedArchiveFile=/opt/imagepipe/imagepipe-service.jsa");
        assertThat(String.join(" ", stage("runtime").all("RUN"))).contains("ArchiveTraining service /opt/imagepipe/imagepipe-service.jsa");
    }

    @Test
    void heapFollowsTheContainerAndOnlyTmpIsWritten() {
        String env = String.join(" ", stage("runtime").all("ENV"));
        assertThat(env).contains("-XX:MaxRAMPercentage=", "-Djava.io.tmpdir=/tmp");
        assertThat(String.join(" ", stage("runtime").all("EXPOSE"))).isEqualTo("8080");
    }

    @Test
    void imageCarriesOciLabels() {
        String labels = String.join(" ", stage("runtime").all("LABEL"));
        for (String key : List.of("title", "description", "version", "revision", "source", "licenses")) {
            assertThat(labels).contains("org.opencontainers.image." + key + "=");
        }
    }

    @Test
    void dockerignoreSendsOnlyWhatTheBuildCopies() {
        List<String> rules = Repository.read(Repository.ROOT.resolve(".dockerignore")).lines()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        for (String copied : List.of("mvnw", "pom.xml", ".mvn/wrapper/maven-wrapper.properties",
                "src/main/java/io/imagepipe/Main.java")) {
            assertThat(ignored(rules, copied)).as(copied + " reaches the build").isFalse();
        }
        for (String local : List.of("target/imagepipe.jar", ".git/HEAD", "data/uploads/x.jpg", "helm/imagepipe/Chart.yaml",
                "README.md")) {
            assertThat(ignored(rules, local)).as(local + " stays out of the build context").isTrue();
        }
    }

    /** Docker's rule: the last pattern matching the path or one of its parent folders decides. */
    private static boolean ignored(List<String> rules, String path) {
        boolean ignored = false;
        for (String rule : rules) {
            boolean negated = rule.startsWith("!");
            String pattern = (negated ? rule.substring(1) : rule).replaceAll("/$", "");
            var matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            for (Path p = Path.of(path); p != null; p = p.getParent()) {
                if (matcher.matches(p)) {
                    ignored = !negated;
                    break;
                }
            }
        }
        return ignored;
    }

    private static Stage stage(String name) {
        return STAGES.stream().filter(s -> name.equals(s.name())).findFirst()
                .orElseThrow(() -> new AssertionError("no stage named " + name));
    }

    private static String single(Stage stage, String keyword) {
        List<String> all = stage.all(keyword);
        assertThat(all).as(keyword + " in stage " + stage.name()).hasSize(1);
        return all.get(0);
    }

    private static List<Stage> parse(String dockerfile) {
        List<Stage> stages = new ArrayList<>();
        String joined = dockerfile.replaceAll("\\\\\\r?\\n", " ");
        for (String line : joined.split("\\r?\\n")) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] split = line.split("\\s+", 2);
            String keyword = split[0].toUpperCase(java.util.Locale.ROOT);
            String arguments = split.length > 1 ? split[1].strip() : "";
            if (keyword.equals("FROM")) {
                String[] from = arguments.split("\\s+");
                stages.add(new Stage(from[0], from.length == 3 && from[1].equalsIgnoreCase("AS") ? from[2] : null,
                        new ArrayList<>()));
            } else if (!stages.isEmpty()) {
                stages.get(stages.size() - 1).instructions().add(new Instruction(keyword, arguments));
            }
        }
        return stages;
    }
}
