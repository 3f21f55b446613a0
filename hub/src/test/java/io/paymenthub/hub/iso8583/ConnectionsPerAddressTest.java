package io.paymenthub.hub.iso8583;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionsPerAddressTest {

    private final ConnectionsPerAddress connections = new ConnectionsPerAddress();

    @Test
    void countsEachAddressApartAndForgetsAnAddressWithNoneOpen() throws Exception {
        InetAddress first = InetAddress.getByName("192.0.2.1");
        InetAddress second = InetAddress.getByName("192.0.2.2");

        assertThat(connections.opened(first)).isEqualTo(1);
        assertThat(connections.opened(first)).isEqualTo(2);
        assertThat(connections.opened(second)).isEqualTo(1);
        connections.closed(first);

        assertThat(connections.openFrom(first)).isEqualTo(1);
        assertThat(connections.openFrom(second)).isEqualTo(1);
        connections.closed(first);
        connections.closed(second);
        assertThat(connections.addresses()).isZero();
    }

    @Test
    void aCloseWithoutAnOpenLeavesNoNegativeCount() throws Exception {
        InetAddress address = InetAddress.getByName("192.0.2.3");
        connections.closed(address);
        assertThat(connections.openFrom(address)).isZero();
        assertThat(connections.opened(address)).isEqualTo(1);
    }
}
