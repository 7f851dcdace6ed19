package cn.shuangkong.shared;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.ByteArrayHttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.ResourceHttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.multipart.support.StandardServletMultipartResolver;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Text a client sent is decoded strictly, or refused: a record is evidence, and decoding with replacement characters
 * (what a Reader does) or Jackson's leniency (it reads an over-long or out-of-range UTF-8 sequence as some other
 * character) would store something the client never sent. Checked once, where bodies are read: every {@code @RequestBody}
 * that is decoded as text (JSON, plain text) and every text field of a multipart form. Form posts need nothing here:
 * Tomcat already refuses a percent-encoded field that is not UTF-8 ({@link RequestFaults}). {@link RequestFaults}
 * answers a refusal as a 400 with {@link #REFUSED}.
 */
@ControllerAdvice
class Utf8Bodies extends RequestBodyAdviceAdapter {

    static final String REFUSED = "请求内容不是有效的 UTF-8 编码（或与声明的字符集不符），未保存";

    /** The bytes are not text in the declared charset; an IOException, so that every reader passes it on as its cause. */
    static final class Malformed extends java.io.CharConversionException {
        Malformed(Charset charset) {
            super("malformed " + charset.name());
        }
    }

    @Override
    public boolean supports(MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
        return !ByteArrayHttpMessageConverter.class.isAssignableFrom(converterType) && !ResourceHttpMessageConverter.class.isAssignableFrom(converterType);
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage message, MethodParameter parameter, Type targetType,
                                           Class<? extends HttpMessageConverter<?>> converterType) {
        Charset charset = charsetOf(message.getHeaders().getContentType());
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() throws IOException {
                return new Checked(message.getBody(), charset);
            }

            @Override
            public HttpHeaders getHeaders() {
                return message.getHeaders();
            }
        };
    }

    /** The declared charset, else UTF-8: what JSON (RFC 8259) and the platform's forms are written in. */
    private static Charset charsetOf(MediaType type) {
        return type != null && type.getCharset() != null ? type.getCharset() : StandardCharsets.UTF_8;
    }

    /** Passes the bytes through unchanged while decoding them strictly on the side; fails the read at the first fault. */
    static final class Checked extends FilterInputStream {
        private final CharsetDecoder decoder;
        private final Charset charset;
        private final CharBuffer scratch = CharBuffer.allocate(1024);
        private ByteBuffer pending = ByteBuffer.allocate(0); // the start of a sequence cut by the end of a read
        private boolean ended;

        Checked(InputStream in, Charset charset) {
            super(in);
            this.charset = charset;
            this.decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                decode(ByteBuffer.allocate(pending.remaining() + n).put(pending).put(b, off, n).flip(), false);
            } else if (n < 0 && !ended) {
                ended = true;
                decode(pending, true);
                scratch.clear();
                if (decoder.flush(scratch).isError()) throw new Malformed(charset);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            return read(new byte[(int) Math.min(n, 8192)]); // skipped bytes are checked too
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private void decode(ByteBuffer bytes, boolean last) throws Malformed {
            while (true) {
                scratch.clear();
                var result = decoder.decode(bytes, scratch, last);
                if (result.isError()) throw new Malformed(charset);
                if (result.isUnderflow()) break;
            }
            pending = bytes.slice();
        }
    }

    /**
     * Boot's multipart resolver, and then each text field decoded strictly: the container has already made strings of
     * them with replacement characters.
     */
    static final class Multipart extends StandardServletMultipartResolver {
        @Override
        public MultipartHttpServletRequest resolveMultipart(HttpServletRequest request) throws MultipartException {
            var resolved = super.resolveMultipart(request);
            try {
                for (Part part : request.getParts()) {
                    if (part.getSubmittedFileName() != null) continue;
                    MediaType type = part.getContentType() == null ? null : MediaType.parseMediaType(part.getContentType());
                    if (type != null && !isText(type)) continue; // a part declared binary (a @RequestPart of bytes) is no text field
                    Charset charset = charsetOf(type);
                    try (var in = new Checked(part.getInputStream(), charset)) {
                        in.transferTo(java.io.OutputStream.nullOutputStream());
                    }
                }
            } catch (Malformed e) {
                throw new MultipartException("a text field is not " + e.getMessage(), e);
            } catch (IOException | jakarta.servlet.ServletException | org.springframework.http.InvalidMediaTypeException e) {
                // the parts could not be read again: the resolver above has already judged them, leave it at that
            }
            return resolved;
        }

        private static boolean isText(MediaType type) {
            return "text".equals(type.getType()) || type.getSubtype().equals("json") || type.getSubtype().endsWith("+json")
                    || type.isCompatibleWith(MediaType.APPLICATION_FORM_URLENCODED);
        }
    }
}
