package cn.shuangkong.bench;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * Benchmarks only: a gateway that speaks just enough MQTT 3.1.1 to publish QoS 1 messages — CONNECT, PUBLISH, and
 * counting PUBACKs — with at most {@code window} unacknowledged, as Paho does, but writing the messages it may send
 * in one flush and reading PUBACKs in bulk. It exists to take the load generator's own CPU out of the platform's two
 * cores: five Paho clients in the platform's JVM spent about as much CPU per message as the embedded broker itself
 * (docs/benchmarks.md, 传感器数据接入). A real gateway runs on its own hardware; the broker sees the same packets.
 */
final class LeanGateway implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final Semaphore window;
    private final Thread acks;
    private volatile IOException failed;
    private int packetId;

    LeanGateway(String url, String clientId, String username, char[] password, int window) throws IOException {
        var uri = URI.create(url);
        socket = new Socket(uri.getHost(), uri.getPort());
        socket.setTcpNoDelay(true);
        out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream(), 64 * 1024));
        var body = new ByteArrayOutputStream();
        string(body, "MQTT");
        body.write(4); // protocol level 3.1.1
        body.write(0x80 | 0x40 | 0x02); // user name, password, clean session
        body.write(0);
        body.write(60); // keep-alive seconds
        string(body, clientId);
        string(body, username);
        string(body, new String(password));
        frame(out, 0x10, body.toByteArray());
        out.flush();
        int type = in.readUnsignedByte(), length = in.readUnsignedByte();
        byte[] connack = new byte[length];
        in.readFully(connack);
        if (type != 0x20 || length != 2 || connack[1] != 0) throw new IOException("CONNACK refused: " + (connack.length > 1 ? connack[1] : -1));
        this.window = new Semaphore(window);
        acks = new Thread(this::readAcks, "lean-gateway-acks");
        acks.setDaemon(true);
        acks.start();
    }

    /** Publishes every {topic, payload} at QoS 1, never more than the window unacknowledged; returns when all are sent. */
    void publishAll(List<String[]> messages) throws IOException, InterruptedException {
        for (String[] m : messages) write(m[0], m[1]);
        out.flush();
    }

    /** One message at QoS 1, sent at once (a paced gateway: each reading leaves when it is read). */
    void publish(String topic, String payload) throws IOException, InterruptedException {
        write(topic, payload);
        out.flush();
    }

    private void write(String topic, String payload) throws IOException, InterruptedException {
        if (!window.tryAcquire()) {
            out.flush(); // what is written goes out before waiting for the acknowledgements that free the window
            window.acquire();
        }
        if (failed != null) throw failed;
        var body = new ByteArrayOutputStream(topic.length() + payload.length() + 8);
        string(body, topic);
        packetId = packetId % 65_535 + 1;
        body.write(packetId >> 8);
        body.write(packetId & 0xff);
        body.writeBytes(payload.getBytes(StandardCharsets.UTF_8));
        frame(out, 0x32, body.toByteArray()); // PUBLISH, QoS 1
    }

    private void readAcks() {
        try {
            while (true) {
                int type = in.readUnsignedByte(), length = in.readUnsignedByte();
                in.skipBytes(length);
                if (type == 0x40) window.release(); // PUBACK
            }
        } catch (IOException e) {
            if (!socket.isClosed()) failed = e;
            window.release(1000); // a waiting publisher sees the failure
        }
    }

    @Override
    public void close() throws IOException {
        out.write(new byte[] {(byte) 0xe0, 0}); // DISCONNECT
        out.flush();
        socket.close();
    }

    private static void string(ByteArrayOutputStream b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        b.write(bytes.length >> 8);
        b.write(bytes.length & 0xff);
        b.writeBytes(bytes);
    }

    private static void frame(OutputStream out, int header, byte[] body) throws IOException {
        out.write(header);
        int n = body.length;
        do { // MQTT's variable-length "remaining length"
            int digit = n % 128;
            n /= 128;
            out.write(n > 0 ? digit | 0x80 : digit);
        } while (n > 0);
        out.write(body);
    }
}
