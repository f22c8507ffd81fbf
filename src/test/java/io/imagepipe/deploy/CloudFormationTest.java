package io.imagepipe.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** deploy/cloudformation.yaml parsed and its wiring checked; the IAM policy against the code's own calls. */
class CloudFormationTest {
    private static final Map<String, Object> TEMPLATE = CloudFormation.load(Repository.read(Repository.CLOUDFORMATION));
    /** IAM actions the service needs beyond its calls, and why. */
    private static final Map<String, String> DOCUMENTED_EXTRAS = Map.of("s3:ListBucket",
            "on the source buckets, so that GetObject of a missing key answers 404 (gone), not 403 (rejected)");
    /** S3 operations whose IAM action is not named after them. */
    private static final Map<String, List<String>> S3_ACTIONS = Map.of(
            "HeadObject", List.of("s3:GetObject"),
            "HeadBucket", List.of("s3:ListBucket"),
            "ListObjectsV2", List.of("s3:ListBucket"),
            "ListObjects", List.of("s3:ListBucket"),
            "DeleteObjects", List.of("s3:DeleteObject"),
            "CopyObject", List.of("s3:GetObject", "s3:PutObject"),
            "CreateMultipartUpload", List.of("s3:PutObject"),
            "UploadPart", List.of("s3:PutObject"),
            "CompleteMultipartUpload", List.of("s3:PutObject"),
            "ListObjectVersions", List.of("s3:ListBucketVersions"));

    @Test
    void everyReferenceNamesAResourceOrParameter() {
        Set<String> known = new TreeSet<>(resources().keySet());
        known.addAll(Yaml.map(TEMPLATE.get("Parameters")).keySet());
        List<String> dangling = new ArrayList<>();
        walk(TEMPLATE, (key, value) -> {
            if (key.equals("Ref") && !((String) value).startsWith("AWS::") && !known.contains(value)) {
                dangling.add("Ref " + value);
            }
            if (key.equals("Fn::GetAtt") && !known.contains(Yaml.list(value).get(0))) {
                dangling.add("GetAtt " + value);
            }
            if (key.equals("Fn::Sub")) {
                var m = java.util.regex.Pattern.compile("\\$\\{([^}!]+)}").matcher((String) value);
                while (m.find()) {
                    String name = m.group(1).split("\\.")[0];
                    if (!name.startsWith("AWS::") && !known.contains(name)) {
                        dangling.add("Sub ${" + m.group(1) + "}");
                    }
                }
            }
        });
        assertThat(dangling).isEmpty();
        assertThat(TEMPLATE.get("AWSTemplateFormatVersion")).isEqualTo("2010-09-09");
    }

