package io.paymenthub.hub.iso8583;

import io.micrometer.core.instrument.MeterRegistry;
import io.paymenthub.hub.config.HubProperties;
import io.paymenthub.hub.metrics.HubMeters;
import io.paymenthub.hub.support.HubIntegrationTest;
import io.paymenthub.hub.support.Iso8583TestClient;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.packager.ISO87APackager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code hub.sources.iso8583.max-connections-per-address} on the live listener with real sockets: one address opening
 * more than its share has the extra connection closed at once, logged and counted, while another address is still
 * served, and the address is served again once one of its connections closes.
 */
class ConnectionsPerAddressIT extends HubIntegrationTest {

    private static final InetAddress FLOODING = InetAddress.getLoopbackAddress();   // 127.0.0.1
    private static final String OTHER = "127.0.0.2";                                 // loopback too, another address
    private static final Duration AT_ONCE = Duration.ofSeconds(10);

    @Autowired
    HubProperties properties;
    @Autowired
    MeterRegistry meters;

    private final List<Socket> held = new ArrayList<>();

    @AfterEach
    void closeHeldConnections() throws IOException {
        for (Socket socket : held) {
            socket.close();
        }
    }

    @Test
    void aConnectionBeyondTheLimitFromOneAddressIsClosedAtOnceWhileOthersAreServed() throws Exception {
        int limit = properties.sources().iso8583().maxConnectionsPerAddress();
        assertThat(limit).as("per-address limit under the overall one").isLessThan(properties.sources().iso8583().maxConnections());
        // connections of earlier tests may still be closing on the hub's side
        await().atMost(AT_ONCE).until(() -> openConnections() == 0);
        double refusedBefore = refusedPerAddress();

        for (int i = 0; i < limit; i++) {
            Socket socket = connect(null);
            held.add(socket);
            assertThat(echo(socket, i)).as("connection %s of %s from one address is served", i + 1, limit).isTrue();
        }
        try (Socket beyond = connect(null)) {
            assertThat(closedByHub(beyond)).as("connection %s from the same address", limit + 1).isTrue();
        }
        assertThat(refusedPerAddress()).isEqualTo(refusedBefore + 1);

        try (Socket other = connect(OTHER)) {
            assertThat(echo(other, 900)).as("a connection from another address").isTrue();
        }

        held.remove(0).close();
        await().atMost(AT_ONCE).untilAsserted(() -> {
            Socket again = connect(null);
            held.add(again);
            assertThat(echo(again, 901)).as("a connection once one of the address's has closed").isTrue();
        });
    }

    private Socket connect(String localAddress) throws IOException {
        Socket socket = new Socket();
        if (localAddress != null) {
            socket.bind(new InetSocketAddress(localAddress, 0));
        }
        socket.connect(new InetSocketAddress(FLOODING, ISO8583_PORT), (int) AT_ONCE.toMillis());
        socket.setSoTimeout((int) AT_ONCE.toMillis());
        return socket;
    }

    /** A network echo (0800) answered 0810 on this connection; false when the hub closed it instead. */
    private static boolean echo(Socket socket, int stan) throws Exception {
        ISOMsg echo = new ISOMsg("0800");
        echo.setPackager(new ISO87APackager());
        echo.set(7, "1126101500");
        echo.set(11, String.format("%06d", stan));
        echo.set(70, "301");
        try {
            socket.getOutputStream().write(Iso8583TestClient.frame(echo.pack()));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] answer = new byte[in.readUnsignedShort()];
            in.readFully(answer);
            return Iso8583TestClient.unpack(answer).getMTI().equals("0810");
        } catch (EOFException | SocketException closed) {
            return false;
        }
    }

    /** The hub closed the connection without a byte; a timeout would mean it was kept open. */
    private static boolean closedByHub(Socket socket) throws IOException {
        try {
            return socket.getInputStream().read() == -1;
        } catch (SocketException reset) {
            return true;
        }
    }

    private double openConnections() {
        return meters.get(HubMeters.ISO8583_CONNECTIONS_OPEN).gauge().value();
    }

    private double refusedPerAddress() {
        return meters.get(HubMeters.ISO8583_CONNECTIONS_REFUSED).tag("limit", "max-connections-per-address").counter().count();
    }
}
