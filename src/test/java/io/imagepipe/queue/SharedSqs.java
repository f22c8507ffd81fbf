package io.imagepipe.queue;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands every test class of the run the same {@link SqsTestSupport}: starting ElasticMQ and closing
 * a Netty SDK client take seconds each, so they happen once, and the root store closes it at the end.
 */
final class SharedSqs implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SqsTestSupport.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.create(SharedSqs.class))
                .getOrComputeIfAbsent(SqsTestSupport.class, k -> new SqsTestSupport(), SqsTestSupport.class);
    }
}
