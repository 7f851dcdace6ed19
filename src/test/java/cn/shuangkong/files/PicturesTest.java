package cn.shuangkong.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * WebP is held to its RIFF structure and frame header, then decoded (the other formats: BrokenPicturesTest). The real
 * files under {@code src/test/resources/pictures} were written by libwebp's {@code cwebp} 1.2.4 from a generated
 * 320×240 picture ({@code -q 80}, {@code -lossless}) and a 64×48 one with half its alpha at 96 (a VP8X file).
 */
class PicturesTest {

    @Test
    void real_webp_files_lossy_lossless_and_extended_decode() throws IOException {
        for (String name : List.of("photo-lossy.webp", "photo-lossless.webp", "alpha-extended.webp")) {
            assertThat(Pictures.decodes(FileKind.WEBP, webp(name))).as(name).isTrue();
        }
    }

    @Test
    void a_webp_whose_container_is_sound_but_whose_bitstream_is_not_is_refused() throws IOException {
        for (String name : List.of("photo-lossy.webp", "photo-lossless.webp")) {
            byte[] frame = frameOf(webp(name));
            byte[] cut = Arrays.copyOf(frame, frame.length / 2);
            assertThat(Pictures.WebP.wellFormed(rewrap(webp(name), cut))).as(name + " cut: the container alone passes").isTrue();
            assertThat(Pictures.decodes(FileKind.WEBP, rewrap(webp(name), cut))).as(name + " cut in half, sizes mended").isFalse();
        }
        byte[] lossless = frameOf(webp("photo-lossless.webp"));
        var random = new Random(1);
        for (int i = lossless.length / 3; i < lossless.length; i++) lossless[i] = (byte) random.nextInt(256);
        byte[] garbled = rewrap(webp("photo-lossless.webp"), lossless);
        assertThat(Pictures.WebP.wellFormed(garbled)).isTrue();
        assertThat(Pictures.decodes(FileKind.WEBP, garbled)).as("lossless, its last two thirds random").isFalse();
    }

    @Test
    void a_webp_must_fill_its_riff_container_and_stay_within_the_pixel_bound() throws IOException {
        byte[] webp = losslessWebP(1024, 768);
        assertThat(Pictures.WebP.wellFormed(webp)).as("the container (its bitstream is left out: it does not decode)").isTrue();
        assertThat(Pictures.decodes(FileKind.WEBP, webp)).isFalse();
        assertThat(Pictures.WebP.wellFormed(Arrays.copyOf(webp, webp.length - 3))).as("cut off").isFalse();
        assertThat(Pictures.WebP.wellFormed(Arrays.copyOf(webp, webp.length + 4096))).as("zeros after it").isFalse();
        assertThat(Pictures.WebP.wellFormed(losslessWebP(16384, 16384))).as("268 megapixels").isFalse();
        byte[] real = webp("photo-lossy.webp");
        assertThat(Pictures.decodes(FileKind.WEBP, Arrays.copyOf(real, real.length + 4096))).as("a real one, zeros after it").isFalse();
    }

    static byte[] webp(String name) throws IOException {
        try (var in = PicturesTest.class.getResourceAsStream("/pictures/" + name)) {
            return in.readAllBytes();
        }
    }

    /** The payload of a simple WebP's one frame chunk (after "RIFF", size, "WEBP", the chunk's name and size). */
    private static byte[] frameOf(byte[] webp) {
        int size = (webp[16] & 0xFF) | (webp[17] & 0xFF) << 8 | (webp[18] & 0xFF) << 16 | (webp[19] & 0xFF) << 24;
        return Arrays.copyOfRange(webp, 20, 20 + size);
    }

    /** {@code frame} in a container of the same chunk name, every size written to match: only the bitstream is wrong. */
    static byte[] rewrap(byte[] webp, byte[] frame) {
        var out = new ByteArrayOutputStream();
        out.writeBytes("RIFF".getBytes());
        out.writeBytes(le32(4 + 8 + frame.length + (frame.length & 1)));
        out.writeBytes("WEBP".getBytes());
        out.write(webp, 12, 4);
        out.writeBytes(le32(frame.length));
        out.writeBytes(frame);
        if ((frame.length & 1) == 1) out.write(0);
        return out.toByteArray();
    }

    /** The container and the VP8L header of a lossless WebP of {@code width}×{@code height} (its bitstream left out). */
    private static byte[] losslessWebP(int width, int height) {
        int bits = (width - 1) | (height - 1) << 14;
        byte[] frame = {0x2F, (byte) bits, (byte) (bits >> 8), (byte) (bits >> 16), (byte) (bits >> 24), 0};
        var out = new ByteArrayOutputStream();
        out.writeBytes("RIFF".getBytes());
        out.writeBytes(le32(4 + 8 + frame.length));
        out.writeBytes("WEBPVP8L".getBytes());
        out.writeBytes(le32(frame.length));
        out.writeBytes(frame);
        return out.toByteArray();
    }

    private static byte[] le32(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }
}
