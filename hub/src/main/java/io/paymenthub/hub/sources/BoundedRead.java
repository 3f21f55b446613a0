package io.paymenthub.hub.sources;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a body up to one byte past a limit, so a caller tells a body at the limit from a longer one. */
public final class BoundedRead {

    private static final int BUFFER = 64 * 1024;

    private BoundedRead() {
    }

    /**
     * At most {@code limit + 1} bytes of {@code in}. Never asks for zero bytes: InputStream.readNBytes does once it has
     * all it wants, and a servlet stream then waits for the client, which may send nothing more.
     */
    public static byte[] atMostOnePast(InputStream in, int limit) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream(Math.min(BUFFER, limit + 1));
        byte[] buffer = new byte[BUFFER];
        long wanted = limit + 1L;
        while (read.size() < wanted) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, wanted - read.size()));
            if (n < 0) {
                break;
            }
            read.write(buffer, 0, n);
        }
        return read.toByteArray();
    }
}
