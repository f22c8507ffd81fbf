package io.imagepipe.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;

/** The invocation context the runtime passes: only the remaining time matters to the handlers. */
record TestContext(long deadlineMillis) implements Context {
    static TestContext seconds(int seconds) {
        return new TestContext(System.currentTimeMillis() + seconds * 1000L);
    }

    public String getAwsRequestId() {
        return "c6af9ac6-7b61-11e6-9a41-93e812345678";
    }

    public String getLogGroupName() {
        return "/aws/lambda/imagepipe";
    }

    public String getLogStreamName() {
        return "2026/12/01/[$LATEST]abcdef";
    }

    public String getFunctionName() {
        return "imagepipe";
    }

    public String getFunctionVersion() {
        return "1";
    }

    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:us-east-1:123456789012:function:imagepipe:live";
    }

    public CognitoIdentity getIdentity() {
        return null;
    }

    public ClientContext getClientContext() {
        return null;
    }

    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, deadlineMillis - System.currentTimeMillis());
    }

    public int getMemoryLimitInMB() {
        return 1769;
    }

    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            public void log(String message) {
                System.out.println(message);
            }

            public void log(byte[] message) {
                System.out.println(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
