package io.imagepipe.deploy;

import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A CloudFormation template read with SnakeYAML, its short-form tags turned into the long form
 * CloudFormation itself uses: {@code !Ref X} is {@code {Ref: X}}, {@code !GetAtt A.B} is
 * {@code {Fn::GetAtt: [A, B]}}, and any other {@code !Fn v} is {@code {Fn::Fn: v}}.
 */
final class CloudFormation {
    private CloudFormation() {
    }

    static Map<String, Object> load(String text) {
        return Yaml.map(new org.yaml.snakeyaml.Yaml(new IntrinsicFunctions()).load(text));
    }

    private static final class IntrinsicFunctions extends SafeConstructor {
        IntrinsicFunctions() {
            super(new LoaderOptions());
            yamlMultiConstructors.put("!", new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    String function = node.getTag().getValue().substring(1);
                    Object value;
                    if (node instanceof ScalarNode scalar) {
                        value = constructScalar(scalar);
                    } else if (node instanceof SequenceNode sequence) {
                        value = constructSequence(sequence);
                    } else {
                        value = constructMapping((MappingNode) node);
                    }
                    if (function.equals("Ref")) {
                        return Map.of("Ref", value);
                    }
                    if (function.equals("GetAtt") && value instanceof String dotted) {
                        int dot = dotted.indexOf('.');
                        return Map.of("Fn::GetAtt", List.of(dotted.substring(0, dot), dotted.substring(dot + 1)));
                    }
                    return Map.of("Fn::" + function, value);
                }
            });
        }
    }
}
