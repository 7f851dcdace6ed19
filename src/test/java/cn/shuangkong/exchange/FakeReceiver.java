package cn.shuangkong.exchange;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A receiver for the uploader's tests: answers every record ACCEPTED unless told to reject some ids, or to fail the
 * next few batches with 503; keeps every batch it was sent.
 */
final class FakeReceiver implements AutoCloseable {

    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpServer server;
    final List<JsonNode> batches = new CopyOnWriteArrayList<>();
    final Set<String> reject = new HashSet<>();
    volatile int failNext;

    FakeReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/batches", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String answer;
            int status;
            if (failNext > 0) {
                failNext--;
                status = 503;
                answer = "{\"title\":\"Service Unavailable\",\"status\":503,\"detail\":\"维护中\"}";
            } else {
                JsonNode batch = json.readTree(body);
                batches.add(batch);
                ObjectNode out = json.createObjectNode().put("batchId", batch.path("batchId").asString());
                var results = out.putArray("results");
                for (JsonNode r : batch.path("records")) {
                    String id = r.path("data").path("id").asString();
                    var one = results.addObject().put("id", id).put("entity", r.path("entity").asString());
                    if (reject.contains(id)) {
                        one.put("status", "REJECTED").put("message", "接收方拒收");
                        one.putObject("errors").put("hazardDep", "「责任部门」（hazardDep）与本省组织机构不符");
                    } else {
                        one.put("status", "ACCEPTED");
                    }
                }
                status = 200;
                answer = json.writeValueAsString(out);
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every record received, in order, as (entity, data). */
    List<JsonNode> records() {
        List<JsonNode> all = new ArrayList<>();
        batches.forEach(b -> b.path("records").forEach(all::add));
        return all;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
