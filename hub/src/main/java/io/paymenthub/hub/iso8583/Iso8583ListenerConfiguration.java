package io.paymenthub.hub.iso8583;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.paymenthub.hub.config.HubProperties;
import io.paymenthub.hub.config.HubProperties.Iso8583Listener;
import io.paymenthub.hub.config.HubProperties.Tls;
import io.paymenthub.iso8583.AnswerIso8583Processor;
import io.paymenthub.iso8583.Iso8583Dialects;
import org.apache.camel.component.netty.ChannelHandlerFactories;
import org.apache.camel.component.netty.ChannelHandlerFactory;
import org.apache.camel.component.netty.DefaultChannelHandlerFactory;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.SSLContextServerParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.TimeUnit;

/**
 * The Netty pieces the {@code ingest-iso8583} route names: 2-byte length framing, limits, TLS, and the answers.
 * Inbound: connection limit → idle timeout → length-field frame → bytes. Outbound: bytes → length prefix.
 */
@Configuration(proxyBeanMethods = false)
class Iso8583ListenerConfiguration {

    private static final int LENGTH_BYTES = 2;

    @Bean
    ConnectionLimitHandler iso8583ConnectionLimit(HubProperties properties, MeterRegistry meters) {
        Iso8583Listener listener = properties.sources().iso8583();
        return new ConnectionLimitHandler(listener.maxConnections(), listener.maxConnectionsPerAddress(), meters);
    }

    @Bean
    ChannelHandlerFactory iso8583IdleTimeout(HubProperties properties) {
        long seconds = properties.sources().iso8583().idleTimeout().toSeconds();
        return new DefaultChannelHandlerFactory() {
            @Override
            public io.netty.channel.ChannelHandler newChannelHandler() {
                return new ReadTimeoutHandler(seconds, TimeUnit.SECONDS);
            }
        };
    }

    /** Frames of at most {@code max-frame-bytes}; a longer announced length closes the connection at once. */
    @Bean
    ChannelHandlerFactory iso8583FrameDecoder(HubProperties properties) {
        return ChannelHandlerFactories.newLengthFieldBasedFrameDecoder(
                properties.sources().iso8583().maxFrameBytes(), 0, LENGTH_BYTES, 0, LENGTH_BYTES);
    }

    @Bean
    ChannelHandlerFactory iso8583BytesDecoder() {
        return ChannelHandlerFactories.newByteArrayDecoder("tcp");
    }

    @Bean
    LengthFieldPrepender iso8583FramePrefix() {
        return new LengthFieldPrepender(LENGTH_BYTES);
    }

    @Bean
    ChannelHandlerFactory iso8583BytesEncoder() {
        return ChannelHandlerFactories.newByteArrayEncoder("tcp");
    }

    /** Always defined so the route can name it; only used when {@code hub.sources.iso8583.tls.enabled}. */
    @Bean
    SSLContextParameters iso8583Tls(HubProperties properties) {
        Iso8583Listener listener = properties.sources().iso8583();
        Tls tls = listener.tls();
        SSLContextParameters parameters = new SSLContextParameters();
        if (tls.enabled()) {
            if (tls.keystore() == null || tls.keystorePassword() == null) {
                throw new IllegalStateException("hub.sources.iso8583.tls.keystore and keystore-password are required when TLS is on");
            }
            KeyStoreParameters keyStore = new KeyStoreParameters();
            keyStore.setResource(tls.keystore());
            keyStore.setPassword(tls.keystorePassword());
            keyStore.setType(tls.keystoreType());
            KeyManagersParameters keyManagers = new KeyManagersParameters();
            keyManagers.setKeyStore(keyStore);
            keyManagers.setKeyPassword(tls.keystorePassword());
            parameters.setKeyManagers(keyManagers);
            SSLContextServerParameters server = new SSLContextServerParameters();
            server.setClientAuthentication(tls.clientAuth() == Tls.ClientAuth.NEED ? "REQUIRE" : "NONE");
            parameters.setServerParameters(server);
            if (tls.clientAuth() == Tls.ClientAuth.NEED) {
                KeyStoreParameters trustStore = new KeyStoreParameters();
                trustStore.setResource(tls.truststore());
                trustStore.setPassword(tls.truststorePassword());
                trustStore.setType(tls.truststoreType());
                TrustManagersParameters trustManagers = new TrustManagersParameters();
                trustManagers.setKeyStore(trustStore);
                parameters.setTrustManagers(trustManagers);
            }
        }
        return parameters;
    }

    /**
     * Whether a peer must present a certificate: the route hands it to netty ({@code needClientAuth}), which sets it
     * on each connection's TLS engine over what {@link #iso8583Tls} says.
     */
    @Bean
    Iso8583ClientCertificates iso8583ClientCertificates(HubProperties properties) {
        Tls tls = properties.sources().iso8583().tls();
        return new Iso8583ClientCertificates(tls.enabled() && tls.clientAuth() == Tls.ClientAuth.NEED);
    }

    public record Iso8583ClientCertificates(boolean required) {
    }

    @Bean
    AnswerIso8583Processor answerIso8583Approved(Iso8583Dialects dialects) {
        return new AnswerIso8583Processor(dialects, AnswerIso8583Processor.APPROVED);
    }

    @Bean
    AnswerIso8583Processor answerIso8583FormatError(Iso8583Dialects dialects) {
        return new AnswerIso8583Processor(dialects, AnswerIso8583Processor.FORMAT_ERROR);
    }

    @Bean
    AnswerIso8583Processor answerIso8583SystemMalfunction(Iso8583Dialects dialects) {
        return new AnswerIso8583Processor(dialects, AnswerIso8583Processor.SYSTEM_MALFUNCTION);
    }
}
