package io.paymenthub.hub.sqs;

import org.apache.camel.Endpoint;
import org.apache.camel.component.aws2.sqs.Sqs2Component;
import org.apache.camel.component.aws2.sqs.Sqs2ComponentConfigurer;
import org.apache.camel.component.aws2.sqs.Sqs2Configuration;
import org.apache.camel.component.aws2.sqs.Sqs2Endpoint;
import org.apache.camel.component.aws2.sqs.Sqs2EndpointConfigurer;
import org.apache.camel.spi.PropertyConfigurer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code aws2-sqs} whose endpoints are created without SQS answering. Camel's endpoint looks the queue URL up while
 * the route is being created, so a queue unreachable at start-up would stop the whole hub; here that lookup failing
 * for want of a connection is left to the first poll, which Camel repeats until the queue answers (the endpoint
 * looks a missing URL up again at every poll). The source's health shows the failing polls meanwhile.
 */
final class StartWithoutQueueSqsComponent extends Sqs2Component {

    private static final Logger log = LoggerFactory.getLogger(StartWithoutQueueSqsComponent.class);

    // Camel finds the generated configurers by the component's class name: this subclass uses aws2-sqs's own
    @Override
    public PropertyConfigurer getComponentPropertyConfigurer() {
        return new Sqs2ComponentConfigurer();
    }

    @Override
    public PropertyConfigurer getEndpointPropertyConfigurer() {
        return new Sqs2EndpointConfigurer();
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        Map<String, Object> unconsumed = new LinkedHashMap<>(parameters);
        // Camel's own checks of the queue name and options; the endpoint it returns is never initialised
        Sqs2Endpoint checked = (Sqs2Endpoint) super.createEndpoint(uri, remaining, parameters);
        QueueLookupAtPollEndpoint endpoint = new QueueLookupAtPollEndpoint(uri, this, checked.getConfiguration());
        setProperties(endpoint, unconsumed);
        return endpoint;
    }

    private static final class QueueLookupAtPollEndpoint extends Sqs2Endpoint {

        QueueLookupAtPollEndpoint(String uri, Sqs2Component component, Sqs2Configuration configuration) {
            super(uri, component, configuration);
        }

        @Override
        protected void doInit() throws Exception {
            try {
                super.doInit();
            } catch (SdkClientException e) {
                log.warn("SQS queue {} not reachable at start-up ({}); its consumer keeps polling until it answers",
                        getConfiguration().getQueueName(), e.getClass().getSimpleName());
            }
        }
    }
}
