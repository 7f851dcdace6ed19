package cn.shuangkong.shared;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.qrcode.QRCodeWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Map;

/** QR codes as PNG data URIs, for pages and PDFs alike (the 告知卡's link, an authenticator app's enrolment). */
public final class QrCodes {

    private QrCodes() { }

    /** {@code text} as a QR code of {@code size}×{@code size} pixels with a one-module margin. */
    public static String dataUri(String text, int size) {
        try {
            var matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, size, size, Map.of(EncodeHintType.MARGIN, 1));
            var png = new ByteArrayOutputStream();
            MatrixToImageWriter.writeToStream(matrix, "PNG", png);
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray());
        } catch (WriterException | IOException ex) {
            throw new IllegalStateException("二维码生成失败", ex);
        }
    }
}
