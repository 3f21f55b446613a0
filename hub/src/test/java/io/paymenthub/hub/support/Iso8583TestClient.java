package io.paymenthub.hub.support;

import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.channel.PostChannel;
import org.jpos.iso.packager.ISO87APackager;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Optional;

/**
 * A bank's side of the ISO 8583 socket. Well-formed traffic goes through jPOS's PostChannel (2-byte length,
 * no header) with ISO87APackager, an independent implementation; raw frames test what jPOS would never send.
 */
public final class Iso8583TestClient {

    private Iso8583TestClient() {
    }

    public static PostChannel connect(int port) throws IOException {
        PostChannel channel = new PostChannel("localhost", port, new ISO87APackager());
        channel.setTimeout(30_000);
        channel.connect();
        return channel;
    }

    public static ISOMsg unpack(byte[] wire) {
        try {
            ISOMsg message = new ISOMsg();
            message.setPackager(new ISO87APackager());
            message.unpack(wire);
            return message;
        } catch (ISOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes raw bytes (length header included) and reads one framed answer.
     * Empty when the hub closed the connection instead of answering.
     */
    public static Optional<byte[]> sendRaw(int port, byte[] bytes) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(15_000);
            new DataOutputStream(socket.getOutputStream()).write(bytes);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            try {
                byte[] answer = new byte[in.readUnsignedShort()];
                in.readFully(answer);
                return Optional.of(answer);
            } catch (EOFException | java.net.SocketException closed) {
                return Optional.empty();
            } catch (SocketTimeoutException silent) {
                throw new AssertionError("the hub neither answered nor closed the connection");
            }
        }
    }

    /** A frame as PostChannel sends it: 2-byte big-endian length, then the message. */
    public static byte[] frame(byte[] message) {
        byte[] framed = new byte[message.length + 2];
        framed[0] = (byte) (message.length >> 8);
        framed[1] = (byte) message.length;
        System.arraycopy(message, 0, framed, 2, message.length);
        return framed;
    }
}