    @Test
    void sourceBucketNotifiesTheTopicOfCreatesAndRemovesAndTheTopicFeedsTheQueue() {
        Map<String, Object> source = resource("SourceBucket", "AWS::S3::Bucket");
        List<Object> topics = Yaml.list(Yaml.at(source, "Properties.NotificationConfiguration.TopicConfigurations"));
        assertThat(topics).extracting(t -> Yaml.at(t, "Event")).containsExactlyInAnyOrder("s3:ObjectCreated:*",
                "s3:ObjectRemoved:*");
        assertThat(topics).allSatisfy(t -> assertThat(Yaml.at(t, "Topic")).isEqualTo(ref("EventTopic")));
        assertThat(Yaml.at(resource("OutputBucket", "AWS::S3::Bucket"), "Properties.NotificationConfiguration"))
                .as("writes to the output bucket notify nobody").isNull();
        assertThat(Yaml.list(source.get("DependsOn") instanceof List<?> l ? l : List.of(source.get("DependsOn"))))
                .as("S3 checks it may publish when the notification is created").contains("EventTopicPolicy");

        Map<String, Object> topicPolicy = resource("EventTopicPolicy", "AWS::SNS::TopicPolicy");
        Object publish = Yaml.at(topicPolicy, "Properties.PolicyDocument.Statement.0");
        assertThat(Yaml.at(publish, "Principal.Service")).isEqualTo("s3.amazonaws.com");
        assertThat(Yaml.at(publish, "Action")).isEqualTo("sns:Publish");
        assertThat(Yaml.at(publish, "Condition.ArnLike")).isEqualTo(
                Map.of("aws:SourceArn", Map.of("Fn::Sub", "arn:aws:s3:::${SourceBucketName}")));

        Map<String, Object> subscription = resource("EventSubscription", "AWS::SNS::Subscription");
        assertThat(Yaml.at(subscription, "Properties.TopicArn")).isEqualTo(ref("EventTopic"));
        assertThat(Yaml.at(subscription, "Properties.Protocol")).isEqualTo("sqs");
        assertThat(Yaml.at(subscription, "Properties.Endpoint")).isEqualTo(getAtt("EventQueue", "Arn"));

        Object deliver = Yaml.at(resource("EventQueuePolicy", "AWS::SQS::QueuePolicy"), "Properties.PolicyDocument.Statement.0");
        assertThat(Yaml.at(deliver, "Principal.Service")).isEqualTo("sns.amazonaws.com");
        assertThat(Yaml.at(deliver, "Action")).isEqualTo("sqs:SendMessage");
        assertThat(Yaml.at(deliver, "Resource")).isEqualTo(getAtt("EventQueue", "Arn"));
        assertThat(Yaml.map(Yaml.at(deliver, "Condition.ArnEquals"))).containsEntry("aws:SourceArn", ref("EventTopic"));
    }

    @Test
    void queueRedrivesToTheDeadLetterQueueAndHidesMessagesLongerThanAPodDrains() {
        Map<String, Object> queue = resource("EventQueue", "AWS::SQS::Queue");
        assertThat(Yaml.at(queue, "Properties.RedrivePolicy.deadLetterTargetArn")).isEqualTo(getAtt("DeadLetterQueue", "Arn"));
        assertThat(Yaml.at(queue, "Properties.RedrivePolicy.maxReceiveCount")).isEqualTo(ref("MaxReceiveCount"));
        assertThat(Yaml.at(TEMPLATE, "Parameters.MaxReceiveCount.Default")).isEqualTo(5);
        assertThat(Yaml.at(queue, "Properties.ReceiveMessageWaitTimeSeconds")).isEqualTo(20);
        assertThat(Yaml.at(resource("DeadLetterQueue", "AWS::SQS::Queue"), "Properties.MessageRetentionPeriod"))
                .isEqualTo(1209600);

        assertThat(Yaml.at(queue, "Properties.VisibilityTimeout")).isEqualTo(ref("VisibilityTimeoutSeconds"));
        Object visibility = Yaml.at(TEMPLATE, "Parameters.VisibilityTimeoutSeconds.Default");
        Manifests chart = HelmChart.render();
        assertThat(visibility).as("the stack's and the chart's visibility timeouts")
                .isEqualTo(Integer.parseInt(chart.env().get("IMAGEPIPE_VISIBILITY_TIMEOUT_SECONDS")));
        assertThat((Integer) visibility).isGreaterThan((Integer) chart.podSpec().get("terminationGracePeriodSeconds"));
    }

    @Test
    void bucketsBlockPublicAccessEncryptAndExpireOldVersions() {
        for (String name : List.of("SourceBucket", "OutputBucket")) {
            Map<String, Object> properties = Yaml.map(resource(name, "AWS::S3::Bucket").get("Properties"));
            assertThat(Yaml.map(properties.get("PublicAccessBlockConfiguration"))).as(name).containsOnly(
                    Map.entry("BlockPublicAcls", true), Map.entry("BlockPublicPolicy", true),
                    Map.entry("IgnorePublicAcls", true), Map.entry("RestrictPublicBuckets", true));
            assertThat(Yaml.at(properties, "BucketEncryption.ServerSideEncryptionConfiguration.0"
                    + ".ServerSideEncryptionByDefault.SSEAlgorithm")).as(name).isIn("AES256", "aws:kms");
            assertThat(Yaml.at(properties, "VersioningConfiguration.Status")).isEqualTo("Enabled");
            assertThat(Yaml.at(properties, "LifecycleConfiguration.Rules.0.NoncurrentVersionExpiration.NoncurrentDays"))
                    .isEqualTo(ref("NoncurrentVersionDays"));
        }
    }

