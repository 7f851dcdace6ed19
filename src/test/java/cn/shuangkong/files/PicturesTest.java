package cn.shuangkong.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** WebP, which the JDK cannot decode, is held to its RIFF structure and frame header (the other formats: BrokenPicturesTest). */
class PicturesTest {

    @Test
    void a_webp_must_fill_its_riff_container_and_stay_within_the_pixel_bound() {
        byte[] webp = losslessWebP(1024, 768);
        assertThat(Pictures.decodes(FileKind.WEBP, webp)).isTrue();
        assertThat(Pictures.decodes(FileKind.WEBP, Arrays.copyOf(webp, webp.length - 3))).as("cut off").isFalse();
        assertThat(Pictures.decodes(FileKind.WEBP, Arrays.copyOf(webp, webp.length + 4096))).as("zeros after it").isFalse();
        assertThat(Pictures.decodes(FileKind.WEBP, losslessWebP(16384, 16384))).as("268 megapixels").isFalse();
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
