package io.imagepipe.deploy;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The S3 and SQS operations the service's compiled code calls, read from the constant pools of its
 * class files: every call site of an AWS SDK client or presigner method leaves a method reference
 * there, lambdas and error paths included, whether or not a test exercises it. Local mode's own
 * servers and set-up ({@code io/imagepipe/local}) are not part of a deployment and are left out.
 */
final class ClientCalls {
    /** One operation and the classes calling it. */
    record Operation(String service, String name) implements Comparable<Operation> {
        @Override
        public int compareTo(Operation o) {
            return (service + name).compareTo(o.service + o.name);
        }
    }

    private static final Pattern CLIENT = Pattern.compile(
            "software/amazon/awssdk/services/(s3|sqs)/(?:presigner/)?\\w*(Client|Presigner)");
    private static final Set<String> NOT_OPERATIONS = Set.of("close", "serviceName", "serviceClientConfiguration",
            "utilities", "waiter", "builder", "create", "batchManager", "<init>");
    private static final List<String> EXCLUDED_PACKAGES = List.of("io/imagepipe/local/");

    private ClientCalls() {
    }

    /** operation -> the classes that call it */
    static Map<Operation, Set<String>> inService() {
        Path classes = classesDirectory();
        Map<Operation, Set<String>> calls = new TreeMap<>();
        try (var files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String relative = classes.relativize(file).toString().replace('\\', '/');
                if (!relative.endsWith(".class") || EXCLUDED_PACKAGES.stream().anyMatch(relative::startsWith)) {
                    continue;
                }
                String caller = relative.replaceAll("\\$.*|\\.class$", "").replace('/', '.');
                try (InputStream in = Files.newInputStream(file)) {
                    for (String[] ref : methodReferences(in)) {
                        Matcher client = CLIENT.matcher(ref[0]);
                        if (client.matches() && !NOT_OPERATIONS.contains(ref[1])) {
                            calls.computeIfAbsent(new Operation(client.group(1), operationName(ref[1])),
                                    k -> new TreeSet<>()).add(caller);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return calls;
    }

    /** presignGetObject -> GetObject, listObjectsV2Paginator -> ListObjectsV2. */
    private static String operationName(String method) {
        String name = method.replaceFirst("^presign", "").replaceFirst("Paginator$", "");
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    private static Path classesDirectory() {
        try {
            return Path.of(io.imagepipe.Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** [class internal name, method name] of every Methodref and InterfaceMethodref in a class file. */
    private static List<String[]> methodReferences(InputStream classFile) throws IOException {
        DataInputStream in = new DataInputStream(classFile);
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        Map<Integer, String> utf8 = new HashMap<>();
        Map<Integer, Integer> classNames = new HashMap<>();
        Map<Integer, Integer> nameAndTypeNames = new HashMap<>();
        List<int[]> methodRefs = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8.put(i, in.readUTF());
                case 7 -> classNames.put(i, in.readUnsignedShort());
                case 8, 16, 19, 20 -> in.readUnsignedShort();
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                case 9 -> in.readInt();
                case 10, 11 -> methodRefs.add(new int[] {in.readUnsignedShort(), in.readUnsignedShort()});
                case 12 -> {
                    nameAndTypeNames.put(i, in.readUnsignedShort());
                    in.readUnsignedShort();
                }
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                case 17, 18 -> in.readInt();
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        List<String[]> refs = new ArrayList<>();
        for (int[] ref : methodRefs) {
            refs.add(new String[] {utf8.get(classNames.get(ref[0])), utf8.get(nameAndTypeNames.get(ref[1]))});
        }
        return refs;
    }
}
