package cn.shuangkong.shared;

import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.dialect.AbstractDialect;
import org.thymeleaf.dialect.IPostProcessorDialect;
import org.thymeleaf.engine.AbstractTemplateHandler;
import org.thymeleaf.model.ICloseElementTag;
import org.thymeleaf.model.IModelFactory;
import org.thymeleaf.model.IOpenElementTag;
import org.thymeleaf.model.IProcessableElementTag;
import org.thymeleaf.model.IStandaloneElementTag;
import org.thymeleaf.model.IText;
import org.thymeleaf.postprocessor.IPostProcessor;
import org.thymeleaf.postprocessor.PostProcessor;
import org.thymeleaf.templatemode.TemplateMode;

/**
 * Pages and documents in English: the rendered output of every template (pages, PDFs, mails) passes through the
 * {@link Translations} catalogue when the locale is English, so that templates keep one Chinese text and no template
 * needs a message key for each word. Data (names, titles, places) is not in the catalogue and stays as entered.
 */
@Configuration(proxyBeanMethods = false)
class EnglishPages {

    @Bean
    EnglishDialect englishDialect() {
        return new EnglishDialect();
    }

    static final class EnglishDialect extends AbstractDialect implements IPostProcessorDialect {
        EnglishDialect() {
            super("sk-english");
        }

        @Override
        public int getDialectPostProcessorPrecedence() {
            return 1000;
        }

        @Override
        public Set<IPostProcessor> getPostProcessors() {
            return Set.of(new PostProcessor(TemplateMode.HTML, Translator.class, 1000));
        }
    }

    /** Thymeleaf makes one per template run, through its public no-argument constructor. */
    public static final class Translator extends AbstractTemplateHandler {

        private static final Set<String> TEXT_ATTRIBUTES = Set.of("placeholder", "title", "alt", "aria-label", "data-confirm", "label",
                "data-label");
        private boolean english;
        private int rawDepth; // inside <script> or <style>: code, not words
        private IModelFactory factory;
        private Translations catalogue;

        @Override
        public void setContext(ITemplateContext context) {
            super.setContext(context);
            english = context.getLocale() != null && "en".equals(context.getLocale().getLanguage());
            factory = context.getModelFactory();
            if (english) catalogue = Translations.english();
        }

        @Override
        public void handleText(IText text) {
            if (!english || rawDepth > 0) {
                super.handleText(text);
                return;
            }
            String original = text.getText();
            String translated = catalogue.translate(original);
            super.handleText(translated == original ? text : factory.createText(escapeNew(original, translated)));
        }

        @Override
        public void handleOpenElement(IOpenElementTag tag) {
            if (isRaw(tag.getElementCompleteName())) rawDepth++;
            super.handleOpenElement(english ? attributes(tag) : tag);
        }

        @Override
        public void handleStandaloneElement(IStandaloneElementTag tag) {
            super.handleStandaloneElement(english ? attributes(tag) : tag);
        }

        @Override
        public void handleCloseElement(ICloseElementTag tag) {
            if (isRaw(tag.getElementCompleteName()) && rawDepth > 0) rawDepth--;
            super.handleCloseElement(tag);
        }

        private <T extends IProcessableElementTag> T attributes(T tag) {
            T result = tag;
            for (var attribute : tag.getAllAttributes()) {
                String name = attribute.getAttributeCompleteName();
                String value = attribute.getValue();
                boolean words = TEXT_ATTRIBUTES.contains(name)
                        || ("value".equals(name) && isButton(tag));
                if (!words || !Translations.hasChinese(value)) continue;
                String translated = catalogue.translate(value);
                if (translated != value) {
                    result = factory.replaceAttribute(result, attribute.getAttributeDefinition().getAttributeName(), name, translated);
                }
            }
            return result;
        }

        private static boolean isButton(IProcessableElementTag tag) {
            String type = tag.getAttributeValue("type");
            return "input".equals(tag.getElementCompleteName()) && ("submit".equals(type) || "button".equals(type) || "reset".equals(type));
        }

        private static boolean isRaw(String element) {
            return "script".equals(element) || "style".equals(element);
        }

        /** Rendered text is already HTML; only the catalogue's own words need escaping. */
        private static String escapeNew(String original, String translated) {
            if (translated.indexOf('<') < 0 && translated.indexOf('&') < 0 && translated.indexOf('>') < 0) return translated;
            return original.contains("&") || original.contains("<") ? translated
                    : translated.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        }
    }
}
