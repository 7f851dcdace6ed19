package cn.shuangkong.files;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

public class FileStoreTest extends PlatformTest {

    @org.springframework.beans.factory.annotation.Autowired
    FileStore files;

    public static byte[] png(int rgb) throws IOException {
        var image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 40; x++) for (int y = 0; y < 30; y++) image.setRGB(x, y, rgb + x * y);
        var out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @Test
    void a_photo_is_kept_with_its_sniffed_type_hash_uploader_and_is_readable_only_within_the_enterprise() throws IOException {
        byte[] photo = png(0x336699);
        Api chem = loggedIn("ent_chem");
        var uploaded = chem.upload("/api/v1/files", "file", "罐区.jpg", photo, Map.of("purpose", "PHOTO"));
        assertThat(uploaded.status()).isEqualTo(201);
        var meta = uploaded.json();
        assertThat(meta.get("contentType").asString()).isEqualTo("image/png"); // the bytes decide, not the name
        assertThat(meta.get("sha256").asString()).isEqualTo(FileStore.sha256(photo));
        assertThat(meta.get("uploadedBy").asString()).isEqualTo("ent_chem");
        long id = meta.get("id").asLong();

        var download = chem.get("/api/v1/files/" + id + "/content");
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.bytes()).isEqualTo(photo);
        assertThat(loggedIn("ent_mech").get("/api/v1/files/" + id + "/content").status()).isEqualTo(404);
        assertThat(loggedIn("gov_city").get("/api/v1/files/" + id).status()).isEqualTo(200);
    }

    @Test
    void a_file_of_no_enterprise_such_as_a_citizens_photo_is_for_the_regulators_of_its_place_only() throws IOException {
        var citizen = new cn.shuangkong.shared.Actor() {
            public String username() { return "public"; }
            public String displayName() { return "举报人"; }
            public cn.shuangkong.shared.Jurisdiction jurisdiction() { return cn.shuangkong.shared.Jurisdiction.none(); }
            public Long enterpriseId() { return null; }
            public Long serviceOrgId() { return null; }
            public Long employeeId() { return null; }
            public boolean can(String permission) { return false; }
        };
        long id = files.storeInRegion(citizen, "321282100", FileKind.Purpose.PHOTO, "举报.png", png(0x884422)).id(); // reported in 新桥镇
        assertThat(loggedIn("gov_town").get("/api/v1/files/" + id).status()).isEqualTo(200);
        assertThat(loggedIn("ent_mech").get("/api/v1/files/" + id).status()).as("an enterprise guessing ids").isEqualTo(404);
        assertThat(loggedIn("service_org").get("/api/v1/files/" + id + "/content").status()).isEqualTo(404);
    }

    @Test
    void a_text_file_disguised_as_a_photo_is_refused_and_nothing_is_stored() {
        long before = jdbc.sql("select count(*) from stored_file").query(Long.class).single();
        var response = loggedIn("ent_chem").upload("/api/v1/files", "file", "现场.png",
                "<script>alert(1)</script>".getBytes(), Map.of("purpose", "PHOTO"));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asString()).contains("照片只接受");
        assertThat(jdbc.sql("select count(*) from stored_file").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void an_oversized_upload_is_refused_with_413() {
        byte[] big = new byte[11 * 1024 * 1024];
        big[0] = (byte) 0x89; // looks like a PNG, but is too big to be taken at all
        var response = loggedIn("ent_chem").upload("/api/v1/files", "file", "big.png", big, Map.of("purpose", "PHOTO"));
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().get("detail").asString()).contains("大小限制");
    }
}
