package io.paymenthub.hub;

import io.paymenthub.devservices.DevServicesExtension;
import io.paymenthub.devservices.FreePorts;
import io.paymenthub.hub.support.Iso8583TestClient;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;

import static org.assertj.core.api.Assertions.assertThat;

/** With TLS on, the listener speaks TLS with the keystore it was given, and answers as before. */
@ExtendWith(DevServicesExtension.class)
class Iso8583TlsIT {

    private static final String PASSWORD = "changeit-test";

    @Test
    void answersASignOnOverTls(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("iso8583.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "hub", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD).inheritIO().start();
        assertThat(keytool.waitFor()).isZero();
        int port = FreePorts.next();

        try (ConfigurableApplicationContext hub = new SpringApplicationBuilder(PaymentHubApplication.class)
                .profiles("local")
                .run("--server.port=0", "--camel.main.name=payment-hub-tls",
                        "--hub.sources.kafka.enabled=false",
                        "--hub.sources.iso8583.port=" + port,
                        "--hub.sources.iso8583.tls.enabled=true",
                        "--hub.sources.iso8583.tls.keystore=file:" + keystore,
                        "--hub.sources.iso8583.tls.keystore-password=" + PASSWORD,
                        "--hub.masking.keystore.path=hub/target/test-keys.p12");
             SSLSocket socket = (SSLSocket) trusting(keystore).getSocketFactory().createSocket("localhost", port)) {
            ISOMsg signOn = new ISOMsg("0800");
            signOn.set(7, "1126101500");
            signOn.set(11, "000888");
            signOn.set(70, "301");
            signOn.setPackager(new org.jpos.iso.packager.ISO87APackager());
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(Iso8583TestClient.frame(signOn.pack()));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] answer = new byte[in.readUnsignedShort()];
            in.readFully(answer);
            ISOMsg reply = Iso8583TestClient.unpack(answer);

            assertThat(socket.getSession().getProtocol()).startsWith("TLSv1.");
            assertThat(reply.getMTI()).isEqualTo("0810");
            assertThat(reply.getString(39)).isEqualTo("00");
            assertThat(reply.getString(11)).isEqualTo("000888");
        }
    }

    private static SSLContext trusting(Path keystore) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            trusted.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
