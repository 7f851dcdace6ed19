package cn.shuangkong.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.FluentWait;

/** Debian's headless Chromium, driven as a person would use the pages; saves screenshots under target/screenshots. */
public class Browser implements AutoCloseable {

    private static final Path SHOTS = Path.of("target", "screenshots");
    private final WebDriver driver;
    private final String base;

    public Browser(String base) {
        this.base = base;
        var options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--window-size=1366,900", "--lang=zh-CN");
        // A dialog left open must stay for the test to answer, not be dismissed by the next command.
        options.setUnhandledPromptBehaviour(org.openqa.selenium.UnexpectedAlertBehaviour.IGNORE);
        var service = new ChromeDriverService.Builder().usingDriverExecutable(new java.io.File("/usr/bin/chromedriver")).build();
        WebDriver chromium = new ChromeDriver(service, options);
        this.driver = new org.openqa.selenium.support.events.EventFiringDecorator<>(new WaitForNextPage(chromium))
                .decorate(chromium);
        driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(2));
    }

    /**
     * A person clicking a button that posts a form sees the next page before reading on; WebDriver returns from the
     * click at once, and a test reading straight after may get the old page, or one going stale under it. So every
     * click that starts leaving the page waits until the next page has replaced it; a click that stays (a toggle, an
     * htmx request, a confirm dialog still open) returns at once. Leaving is known from a form's {@code submit} event
     * that no script cancelled (it fires during the click itself, however loaded the machine) or from the page's
     * {@code beforeunload} (a link, a script navigating). Public because Selenium's decorator calls it by reflection.
     */
    public static final class WaitForNextPage implements org.openqa.selenium.support.events.WebDriverListener {
        private static final String WATCH = """
                window.__skLeaving = false;
                if (!window.__skWatching) {
                  window.__skWatching = true;
                  addEventListener('submit', function (e) { if (!e.defaultPrevented) window.__skLeaving = true; });
                  addEventListener('beforeunload', function () { window.__skLeaving = true; });
                }""";
        /** How soon a click that leaves the page shows it. */
        private static final Duration LEAVING_SHOWS = Duration.ofMillis(50);
        private final WebDriver chromium;
        private WebElement page;

        WaitForNextPage(WebDriver chromium) {
            this.chromium = chromium;
        }

        @Override
        public void beforeClick(WebElement element) {
            try {
                page = chromium.findElement(By.tagName("html"));
                ((org.openqa.selenium.JavascriptExecutor) chromium).executeScript(WATCH);
            } catch (org.openqa.selenium.WebDriverException ex) {
                page = null;
            }
        }

        @Override
        public void afterClick(WebElement element) {
            if (page == null || dialogOpen()) return; // the test answers the dialog and waits for what follows
            boolean leaving;
            try {
                // A click that leaves raises the flag at once or within a moment (a script navigating); one that stays
                // is known only by the flag not coming up within that moment, so this wait's end is not a failure.
                leaving = new FluentWait<>(chromium).withTimeout(LEAVING_SHOWS).pollingEvery(Duration.ofMillis(10))
                        .until(d -> (Boolean) ((org.openqa.selenium.JavascriptExecutor) d).executeScript("return window.__skLeaving === true"));
            } catch (org.openqa.selenium.TimeoutException stays) {
                leaving = false;
            } catch (org.openqa.selenium.UnhandledAlertException ex) {
                return;
            } catch (org.openqa.selenium.WebDriverException ex) {
                leaving = true; // the old page is already being torn down
            }
            if (!leaving) return;
            WebElement old = page;
            try {
                new org.openqa.selenium.support.ui.WebDriverWait(chromium, Duration.ofSeconds(15)).until(d -> {
                    try {
                        old.isEnabled();
                        return false;
                    } catch (org.openqa.selenium.UnhandledAlertException dialog) {
                        return true;
                    } catch (org.openqa.selenium.WebDriverException gone) {
                        return true;
                    }
                });
            } catch (org.openqa.selenium.TimeoutException stayed) {
                // a download or a cancelled navigation: the page stayed, and the test reads it as it is
            }
        }

        private boolean dialogOpen() {
            try {
                chromium.switchTo().alert();
                return true;
            } catch (org.openqa.selenium.NoAlertPresentException ex) {
                return false;
            } catch (org.openqa.selenium.WebDriverException ex) {
                return false;
            }
        }
    }

    public Browser open(String path) {
        driver.get(base + path);
        return this;
    }

    public Browser login(String username, String password) {
        driver.manage().deleteAllCookies();
        open("/login");
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        // Wait for the login round trip to finish, or the next open() would race the redirect to the home page.
        try {
            new org.openqa.selenium.support.ui.WebDriverWait(driver, Patience.CONDITION)
                    .until(d -> !d.findElements(By.cssSelector(".topbar, .alert.error")).isEmpty());
        } catch (org.openqa.selenium.TimeoutException e) {
            // Say where the browser was left: a login that never came back is otherwise only "condition failed".
            Path shot = screenshot("login-timeout-" + username);
            throw new AssertionError("signing in as " + username + " did not come back in " + Patience.CONDITION.toSeconds()
                    + " s; the browser is at " + driver.getCurrentUrl() + " (" + driver.getTitle() + "), screenshot " + shot, e);
        }
        return this;
    }

    public Browser loginAs(String username) {
        return login(username, "Demo@2026");
    }

    /** The browser's cookies as a Cookie header, to fetch a download (a PDF) with the same session. */
    public String cookieHeader() {
        return driver.manage().getCookies().stream().map(c -> c.getName() + "=" + c.getValue())
                .collect(java.util.stream.Collectors.joining("; "));
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public java.util.List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** The page's text; a body that goes stale under us (a form post still navigating) is read again once loaded. */
    public String text() {
        return patiently().ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> d.findElement(By.tagName("body")).getText());
    }

    /** Polls the page up to {@link Patience#CONDITION}, retrying only what the caller says it may ignore. */
    private FluentWait<WebDriver> patiently() {
        return new FluentWait<>(driver).withTimeout(Patience.CONDITION).pollingEvery(Duration.ofMillis(100));
    }

    /** Signs in and waits until the login page is gone. */
    public Browser signIn(String username) {
        loginAs(username);
        new org.openqa.selenium.support.ui.WebDriverWait(driver, Patience.CONDITION).until(d -> !path().equals("/login"));
        return this;
    }

    /**
     * Clicks a button that posts a form and waits until the page it was on has been replaced. Chromium reports the
     * old page either as stale or as a node that "does not belong to the document": both mean it is gone.
     */
    public Browser submit(String css) {
        WebElement page = find("html");
        find(css).click();
        new org.openqa.selenium.support.ui.WebDriverWait(driver, Patience.CONDITION).until(d -> {
            try {
                page.isEnabled();
                return false;
            } catch (org.openqa.selenium.WebDriverException gone) {
                return true;
            }
        });
        return this;
    }

    /**
     * The element's text once it satisfies {@code ok}, waiting up to {@link Patience#CONDITION}: after a click that posts a form the old page
     * may still be showing, or go stale under us while the new one loads. Returns the last text read either way, so
     * that the caller's assertion shows what the page said.
     */
    public String awaitText(String css, java.util.function.Predicate<String> ok) {
        String[] last = {null};
        try {
            return patiently().until(d -> {
                try {
                    var found = d.findElements(By.cssSelector(css));
                    if (found.isEmpty()) return null;
                    last[0] = found.get(0).getText();
                    return ok.test(last[0]) ? last[0] : null;
                } catch (org.openqa.selenium.StaleElementReferenceException ex) {
                    return null; // the page is being replaced; read again
                } catch (org.openqa.selenium.WebDriverException ex) {
                    // Chromium's other word for a page being replaced: "does not belong to the document"; read again
                    if (ex.getMessage() == null || !ex.getMessage().contains("does not belong to the document")) throw ex;
                    return null;
                }
            });
        } catch (org.openqa.selenium.TimeoutException ex) {
            return last[0];
        }
    }

    public String path() {
        return java.net.URI.create(driver.getCurrentUrl()).getPath();
    }

    public Browser phone() {
        driver.manage().window().setSize(new Dimension(390, 844));
        return this;
    }

    public Browser desktop() {
        driver.manage().window().setSize(new Dimension(1366, 900));
        return this;
    }

    /** How far the page is wider than the window, in CSS pixels: above 0, a person on a phone scrolls it sideways. */
    public long sideways() {
        return ((Number) ((org.openqa.selenium.JavascriptExecutor) driver)
                .executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth")).longValue();
    }

    public Path screenshot(String name) {
        try {
            Files.createDirectories(SHOTS);
            Path target = SHOTS.resolve(name + ".png");
            Path shot = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public WebDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
