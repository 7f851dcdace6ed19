package cn.shuangkong.shared;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.files.Pictures;
import cn.shuangkong.support.Api;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * A photo is evidence: an upload that only starts like a picture — the PNG signature and then zeros, a JPEG cut off
 * halfway, JPEG bytes behind a PNG signature, a header promising 400 megapixels — is refused with a Chinese 400 at
 * every door a picture comes in (the file store, hazard photos, the public report form), and nothing of it is kept.
 */
class BrokenPicturesTest extends HostileInputTest {

    @Test
    void the_file_store_takes_a_real_photo_by_its_bytes_and_refuses_what_only_looks_like_one() throws IOException {
        Api chem = loggedIn("ent_chem");
        byte[] photo = jpeg(1600, 1200);

        var named = chem.upload("/api/v1/files", "file", "罐区.png", photo, Map.of("purpose", "PHOTO"));
        assertThat(named.status()).as(named.body()).isEqualTo(201);
        assertThat(named.json().get("contentType").asString()).as("a JPEG named .png is a JPEG").isEqualTo("image/jpeg");

        Map<String, byte[]> broken = new LinkedHashMap<>();
        byte[] zeros = new byte[6 * 1024 * 1024];
        System.arraycopy(HostileInput.PNG, 0, zeros, 0, 8);
        broken.put("PNG 签名之后全是 0.png", zeros);
        broken.put("截断.jpg", Arrays.copyOf(photo, photo.length / 2));
        broken.put("PNG 签名接 JPEG.png", concat(Arrays.copyOf(HostileInput.PNG, 8), photo));
        broken.put("四亿像素.png", pngClaiming(20_000, 20_000));
        for (var upload : broken.entrySet()) {
            long files = count("select count(*) from stored_file"), audits = count("select count(*) from audit_record where entity_type = 'file'");
            var r = chem.upload("/api/v1/files", "file", upload.getKey(), upload.getValue(), Map.of("purpose", "PHOTO"));
            assertThat(r.status()).as(upload.getKey() + " " + r.body()).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().get("detail").asString()).as(upload.getKey()).contains(Pictures.BROKEN);
            assertThat(count("select count(*) from stored_file")).as(upload.getKey() + ": nothing stored").isEqualTo(files);
            assertThat(count("select count(*) from audit_record where entity_type = 'file'")).as(upload.getKey() + ": nothing audited").isEqualTo(audits);
        }
    }

    /**
     * WebP is decoded too (ADR 0057): a real lossy and a real lossless one are taken; one whose container is sound but
     * whose bitstream was cut in half (the chunk sizes mended to match) is refused — the container check alone let it in.
     */
    @Test
    void a_webp_photo_is_decoded_so_a_sound_container_around_a_cut_bitstream_is_refused() throws IOException {
        Api chem = loggedIn("ent_chem");
        for (String name : List.of("photo-lossy.webp", "photo-lossless.webp")) {
            var r = chem.upload("/api/v1/files", "file", name, resource(name), Map.of("purpose", "PHOTO"));
            assertThat(r.status()).as(name + " " + r.body()).isEqualTo(201);
            assertThat(r.json().get("contentType").asString()).isEqualTo("image/webp");
        }
        long files = count("select count(*) from stored_file");
        var cut = chem.upload("/api/v1/files", "file", "整改后.webp", resource("photo-lossy-cut.webp"), Map.of("purpose", "PHOTO"));
        assertThat(cut.status()).as(cut.body()).isEqualTo(400);
        assertThat(cut.json().get("detail").asString()).contains(Pictures.BROKEN);
        assertThat(count("select count(*) from stored_file")).as("nothing stored").isEqualTo(files);

        var created = chem.post("/api/v1/hazards", Api.json(Map.of("source", "SELF_CHECK", "type", "UNSAFE_CONDITION",
                "title", "WebP 照片检验 " + UUID.randomUUID().toString().substring(0, 8), "description", "护栏缺失", "location", "装卸区")));
        long id = created.json().get("id").asLong();
        var refused = chem.upload("/api/v1/hazards/" + id + "/photos", "file", "整改前.webp", resource("photo-lossy-cut.webp"),
                Map.of("stage", "BEFORE"));
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(count("select count(*) from hazard_photo where hazard_id = " + id)).isZero();
        var taken = chem.upload("/api/v1/hazards/" + id + "/photos", "file", "整改前.webp", resource("photo-lossless.webp"),
                Map.of("stage", "BEFORE"));
        assertThat(taken.status()).as(taken.body()).isEqualTo(200);
    }

    private static byte[] resource(String name) throws IOException {
        try (var in = BrokenPicturesTest.class.getResourceAsStream("/pictures/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void a_hazard_photo_that_does_not_decode_is_refused_and_the_hazard_keeps_none() throws IOException {
        Api chem = loggedIn("ent_chem");
        var created = chem.post("/api/v1/hazards", Api.json(Map.of("source", "SELF_CHECK", "type", "UNSAFE_CONDITION",
                "title", "照片检验 " + UUID.randomUUID().toString().substring(0, 8), "description", "阀门渗漏", "location", "罐区")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        byte[] photo = jpeg(800, 600);

        var truncated = chem.upload("/api/v1/hazards/" + id + "/photos", "file", "整改前.jpg", Arrays.copyOf(photo, photo.length - 2000),
                Map.of("stage", "BEFORE"));
        assertThat(truncated.status()).as(truncated.body()).isEqualTo(400);
        assertThat(truncated.json().get("detail").asString()).contains(Pictures.BROKEN);
        var bomb = chem.upload("/api/v1/hazards/" + id + "/photos", "file", "整改前.png", pngClaiming(20_000, 20_000), Map.of("stage", "BEFORE"));
        assertThat(bomb.status()).as(bomb.body()).isEqualTo(400);
        assertThat(count("select count(*) from hazard_photo where hazard_id = " + id)).isZero();

        var real = chem.upload("/api/v1/hazards/" + id + "/photos", "file", "整改前.png", photo, Map.of("stage", "BEFORE"));
        assertThat(real.status()).as(real.body()).isEqualTo(200);
        assertThat(jdbc.sql("select content_type from hazard_photo where hazard_id = :h").param("h", id).query(String.class).single())
                .isEqualTo("image/jpeg");
    }

    @Test
    void a_citizen_whose_photo_is_broken_is_told_in_chinese_on_the_form_and_no_report_is_filed() throws IOException {
        String csrf = HostileInput.csrf(web.send("GET", "/public/report", Map.of(), null).body());
        String content = "河边有人倾倒不明液体 " + UUID.randomUUID();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("_csrf", csrf);
        fields.put("content", content);
        fields.put("location", "新桥镇滨河路 9 号");
        fields.put("regionCode", "321282100");
        byte[] photo = jpeg(640, 480);
        var a = web.send("POST", "/public/report", Map.of("Content-Type", "multipart/form-data; boundary=----skbroken",
                        "X-Forwarded-For", "10.78." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250)),
                HostileInput.multipart("----skbroken", fields, "photos", "现场.jpg", Arrays.copyOf(photo, photo.length / 3)));

        assertThat(a.body()).contains("照片「现场.jpg」无法接收").contains(Pictures.BROKEN).contains(content);
        assertThat(a.isChinesePage()).as(a.body()).isTrue();
        assertThat(count("select count(*) from public_report where content = '" + content + "'")).isZero();
    }

    @Test
    void a_snapshot_with_a_broken_photo_stays_on_its_form_with_the_chinese_reason_and_files_no_hazard() throws IOException {
        String csrf = web.signIn("ent_chem");
        String title = "随手拍照片检验 " + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("_csrf", csrf);
        fields.put("type", "UNSAFE_CONDITION");
        fields.put("title", title);
        fields.put("location", "罐区东侧");
        fields.put("clientKey", UUID.randomUUID().toString());
        var a = web.send("POST", "/hazards/snap", Map.of("Content-Type", "multipart/form-data; boundary=----sksnap"),
                HostileInput.multipart("----sksnap", fields, "photo", "现场.png", pngClaiming(20_000, 20_000)));

        assertThat(a.isChinesePage()).as(a.body()).isTrue();
        assertThat(a.body()).contains(Pictures.BROKEN).contains(title);
        assertThat(count("select count(*) from hazard where title = '" + title + "'")).isZero();
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    /** A photo-like JPEG: a gradient and random blocks (no text: fonts are slow to load), so that it compresses as a picture does. */
    static byte[] jpeg(int width, int height) throws IOException {
        var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(0x2a4d69), width, height, new Color(0xe0c9a6)));
        g.fillRect(0, 0, width, height);
        var random = new java.util.Random();
        for (int i = 0; i < 40; i++) {
            g.setColor(new Color(random.nextInt(0xFFFFFF)));
            g.fillRect(random.nextInt(width), random.nextInt(height), width / 10, height / 10);
        }
        g.dispose();
        var out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", out);
        return out.toByteArray();
    }

    /** A well-formed PNG (right chunks, right CRCs) whose header claims {@code width}×{@code height} grey pixels. */
    static byte[] pngClaiming(int width, int height) {
        var deflater = new Deflater();
        deflater.setInput(new byte[width + 1]); // one row of zeros: the rest of the promised picture is missing
        deflater.finish();
        byte[] idat = new byte[width + 64];
        idat = Arrays.copyOf(idat, deflater.deflate(idat));
        byte[] header = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0).array();
        return concat(Arrays.copyOf(HostileInput.PNG, 8), chunk("IHDR", header), chunk("IDAT", idat), chunk("IEND", new byte[0]));
    }

    private static byte[] chunk(String type, byte[] data) {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        var crc = new CRC32();
        crc.update(name);
        crc.update(data);
        return ByteBuffer.allocate(12 + data.length).putInt(data.length).put(name).put(data).putInt((int) crc.getValue()).array();
    }

    private static byte[] concat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}