    @Test
    void policyGrantsExactlyWhatTheCodeCalls() {
        Map<ClientCalls.Operation, Set<String>> calls = ClientCalls.inService();
        assertThat(calls.keySet()).extracting(ClientCalls.Operation::name).contains("GetObject", "ReceiveMessage");
        Map<String, List<String>> needed = new TreeMap<>();
        for (var call : calls.entrySet()) {
            for (String action : actions(call.getKey())) {
                needed.computeIfAbsent(action, a -> new ArrayList<>()).add(call.getKey().service() + " "
                        + call.getKey().name() + " (" + String.join(", ", call.getValue()) + ")");
            }
        }
        Set<String> granted = grantedActions(policy());
        List<String> problems = new ArrayList<>();
        needed.forEach((action, why) -> {
            if (!granted.contains(action)) {
                problems.add("the code calls " + String.join("; ", why) + ", which needs " + action
                        + ": add " + action + " to deploy/iam-policy.json, the ServiceRole policy in"
                        + " deploy/cloudformation.yaml and the README's IAM section");
            }
        });
        for (String action : granted) {
            if (!needed.containsKey(action) && !DOCUMENTED_EXTRAS.containsKey(action)) {
                problems.add("the policy grants " + action + ", which no code calls: remove it (least privilege), or"
                        + " list it with its reason in CloudFormationTest.DOCUMENTED_EXTRAS");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void sourcesAreReadAndListedOnlyAndOutputsWrittenOnlyInTheirOwnBucket() {
        Map<String, Set<String>> byResource = new TreeMap<>();
        for (Object statement : Yaml.list(policy().get("Statement"))) {
            assertThat(Yaml.at(statement, "Effect")).isEqualTo("Allow");
            for (Object resource : Yaml.list(Yaml.at(statement, "Resource"))) {
                byResource.computeIfAbsent((String) resource, r -> new TreeSet<>())
                        .addAll(Yaml.list(Yaml.at(statement, "Action")).stream().map(String.class::cast).toList());
            }
        }
        // s3:ListBucket on the source bucket makes a missing key read 404 (gone), not 403 (rejected).
        assertThat(byResource.get("arn:aws:s3:::${SourceBucketName}")).containsExactly("s3:ListBucket");
        assertThat(byResource.get("arn:aws:s3:::${SourceBucketName}/*")).containsExactly("s3:GetObject");
        assertThat(byResource.get("arn:aws:s3:::${OutputBucketName}/*")).doesNotContain("s3:ListBucket")
                .contains("s3:PutObject", "s3:DeleteObject");
        assertThat(byResource.get("arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:${QueueName}-dlq"))
                .containsExactlyInAnyOrder("sqs:SendMessage", "sqs:GetQueueUrl");
        assertThat(byResource.keySet()).noneMatch(r -> r.contains("*") && !r.endsWith("/*"));
    }

    @Test
    void plainJsonPolicyIsTheStacksPolicy() throws Exception {
        Object json = new ObjectMapper().readValue(Repository.IAM_POLICY.toFile(), Map.class);
        assertThat(json).isEqualTo(policy());
    }

    @Test
    void roleTrustsOnlyTheServiceAccountAndKedasOperator() throws Exception {
        Map<String, Object> role = resource("ServiceRole", "AWS::IAM::Role");
        String trust = (String) Yaml.at(role, "Properties.AssumeRolePolicyDocument.Fn::Sub");
        assertThat(trust).as("the trust policy is a Fn::Sub string").isNotNull();
        var document = new ObjectMapper().readTree(trust);
        assertThat(document.at("/Statement/0/Action").asText()).isEqualTo("sts:AssumeRoleWithWebIdentity");
        assertThat(document.at("/Statement/0/Condition/StringEquals").toString())
                .contains("\"${EksOidcIssuer}:sub\":\"system:serviceaccount:${ServiceAccountNamespace}:${ServiceAccountName}\"")
                .contains("\"${EksOidcIssuer}:aud\":\"sts.amazonaws.com\"");
        assertThat(document.at("/Statement/1/Principal/AWS").asText()).endsWith(":role/${KedaOperatorRoleName}");
        assertThat(Yaml.at(TEMPLATE, "Parameters.ServiceAccountName.Default"))
                .isEqualTo(Yaml.at(HelmChart.render().one("ServiceAccount"), "metadata.name"));
        Object keda = Yaml.at(resource("KedaQueueReadPolicy", "AWS::IAM::ManagedPolicy"), "Properties.PolicyDocument.Statement.0");
        assertThat(Yaml.at(keda, "Action")).isEqualTo(List.of("sqs:GetQueueAttributes"));
        assertThat(Yaml.at(keda, "Resource")).isEqualTo(List.of(getAtt("EventQueue", "Arn")));
        assertThat(Yaml.map(TEMPLATE.get("Outputs")).keySet()).contains("QueueUrl", "DeadLetterQueueUrl", "ServiceRoleArn",
                "SourceBucketName", "OutputBucketName");
    }

    /** The IAM actions one operation needs. */
    static List<String> actions(ClientCalls.Operation operation) {
        if (operation.service().equals("s3")) {
            return S3_ACTIONS.getOrDefault(operation.name(), List.of("s3:" + operation.name()));
        }
        return List.of("sqs:" + operation.name().replaceFirst("Batch$", ""));
    }

    /** The ServiceRole's inline policy with every {@code Fn::Sub} string in place of its function. */
    static Map<String, Object> policy() {
        Object document = Yaml.at(resource("ServiceRole", "AWS::IAM::Role"), "Properties.Policies.0.PolicyDocument");
        return Yaml.map(unwrapSub(document));
    }

    private static Set<String> grantedActions(Map<String, Object> policy) {
        Set<String> actions = new TreeSet<>();
        for (Object statement : Yaml.list(policy.get("Statement"))) {
            for (Object action : Yaml.list(Yaml.at(statement, "Action"))) {
                actions.add((String) action);
            }
        }
        return actions;
    }

    private static Object unwrapSub(Object value) {
        if (value instanceof Map<?, ?> m) {
            if (m.size() == 1 && m.containsKey("Fn::Sub") && m.get("Fn::Sub") instanceof String s) {
                return s;
            }
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put((String) k, unwrapSub(v)));
            return copy;
        }
        if (value instanceof List<?> l) {
            return l.stream().map(CloudFormationTest::unwrapSub).toList();
        }
        return value;
    }

    private static Map<String, Object> resources() {
        return Yaml.map(TEMPLATE.get("Resources"));
    }

    static Map<String, Object> resource(String name, String type) {
        Map<String, Object> resource = Yaml.map(resources().get(name));
        assertThat(resource.get("Type")).as(name).isEqualTo(type);
        return resource;
    }

    private static Map<String, Object> ref(String name) {
        return Map.of("Ref", name);
    }

    private static Map<String, Object> getAtt(String name, String attribute) {
        return Map.of("Fn::GetAtt", List.of(name, attribute));
    }

    private static void walk(Object node, java.util.function.BiConsumer<String, Object> visitor) {
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                visitor.accept((String) k, v);
                walk(v, visitor);
            });
        } else if (node instanceof List<?> l) {
            l.forEach(v -> walk(v, visitor));
        }
    }
}
